"""Compare a pipeline's verdict with a packet's truth: a list of readable differences (empty = agrees)."""

from __future__ import annotations

from models.verdict import PROCESS_INDICATORS, Verdict
from tests.packetgen.truth import PacketTruth

REL_TOL = 1e-6  # values are compared after the pipeline's own rounding: see `value_tol`


def compare(truth: PacketTruth, verdict: Verdict, value_tol: float = 0.05, strict_flags: bool = True) -> list[str]:
    """Differences between `verdict` and `truth`.

    Indicators: numerator and denominator exactly, value within `value_tol` (the contract rounds),
    threshold and passed exactly. Flags: every expected code must be present; with `strict_flags`
    no other error/warning code may appear unless listed in `possible_flags`.
    """
    out: list[str] = []
    for key in PROCESS_INDICATORS:
        want, got = truth.indicators[key], getattr(verdict.indicators, key)
        if want.denominator_min is not None and got.denominator is not None and got.numerator is not None and \
                want.denominator_min <= got.denominator <= (want.denominator or 0):
            # borderline titles: any split between direct and indirect is acceptable
            want = want.model_copy(update={
                "denominator": got.denominator, "value": got.numerator / got.denominator if got.denominator else None,
                "passed": got.passed if got.passed in (want.passed, want.passed_at_min) else want.passed,
            })
        for field in ("numerator", "denominator", "passed"):
            w, g = getattr(want, field), getattr(got, field)
            if w != g and not (isinstance(w, float) and isinstance(g, (int, float)) and abs(w - g) <= REL_TOL * max(1, abs(w))):
                out.append(f"{key}.{field}: want {w}, got {g}")
        if (want.value is None) != (got.value is None) or (
            want.value is not None and got.value is not None and abs(want.value - got.value) > value_tol
        ):
            out.append(f"{key}.value: want {want.value}, got {got.value}")
        if want.threshold != got.threshold:
            out.append(f"{key}.threshold: want {want.threshold}, got {got.threshold}")
    bw, bg = truth.cost_to_output_ratio, verdict.indicators.cost_to_output_ratio
    if bw.passed != bg.passed:
        out.append(f"cost_to_output_ratio.passed: want {bw.passed}, got {bg.passed}")
    if (bw.value is None) != (bg.value is None) or (bw.value is not None and bg.value is not None and abs(bw.value - bg.value) > value_tol):
        out.append(f"cost_to_output_ratio.value: want {bw.value}, got {bg.value}")
    route = verdict.route.value if verdict.route else None
    if (truth.route, truth.passed) != (route, verdict.passed):
        out.append(f"route/passed: want {truth.route}/{truth.passed}, got {route}/{verdict.passed}")
    got_codes = {f.code.value for f in verdict.flags}
    missing = set(truth.expected_flags) - got_codes
    if missing:
        out.append(f"flags missing: {sorted(missing)}")
    if strict_flags:
        serious = {f.code.value for f in verdict.flags if f.severity.value in ("error", "warning")}
        extra = serious - set(truth.expected_flags) - set(truth.possible_flags)
        if extra:
            out.append(f"flags not expected: {sorted(extra)}")
    if truth.needs_review != verdict.needs_review:
        out.append(f"needs_review: want {truth.needs_review}, got {verdict.needs_review}")
    return out


def verdict_from_truth(truth: PacketTruth) -> Verdict:
    """The verdict a perfect pipeline would write (flag messages are placeholders, no evidence)."""
    from models.flags import SEVERITY, FlagCode
    from models.verdict import (
        BenefitIndicator,
        EnterpriseInfo,
        Indicators,
        PeriodInfo,
        ProcessIndicator,
        Route,
        VerdictFlag,
    )

    process = {
        k: ProcessIndicator(value=v.value, unit=v.unit, numerator=v.numerator, denominator=v.denominator,
                            threshold=v.threshold, passed=v.passed)
        for k, v in truth.indicators.items()
    }
    b = truth.cost_to_output_ratio
    return Verdict(
        packet_id=truth.packet_id,
        enterprise=EnterpriseInfo(name=truth.enterprise_name, credit_code=truth.credit_code,
                                  industry_code=truth.industry_code, industry_group=truth.industry_group),
        period=PeriodInfo(assessment_year=truth.assessment_year, basis="prior_year",
                          start=truth.period_start.isoformat(), end=truth.period_end.isoformat()),
        indicators=Indicators(**process, cost_to_output_ratio=BenefitIndicator(
            value=b.value, unit=b.unit, benchmark=b.benchmark, passed=b.passed)),
        passed=truth.passed,
        needs_review=truth.needs_review,
        route=Route(truth.route) if truth.route else None,
        flags=[VerdictFlag(code=FlagCode(c), severity=SEVERITY[FlagCode(c)], message=c) for c in truth.expected_flags],
    )
