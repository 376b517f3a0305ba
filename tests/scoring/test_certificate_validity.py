"""A certificate's validity dates are judged: expired before the data period's end, or valid only
from a later date, it does not carry the certification route (nor does a manifest claim of the same
kind), and CERTIFICATE_NOT_VALID says why; in force, it does. End to end on a generated certificate
scan (the foreign corpus's writers, another scanner's degradation)."""

from __future__ import annotations

import json
import random
from datetime import date

import pytest

from flows.check_packet import CheckOutcome, check_files
from models import Certification, DataPeriod, FlagCode, PacketFile, PeriodBasis, Severity
from models.period import certificate_window
from models.policy import ScoringPolicy
from scoring.certification import recognise_all
from scoring.score import score
from tests.foreign import writers as W
from tests.scoring.builders import packet, ref
from validators.certificates import certificate_validity_flags

ENTERPRISE = "北京华拓精密机械有限公司"
PRIOR_2025 = DataPeriod(assessment_year=2026, basis=PeriodBasis.PRIOR_YEAR, start=date(2025, 1, 1), end=date(2025, 12, 31))
MONTHS_2026 = DataPeriod(assessment_year=2026, basis=PeriodBasis.CURRENT_MONTHS, start=date(2026, 1, 1),
                         end=date(2026, 4, 30))


def _cert(valid_from: date | None, valid_until: date | None, level: int = 3) -> Certification:
    return Certification(ref=ref("证书.png", 1, sheet=None), min_confidence=92.0, name="智能制造能力成熟度",
                         kind="smart_manufacturing_maturity", level=level, holder=ENTERPRISE,
                         valid_from=valid_from, valid_until=valid_until)


def _facts(cert: Certification, period: DataPeriod | None = PRIOR_2025, claims: list[str] | None = None):  # type: ignore[no-untyped-def]
    return packet(period=period, certifications=[cert],
                  manifest={"enterprise_name": ENTERPRISE, "certifications": claims or []})


