import random

import pytest

from models import FlagCode, IdentityMention
from tests.validators.builders import CODE, NAME, clean_facts, credit_code, ref, with_one_char_changed
from validators.identity import credit_code_flags, credit_code_valid, identity_flags, name_key


def codes(flags, code):
    return [f for f in flags if f.code == code]


@pytest.mark.parametrize("seed", range(20))
def test_generated_codes_are_valid_and_one_changed_character_is_not(seed):
    code = credit_code(random.Random(seed))
    assert credit_code_valid(code)
    assert not credit_code_valid(with_one_char_changed(code))


def test_known_public_codes_pass_and_malformed_ones_fail():
    assert credit_code_valid("91330100716105852F")
    assert credit_code_valid("９１３３０１００７１６１０５８５２Ｆ")  # full-width
    assert credit_code_valid("91330100716105852f")  # lower case
    assert not credit_code_valid("91330100716105852")  # 17 characters
    assert not credit_code_valid("9133010071610585IF")  # I is not in the alphabet


def test_manifest_code_with_one_character_changed_raises_credit_code_invalid():
    facts = clean_facts()
    facts.manifest.credit_code = with_one_char_changed(CODE)
    flags = codes(credit_code_flags(facts), FlagCode.CREDIT_CODE_INVALID)
    assert len(flags) == 1
    assert flags[0].evidence[0].file == "manifest.json"
    assert "校验码" in flags[0].message


def test_valid_codes_raise_no_credit_code_flag():
    assert credit_code_flags(clean_facts()) == []


def test_invalid_code_read_from_a_document_is_flagged_with_its_rows():
    facts = clean_facts()
    bad = with_one_char_changed(CODE)
    facts.identities.append(IdentityMention(ref=ref("盖章页.pdf", page=2, sheet=None), credit_code=bad))
    flags = codes(credit_code_flags(facts), FlagCode.CREDIT_CODE_INVALID)
    assert [f.evidence[0].file for f in flags] == ["盖章页.pdf"]


def test_company_form_suffix_and_width_variants_are_the_same_enterprise():
    facts = clean_facts()
    facts.identities += [
        IdentityMention(ref=ref("a.pdf"), enterprise_name="北京精工智造科技股份有限公司", credit_code=CODE),
        IdentityMention(ref=ref("b.pdf"), enterprise_name="北 京 精 工 智 造 科 技 有 限 公 司"),  # OCR spacing
        IdentityMention(ref=ref("c.pdf"), enterprise_name="北京精工智造科技有限责任公司", credit_code=CODE.lower()),
    ]
    assert identity_flags(facts) == []


def test_a_different_company_is_flagged_even_with_the_same_suffix():
    facts = clean_facts()
    facts.identities.append(IdentityMention(ref=ref("审计报告2.pdf", page=1), enterprise_name="北京精工智能科技有限公司"))
    flags = identity_flags(facts)
    assert [f.code for f in flags] == [FlagCode.IDENTITY_MISMATCH]
    assert flags[0].data["found"] == "北京精工智能科技有限公司"
    assert {e.file for e in flags[0].evidence} == {"审计报告2.pdf", "manifest.json"}


def test_a_different_valid_credit_code_is_an_identity_mismatch():
    facts = clean_facts()
    other = credit_code(random.Random(99))
    facts.identities.append(IdentityMention(ref=ref("人员名单2.xlsx", 1), enterprise_name=NAME, credit_code=other))
    flags = identity_flags(facts)
    assert [f.data["field"] for f in flags] == ["credit_code"]


def test_without_manifest_values_the_majority_is_the_reference():
    facts = clean_facts()
    facts.manifest.enterprise_name = None
    facts.identities.append(IdentityMention(ref=ref("x.pdf", 1), enterprise_name="北京另一家制造有限公司"))
    flags = identity_flags(facts)
    assert len(flags) == 1 and flags[0].evidence[0].file == "x.pdf"


