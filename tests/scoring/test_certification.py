import pytest

from models import Certification
from scoring.certification import parse_level, recognise, recognise_all
from tests.scoring.builders import packet, ref


@pytest.mark.parametrize("text, level", [
    ("智能制造能力成熟度二级", 2), ("智能制造能力成熟度 2级", 2), ("智能制造能力成熟度 Level 3", 3),
    ("CMMM L4", 4), ("数字化转型成熟度三星", 3), ("数字化转型成熟度 3星级", 3), ("数字化转型成熟度★★★★", 4),
    ("DCMM 三级（稳健级）", 3), ("ＤＣＭＭ ２级", 2), ("GB/T 39116-2020 智能制造能力成熟度", None),
])
def test_parse_level(text, level):
    assert parse_level(text) == level


@pytest.mark.parametrize("text, kind", [
    ("智能制造能力成熟度二级", "smart_manufacturing_maturity"),
    ("智能制造成熟度贯标三级", "smart_manufacturing_maturity"),
    ("数字化转型成熟度三星", "digital_transformation_maturity"),
    ("通过两化融合管理体系贯标", "two_integration"),
    ("DCMM三级", "dcmm"),
    ("数据管理能力成熟度评估 四级", "dcmm"),
    ("北京市智能工厂", "beijing_smart_factory"),
    ("北京市数字化车间", "beijing_digital_workshop"),
    ("工业和信息化部智能制造示范工厂", "miit_demo_factory"),
    ("5G全连接工厂", "miit_5g_factory"),
    ("工业和信息化部5G全链接工厂", "miit_5g_factory"),
])
def test_qualifying_certifications(text, kind):
    m = recognise(text)
    assert m is not None and m.kind == kind and m.qualifies, m


@pytest.mark.parametrize("text", [
    "智能制造能力成熟度一级",  # below level 2
    "数字化转型成熟度二星",  # below 3 stars
    "DCMM 2级",  # below level 3
    "数据管理能力成熟度二级",
    "智能制造能力成熟度",  # no level stated
    "两化融合管理体系贯标申请中",  # not passed
    "未通过两化融合评定",
])
def test_below_the_bar_or_not_obtained(text):
    m = recognise(text)
    assert m is not None and not m.qualifies


def test_unrelated_text_is_not_a_certification():
    assert recognise("ISO 9001 质量管理体系") is None
    assert recognise("智能工厂") is None  # not the Beijing designation


def test_records_and_manifest_are_both_read_and_record_level_used():
    facts = packet(
        manifest={"certifications": ["ISO9001", "DCMM 二级"]},
        certifications=[Certification(name="智能制造能力成熟度评估证书", level=3, ref=ref("证书.pdf", 1, sheet=None))],
    )
    found = recognise_all(facts)
    assert [(m.kind, m.qualifies) for m in found] == [("dcmm", False), ("smart_manufacturing_maturity", True)]
    assert found[1].evidence[0].file == "证书.pdf"