def test_the_window_follows_the_policy() -> None:
    assert certificate_window(PRIOR_2025) == (date(2025, 12, 31), date(2025, 12, 31))
    assert certificate_window(MONTHS_2026) == (date(2026, 4, 30), date(2026, 4, 30))
    no_period = DataPeriod(assessment_year=2026, basis=None, start=None, end=None)
    assert certificate_window(no_period) == (date(2025, 12, 31), date(2025, 12, 31))
    assert certificate_window(None) is None
    year = ScoringPolicy(certificate_valid_on="assessment_year")
    assert certificate_window(PRIOR_2025, year) == (date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize("valid_from, valid_until, problem", [
    (date(2021, 6, 1), date(2024, 5, 31), "expired"),
    (date(2022, 12, 31), date(2025, 12, 30), "expired"),  # one day short
    (date(2026, 3, 1), date(2029, 2, 28), "not_yet_valid"),
    (date(2024, 6, 1), date(2027, 5, 31), None),
    (date(2025, 12, 31), date(2025, 12, 31), None),  # in force on the day itself
    (None, None, None),  # validity not read: not judged by date
    (None, date(2030, 1, 1), None),
])
def test_validity_against_the_period_end(valid_from, valid_until, problem) -> None:
    c = _cert(valid_from, valid_until)
    assert c.validity_problem(date(2025, 12, 31), date(2025, 12, 31)) == problem
    found = recognise_all(_facts(c))
    assert [m.qualifies for m in found] == [problem is None]
    flags = certificate_validity_flags(_facts(c))
    assert [f.data["problem"] for f in flags] == ([problem] if problem else [])


def test_an_expired_certificate_does_not_carry_the_route_nor_the_claim() -> None:
    facts = _facts(_cert(date(2021, 6, 1), date(2024, 5, 31)), claims=["智能制造能力成熟度三级"])
    result = score(facts)
    assert result.route is None and not result.passed
    claim, document = result.certifications
    assert not claim.qualifies and "过期" in claim.reason and "申报清单声称" in claim.reason
    assert not document.qualifies and "2024-05-31" in document.reason
    (flag,) = certificate_validity_flags(facts)
    assert flag.code is FlagCode.CERTIFICATE_NOT_VALID and flag.severity is Severity.ERROR
    assert flag.evidence[0].file == "证书.png" and "已过期" in flag.message and "智能制造能力成熟度三级" in flag.message


def test_in_force_it_carries_the_route() -> None:
    facts = _facts(_cert(date(2024, 6, 1), date(2027, 5, 31)), claims=["智能制造能力成熟度三级"])
    result = score(facts)
    assert result.passed and result.route is not None and result.route.value == "certification"
    assert certificate_validity_flags(facts) == []


def test_a_current_months_period_moves_the_day() -> None:
    # valid until March 2026: in force at the end of 2025, expired before the end of a Jan–Apr 2026 period
    c = _cert(date(2023, 4, 1), date(2026, 3, 31))
    assert recognise_all(_facts(c, PRIOR_2025))[0].qualifies
    assert not recognise_all(_facts(c, MONTHS_2026))[0].qualifies
    # a certificate first valid in Feb 2026: not yet for a 2025 period; the assessment-year reading accepts it
    later = _cert(date(2026, 2, 1), date(2029, 1, 31))
    assert not recognise_all(_facts(later, PRIOR_2025))[0].qualifies
    assert recognise_all(_facts(later, PRIOR_2025), ScoringPolicy(certificate_valid_on="assessment_year"))[0].qualifies


# ---- end to end: a certificate scan -----------------------------------------------------------------

def _certificate_png(valid: str, seed: int) -> bytes:
    lines = ["智能制造能力成熟度等级证书", f"证书编号：CMM-{seed:04d}-2871", f"企业名称：{ENTERPRISE}",
             "评定依据：GB/T 39116-2020 智能制造能力成熟度模型", "评定等级：三级", f"有效期：{valid}",
             "发证机构：中智评（北京）认证服务中心"]
    return W.degrade(W.render_lines(lines, red_first=True), random.Random(seed), stamp_text="认证服务中心")


@pytest.fixture(scope="module")
def expired_scan() -> CheckOutcome:
    manifest = {"packet_id": "cert-expired", "enterprise_name": ENTERPRISE, "assessment_year": 2026,
                "industry_code": "C3411", "certifications": ["智能制造能力成熟度三级"]}
    files = [PacketFile(name="资质证书.png", data=_certificate_png("2021年3月15日至2024年3月14日", 5)),
             PacketFile(name="manifest.json", data=json.dumps(manifest, ensure_ascii=False).encode())]
    return check_files("cert-expired", files)


def test_an_expired_certificate_scan_is_read_and_refused(expired_scan: CheckOutcome) -> None:
    (cert,) = expired_scan.facts.certifications
    assert (cert.kind, cert.level, cert.valid_from, cert.valid_until) == (
        "smart_manufacturing_maturity", 3, date(2021, 3, 15), date(2024, 3, 14))
    v = expired_scan.verdict
    assert not v.passed and v.route is None and v.needs_review
    flag = next(f for f in v.flags if f.code is FlagCode.CERTIFICATE_NOT_VALID)
    assert flag.evidence[0].file == "资质证书.png" and flag.evidence[0].page == 1
    report = next(f.data for f in expired_scan.files if f.name == "report.html").decode()
    assert "已过期" in report and "CERTIFICATE_NOT_VALID" in report


def test_a_reviewer_who_rejects_the_flag_restores_the_route(expired_scan: CheckOutcome) -> None:
    from flows.rescore import AppliedDecision, rescore_decided

    flag = next(f for f in expired_scan.flags if f.code is FlagCode.CERTIFICATE_NOT_VALID)
    again = rescore_decided(expired_scan.facts, expired_scan.flags, [AppliedDecision(flag_id=flag.id, action="reject")])
    assert again.verdict.passed and again.verdict.route is not None and again.verdict.route.value == "certification"
    assert FlagCode.CERTIFICATE_NOT_VALID not in {f.code for f in again.verdict.flags}


def test_the_manifest_claim_is_worth_what_the_certificate_proves() -> None:
    facts = _facts(_cert(date(2024, 6, 1), date(2027, 5, 31), level=2), claims=["智能制造能力成熟度四级"])
    claim, document = recognise_all(facts)
    assert claim.qualifies and claim.level == 2 and "声称4级" in claim.reason and claim.evidence == document.evidence
    (alone,) = recognise_all(packet(manifest={"certifications": ["DCMM 三级"]}))
    assert alone.qualifies and "材料中未见该证书" in alone.reason
