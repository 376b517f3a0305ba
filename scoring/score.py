"""Facts in, indicators and verdict out."""

from __future__ import annotations

from collections.abc import Mapping

from models import (
    BenefitIndicator,
    CheckStatus,
    EnterpriseInfo,
    Flag,
    Indicators,
    PacketFacts,
    PeriodInfo,
    ProcessIndicator,
    ScoreResult,
    Severity,
    StepError,
    Verdict,
    VerdictFlag,
    unique_flags,
)
from models.policy import DEFAULT_POLICY, ScoringPolicy
from scoring.certification import recognise_all
from scoring.indicators import INDICATORS, PROCESS, Compute
from scoring.indicators.cost_to_output_ratio import below
from scoring.industry import map_industry, normalise_code
from scoring.outcome import IndicatorOutcome
from scoring.pass_rule import decide
from scoring.thresholds import IndustryGroup


def _process_indicator(outcome: IndicatorOutcome, group: IndustryGroup | None, policy: ScoringPolicy) -> ProcessIndicator:
    threshold = group.threshold(outcome.key) if group else None
    return ProcessIndicator(
        value=outcome.display(policy),
        unit=outcome.unit,
        numerator=outcome.numerator,
        denominator=outcome.denominator,
        threshold=float(threshold) if threshold is not None else None,
        passed=outcome.meets(threshold),
    )


def _benefit_indicator(outcome: IndicatorOutcome, benchmark: float | None, policy: ScoringPolicy) -> BenefitIndicator:
    return BenefitIndicator(value=outcome.display(policy), unit=outcome.unit, benchmark=benchmark,
                            passed=below(outcome, benchmark))


def _compute_each(
    facts: PacketFacts, policy: ScoringPolicy, indicators: Mapping[str, Compute]
) -> tuple[dict[str, IndicatorOutcome], list[StepError]]:
    """Every indicator on its own: one that raises is null (value and pass) and an error, the others stand."""
    outcomes: dict[str, IndicatorOutcome] = {}
    errors: list[StepError] = []
    for key in INDICATORS:
        try:
            outcomes[key] = indicators[key](facts, policy)
        except Exception as exc:  # noqa: BLE001  (errors are data: the rest of the check still runs)
            errors.append(StepError.of(f"score:{key}", exc))
            outcomes[key] = IndicatorOutcome(key=key, unit="ratio" if key == "robots_per_production_worker" else "%")
    return outcomes, errors


def score(
    facts: PacketFacts, policy: ScoringPolicy = DEFAULT_POLICY, indicators: Mapping[str, Compute] = INDICATORS
) -> ScoreResult:
    """Compute the five process indicators and the benefit indicator, apply the pass rule.
    Pure: `facts` is not modified (the caller stores `derived` into facts if it wants).
    `indicators` maps each key to its computation (tests inject a failing one)."""
    group, flags = map_industry(facts.manifest.industry_code)
    outcomes, errors = _compute_each(facts, policy, indicators)
    values: dict[str, ProcessIndicator | BenefitIndicator] = {
        key: _process_indicator(outcomes[key], group, policy) for key in PROCESS
    }
    benchmark = facts.manifest.benefit_benchmarks.get("cost_to_output_ratio")
    values["cost_to_output_ratio"] = _benefit_indicator(outcomes["cost_to_output_ratio"], benchmark, policy)
    indicators = Indicators.model_validate(values)
    certifications = recognise_all(facts, policy)
    passed, route = decide(indicators, certifications)
    for o in outcomes.values():
        flags.extend(o.flags)
    return ScoreResult(
        indicators=indicators,
        passed=passed,
        route=route,
        group=group,
        certifications=certifications,
        derived=[f for o in outcomes.values() for f in o.facts],
        flags=flags,
        errors=errors,
    )


def unscored(facts: PacketFacts, policy: ScoringPolicy = DEFAULT_POLICY) -> ScoreResult:
    """Every indicator null and the packet not passed: what the verdict shows when scoring itself failed."""
    return score(facts, policy, indicators={key: _not_scored for key in INDICATORS})


def _not_scored(facts: PacketFacts, policy: ScoringPolicy) -> IndicatorOutcome:
    raise RuntimeError("scoring did not run")


def _enterprise(facts: PacketFacts, result: ScoreResult) -> EnterpriseInfo:
    m = facts.manifest
    name = m.enterprise_name or next((i.enterprise_name for i in facts.identities if i.enterprise_name), None)
    code = m.credit_code or next((i.credit_code for i in facts.identities if i.credit_code), None)
    return EnterpriseInfo(
        name=name,
        credit_code=code,
        industry_code=normalise_code(m.industry_code) or m.industry_code,
        industry_group=result.group.group_no if result.group else None,
    )


def _period(facts: PacketFacts) -> PeriodInfo:
    p = facts.period
    if p is None:
        return PeriodInfo(assessment_year=facts.manifest.assessment_year)
    return PeriodInfo(
        assessment_year=p.assessment_year,
        basis=p.basis,
        start=p.start.isoformat() if p.start else None,
        end=p.end.isoformat() if p.end else None,
    )


def build_verdict(
    facts: PacketFacts, result: ScoreResult, all_flags: list[Flag], failed_steps: list[str] | None = None
) -> Verdict:
    """The verdict contract (SPEC §6a). `all_flags` are the packet's unresolved flags (extractors,
    validators, scoring); scoring's own flags missing from it (by id) are added, so passing only the
    other stages' flags is safe. `needs_review` is true while any error-severity flag remains.
    `failed_steps` (steps of the check that failed) make the verdict `partial_success`."""
    flags = unique_flags([*all_flags, *result.flags])
    return Verdict(
        packet_id=facts.packet_id,
        enterprise=_enterprise(facts, result),
        period=_period(facts),
        indicators=result.indicators,
        passed=result.passed,
        needs_review=any(f.severity == Severity.ERROR for f in flags),
        route=result.route,
        flags=[VerdictFlag.of(f) for f in flags],
        status=CheckStatus.PARTIAL_SUCCESS if failed_steps else CheckStatus.SUCCESS,
        failed_steps=list(failed_steps or []),
        low_confidence_matches=[m for m in facts.matches if m.needs_review],
    )