def test_name_key_drops_only_the_company_form():
    assert name_key("北京某某有限公司") == name_key("北京某某股份有限公司") == "北京某某"
    assert name_key("（北京）某某有限公司") == "(北京)某某"


def test_the_same_invalid_code_in_manifest_and_documents_is_one_flag_and_ocr_is_named():
    facts = clean_facts()
    bad = with_one_char_changed(CODE)
    facts.manifest.credit_code = bad
    facts.identities.append(IdentityMention(ref=ref("盖章页.png", page=1, sheet=None), credit_code=bad, min_confidence=71))
    (flag,) = credit_code_flags(facts)
    assert [e.file for e in flag.evidence] == ["manifest.json", "盖章页.png"]
    assert "OCR" in flag.message


def test_the_audit_firms_licence_line_is_not_the_enterprise():
    facts = clean_facts()
    firm = credit_code(random.Random(77))
    line = f"信永中和会计师事务所（特殊普通合伙） 统一社会信用代码：{firm}"
    facts.identities.append(IdentityMention(ref=ref("审计报告.pdf", page=9, sheet=None).model_copy(update={"text": line}),
                                            credit_code=firm))
    assert identity_flags(facts) == []
    other = IdentityMention(ref=ref("审计报告.pdf", page=1, sheet=None), credit_code=firm)
    facts.identities.append(other)
    assert len(identity_flags(facts)) == 1


def _ocr_mention(name: str, file: str = "证书.png") -> IdentityMention:
    return IdentityMention(ref=ref(file, page=1, sheet=None), enterprise_name=name, min_confidence=64.0)


@pytest.mark.parametrize("ocr_name", [
    "北京精工智造科枝有限公司",  # one character misread
    "北京精工智造科技有限公可",  # the company-form suffix misread: still the suffix, not another company
    "北京精工智造科技股份有限公司",  # another company form, one character of the key off
    "北京精工智科技有限公司",  # one character dropped
])
def test_one_misread_character_of_an_ocr_name_is_for_review_not_a_mismatch(ocr_name):
    facts = clean_facts()
    facts.identities.append(_ocr_mention(ocr_name))
    flags = identity_flags(facts)
    assert codes(flags, FlagCode.IDENTITY_MISMATCH) == []
    if ocr_name.replace("股份", "") != NAME:
        review = codes(flags, FlagCode.OCR_LOW_CONFIDENCE)
        assert [f.evidence[0].file for f in review] == ["证书.png"]


def test_an_ocr_name_two_characters_off_is_another_company():
    facts = clean_facts()
    facts.identities.append(_ocr_mention("北京精工机械科技有限公司"))
    flags = identity_flags(facts)
    assert [f.data["found"] for f in codes(flags, FlagCode.IDENTITY_MISMATCH)] == ["北京精工机械科技有限公司"]


def test_a_short_name_gets_no_ocr_tolerance():
    facts = clean_facts()
    facts.manifest.enterprise_name = "北京某甲有限公司"
    facts.identities = [_ocr_mention("北京某乙有限公司")]
    assert len(codes(identity_flags(facts), FlagCode.IDENTITY_MISMATCH)) == 1


def test_a_scanned_certificate_read_in_doubt_is_flagged_for_review():
    from models import Certification
    from validators.identity import certificate_review_flags

    facts = clean_facts()
    sure = Certification(name="智能制造能力成熟度", kind="smart_manufacturing_maturity", level=3, holder=NAME,
                         min_confidence=75.0, ref=ref("证书1.png", page=1, sheet=None))
    vague = sure.model_copy(update={"level": 2, "level_uncertain": True, "ref": ref("证书2.png", page=1, sheet=None)})
    dim = sure.model_copy(update={"min_confidence": 40.0, "ref": ref("证书3.png", page=1, sheet=None)})
    facts.certifications = [sure, vague, dim]
    assert [f.evidence[0].file for f in certificate_review_flags(facts)] == ["证书2.png", "证书3.png"]
