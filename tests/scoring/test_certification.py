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


ENTERPRISE = "北京精工智造科技有限公司"


def _certificate(holder: str, level: int = 3, conf: float | None = 70.0, uncertain: bool = False, kind_name="智能制造能力成熟度"):
    return Certification(name=kind_name, level=level, holder=holder, min_confidence=conf, level_uncertain=uncertain,
                         ref=ref("证书.png", 1, sheet=None))


def _judge(c: Certification):
    facts = packet(manifest={"enterprise_name": ENTERPRISE}, certifications=[c])
    (m,) = recognise_all(facts)
    return m


def test_another_companys_certificate_does_not_grant_the_route():
    m = _judge(_certificate("北京精工机械科技有限公司"))
    assert not m.qualifies and "不是本企业" in m.reason


def test_a_typed_holder_one_character_off_is_another_company_but_an_ocr_one_is_a_misread():
    assert not _judge(_certificate("北京精工智能科技有限公司", conf=None)).qualifies
    assert _judge(_certificate("北京精工智能科技有限公司", conf=70.0)).qualifies
    assert _judge(_certificate("北京精工智造科技股份有限公司", conf=None)).qualifies  # company form only


def test_an_ocr_certificate_below_the_confidence_bar_is_for_review():
    m = _judge(_certificate(ENTERPRISE, conf=41.0))
    assert not m.qualifies and "人工复核" in m.reason


def test_an_ambiguous_level_is_judged_at_its_lowest_reading():
    ok = _judge(_certificate(ENTERPRISE, level=2, uncertain=True))
    assert ok.qualifies and "复核" in ok.reason
    low = _judge(_certificate(ENTERPRISE, level=2, uncertain=True, kind_name="数字化转型成熟度"))
    assert not low.qualifies and "低于" in low.reason


def test_a_manifest_claim_is_worth_what_the_packets_certificate_proves():
    below = _certificate(ENTERPRISE, level=1)
    facts = packet(manifest={"enterprise_name": ENTERPRISE, "certifications": ["智能制造能力成熟度三级", "DCMM 三级"]},
                   certifications=[below])
    found = {(m.kind, m.text): m for m in recognise_all(facts)}
    claim = found[("smart_manufacturing_maturity", "智能制造能力成熟度三级")]
    assert not claim.qualifies and "证书不支持" in claim.reason and claim.evidence[0].file == "证书.png"
    assert found[("dcmm", "DCMM 三级")].qualifies  # no certificate of that kind in the packet: the claim stands
    other = packet(manifest={"enterprise_name": ENTERPRISE, "certifications": ["智能制造能力成熟度二级"]},
                   certifications=[_certificate("北京精工机械科技有限公司", level=3)])
    assert not any(m.qualifies for m in recognise_all(other))


def test_the_report_says_why_a_certificate_does_not_qualify():
    from flows.report import render_report
    from models import DEFAULT_POLICY
    from scoring.score import build_verdict, unscored

    facts = packet(manifest={"enterprise_name": ENTERPRISE},
                   certifications=[_certificate(ENTERPRISE, level=2, kind_name="数字化转型成熟度")])
    verdict = build_verdict(facts, unscored(facts, DEFAULT_POLICY), [])
    html = render_report(facts, verdict, [])
    assert "相当水平认定" in html and "等级2低于要求的3" in html and "证书.png" in html
