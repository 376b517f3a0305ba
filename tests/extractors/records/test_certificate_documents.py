"""A certificate page read as one document: scheme, level field, holder, validity; seal and issuer ignored."""

from datetime import date

from extractors.records.certifications import certification_records
from tests.extractors.records.tables import make_doc


def _cert(lines: list[str], conf: float | None = 70.0):
    return certification_records(make_doc(pages=["\n".join(lines)], file="证书.png", ocr_confidence=conf))


def test_level_on_its_own_line_is_tied_to_the_titled_scheme_and_the_seal_is_ignored():
    found = _cert(["智能制造能力成熟度等级证书", "证书编号：CMM-0001-1234", "企业名称：北京某某装备有限公司",
                   "评定依据：GB/T 39116-2020", "评定等级：二级", "有效期：2025年6月1日至2028年5月31日",
                   "发证机构：中电数智两化融合评定中心", "融合评定"])
    assert [(c.kind, c.level, c.holder) for c in found] == [
        ("smart_manufacturing_maturity", 2, "北京某某装备有限公司")]
    assert (found[0].valid_from, found[0].valid_until) == (date(2025, 6, 1), date(2028, 5, 31))


def test_scheme_from_the_basis_when_the_red_title_is_lost_and_other_labels():
    # variant wording none of the lists above spell: 证书持有单位, 级别 with a semicolon OCR'd for the colon
    found = _cert(["证书", "证书持有单位；北京某乙精密机械股份有限公司0", "认定依据：《数据管理能力成熟度评估模型》",
                   "评估级别：3级", "颁发单位：某某两化融合服务联盟"])
    assert [(c.kind, c.level, c.holder) for c in found] == [("dcmm", 3, "北京某乙精密机械股份有限公司")]


def test_an_ambiguous_level_glyph_is_read_at_its_lowest_and_marked_uncertain():
    (c,) = _cert(["数字化转型成熟度等级证书", "企业名称：北京某某有限公司", "评定等级：=星级"])
    assert (c.kind, c.level, c.level_uncertain) == ("digital_transformation_maturity", 2, True)


def test_prose_lines_are_still_read_line_by_line():
    found = certification_records(make_doc(text="公司于2024年通过两化融合管理体系贯标评定。"))
    assert [c.kind for c in found] == ["two_integration"]
