"""产值成本率 (benefit indicator): production cost / industrial output value × 100 %.

Figures of the period's fiscal year are preferred (the period start's year: Y−1 for the
prior-year basis); else, by policy `undated_financials_fallback`, figures without a fiscal
year. Several figures of one kind and year: the first in evidence order. The value passes when
strictly below the operator-supplied national average (`manifest.benefit_benchmarks`); lower
is better. No benchmark → passed is None.
"""

from __future__ import annotations

from models import FinancialFigure, FinancialKind, PacketFacts
from scoring.exact import to_fraction
from scoring.outcome import IndicatorOutcome, fact, missing
from scoring.period import period_bounds
from scoring.policy import ScoringPolicy

KEY = "cost_to_output_ratio"


def pick(facts: PacketFacts, kind: FinancialKind, policy: ScoringPolicy) -> FinancialFigure | None:
    figures = [f for f in facts.financials if f.kind == kind]
    start, _ = period_bounds(facts)
    if start is not None:
        same_year = [f for f in figures if f.fiscal_year == start.year]
        if same_year:
            return same_year[0]
        if policy.undated_financials_fallback:
            undated = [f for f in figures if f.fiscal_year is None]
            return undated[0] if undated else None
        return None
    return figures[0] if figures else None


def compute(facts: PacketFacts, policy: ScoringPolicy) -> IndicatorOutcome:
    cost = pick(facts, FinancialKind.PRODUCTION_COST, policy)
    output = pick(facts, FinancialKind.INDUSTRIAL_OUTPUT_VALUE, policy)
    start, _ = period_bounds(facts)
    year = f"{start.year}年度" if start else "评估期"
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
    outcome.facts = [
        fact(KEY, "production_cost", cost.value_yuan, [cost.ref], policy, "元",
             note=f"财年{cost.fiscal_year}" if cost.fiscal_year else "未注明财年"),
        fact(KEY, "industrial_output_value", output.value_yuan, [output.ref], policy, "元",
             note=f"财年{output.fiscal_year}" if output.fiscal_year else "未注明财年"),
    ]
    return outcome


def below(outcome: IndicatorOutcome, benchmark: float | None) -> bool | None:
    """value < benchmark exactly (lower is better); None when either is missing."""
    value = outcome.exact()
    if value is None or benchmark is None:
        return None
    return value < to_fraction(benchmark)



