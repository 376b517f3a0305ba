"""产值成本率 (benefit indicator): production cost / industrial output value × 100 %.

Annual figures are Y−1 figures under either basis (SPEC §2: with a current-months period the
prior year's audit is the one that exists), so figures of fiscal year Y−1 are preferred; else, by policy `undated_financials_fallback`, figures without a fiscal
year; else figures of another fiscal year (the latest), whose ratio is computed and shown for
the reviewer (AUDIT_YEAR_MISMATCH says so) but cannot pass: it is not the year assessed. Several figures of one kind and year: the first in evidence order. The value passes when
strictly below the operator-supplied national average (`manifest.benefit_benchmarks`); lower
is better. No benchmark → passed is None.
"""

from __future__ import annotations

from models import FinancialFigure, FinancialKind, PacketFacts
from models.period import period_bounds
from models.policy import ScoringPolicy
from scoring.exact import to_fraction
from scoring.outcome import IndicatorOutcome, fact, missing

KEY = "cost_to_output_ratio"


def fiscal_year_wanted(facts: PacketFacts) -> int | None:
    """Y−1 (the assessment year's prior year), whatever the period basis."""
    if facts.period and facts.period.assessment_year:
        return facts.period.assessment_year - 1
    start, _ = period_bounds(facts)
    return start.year if start else None


def pick(facts: PacketFacts, kind: FinancialKind, policy: ScoringPolicy) -> FinancialFigure | None:
    figures = [f for f in facts.financials if f.kind == kind]
    wanted = fiscal_year_wanted(facts)
    if wanted is not None:
        same_year = [f for f in figures if f.fiscal_year == wanted]
        if same_year:
            return same_year[0]
        undated = [f for f in figures if f.fiscal_year is None]
        if policy.undated_financials_fallback and undated:
            return undated[0]
        other = sorted((f for f in figures if f.fiscal_year is not None), key=lambda f: -(f.fiscal_year or 0))
        return other[0] if other else None
    return figures[0] if figures else None


def other_year(outcome: IndicatorOutcome) -> bool:
    return any(f.note and f.note.startswith(OTHER_YEAR_NOTE) for f in outcome.facts)


OTHER_YEAR_NOTE = "非评估上一年度"


def compute(facts: PacketFacts, policy: ScoringPolicy) -> IndicatorOutcome:
    cost = pick(facts, FinancialKind.PRODUCTION_COST, policy)
    output = pick(facts, FinancialKind.INDUSTRIAL_OUTPUT_VALUE, policy)
    wanted = fiscal_year_wanted(facts)
    year = f"{wanted}年度" if wanted else "评估期"
    if output is None or output.value_yuan <= 0:
        return missing(KEY, "%", f"未提供{year}工业产值（年度审计报告、财务证明或生产产量报告），无法计算产值成本率")
    if cost is None:
        return missing(KEY, "%", f"未提供{year}生产成本（年度审计报告或财务证明材料），无法计算产值成本率")
    outcome = IndicatorOutcome(
        key=KEY,
        unit="%",
        numerator=float(to_fraction(cost.value_yuan)),
        denominator=float(to_fraction(output.value_yuan)),
    )
    def note(f: FinancialFigure) -> str:
        if f.fiscal_year is None:
            return "未注明财年"
        if wanted is not None and f.fiscal_year != wanted:
            return f"{OTHER_YEAR_NOTE}：财年{f.fiscal_year}（应为{wanted}），仅供复核"
        return f"财年{f.fiscal_year}"

    outcome.facts = [
        fact(KEY, "production_cost", cost.value_yuan, [cost.ref], policy, "元", note=note(cost)),
        fact(KEY, "industrial_output_value", output.value_yuan, [output.ref], policy, "元", note=note(output)),
    ]
    return outcome


def below(outcome: IndicatorOutcome, benchmark: float | None) -> bool | None:
    """value < benchmark exactly (lower is better); None when either is missing."""
    value = outcome.exact()
    if value is None or benchmark is None:
        return None
    if other_year(outcome):
        return False  # another year's accounts: shown, not passed
    return value < to_fraction(benchmark)



