"""Facts in, indicators and verdict out."""

from __future__ import annotations

from pydantic import BaseModel, Field

from models import (
    BenefitIndicator,
    EnterpriseInfo,
    Fact,
    Flag,
    Indicators,
    PacketFacts,
    PeriodInfo,
    ProcessIndicator,
    Route,
    Severity,
    Verdict,
    VerdictFlag,
)
from scoring.certification import CertificationMatch, recognise_all
from scoring.indicators import BENEFIT, PROCESS
from scoring.indicators.cost_to_output_ratio import below
from scoring.industry import map_industry, normalise_code
from scoring.outcome import IndicatorOutcome
from scoring.pass_rule import decide
from scoring.policy import DEFAULT_POLICY, ScoringPolicy
from scoring.thresholds import IndustryGroup


class ScoreResult(BaseModel):
    indicators: Indicators
    passed: bool
    route: Route | None
    group: IndustryGroup | None
    certifications: list[CertificationMatch] = Field(default_factory=list)
    derived: list[Fact] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)


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


def score(facts: PacketFacts, policy: ScoringPolicy = DEFAULT_POLICY) -> ScoreResult:
    """Compute the five process indicators and the benefit indicator, apply the pass rule.
    Pure: `facts` is not modified (the caller stores `derived` into facts if it wants)."""
    group, flags = map_industry(facts.manifest.industry_code)
    outcomes = {key: compute(facts, policy) for key, compute in {**PROCESS, **BENEFIT}.items()}
    values: dict[str, ProcessIndicator | BenefitIndicator] = {
        key: _process_indicator(outcomes[key], group, policy) for key in PROCESS
    }
    benchmark = facts.manifest.benefit_benchmarks.get("cost_to_output_ratio")
    values["cost_to_output_ratio"] = _benefit_indicator(outcomes["cost_to_output_ratio"], benchmark, policy)
    indicators = Indicators.model_validate(values)
    certifications = recognise_all(facts)
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
    )


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


def build_verdict(facts: PacketFacts, result: ScoreResult, all_flags: list[Flag]) -> Verdict:
    """The verdict contract (SPEC §6a). `all_flags` are the packet's unresolved flags (extractors,
    validators, scoring); scoring's own flags missing from it (by id) are added, so passing only the
    other stages' flags is safe. `needs_review` is true while any error-severity flag remains."""
    ids = {f.id for f in all_flags}
    flags = list(all_flags) + [f for f in result.flags if f.id not in ids]
    return Verdict(
        packet_id=facts.packet_id,
        enterprise=_enterprise(facts, result),
        period=_period(facts),
        indicators=result.indicators,
        passed=result.passed,
        needs_review=any(f.severity == Severity.ERROR for f in flags),
        route=result.route,
        flags=[VerdictFlag.of(f) for f in flags],
    )
