from models import FlagCode, Severity
from tests.validators.builders import clean_facts, indicators
from validators import run_validators
from validators.registry import VALIDATORS


def test_clean_packet_raises_no_flag_at_all():
    assert run_validators(clean_facts(), indicators(), []) == []


def test_every_flag_carries_severity_from_the_catalogue_and_chinese_message():
    facts = clean_facts()
    facts.manifest.enterprise_name = "北京别家有限公司"
    facts.manifest.assessment_year = YEAR_AFTER = 2028
    flags = run_validators(facts, indicators(), [])
    assert {f.code for f in flags} >= {FlagCode.IDENTITY_MISMATCH, FlagCode.PERIOD_NOT_COVERED,
                                       FlagCode.AUDIT_YEAR_MISMATCH}
    assert all(f.severity == Severity.ERROR for f in flags if f.code == FlagCode.IDENTITY_MISMATCH)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in f.message) for f in flags)
    assert all(f.evidence for f in flags)
    assert str(YEAR_AFTER - 1) in next(f for f in flags if f.code == FlagCode.AUDIT_YEAR_MISMATCH).message


def test_validator_names_are_unique():
    names = [n for n, _ in VALIDATORS]
    assert len(names) == len(set(names))
