from fractions import Fraction

from models import FinancialKind as K
from models import FlagCode
from models.policy import DEFAULT_POLICY
from scoring.indicators.cost_to_output_ratio import below, compute
from tests.scoring.builders import money, packet


def test_prefers_the_period_year_and_computes_percentage():
    facts = packet(financials=[
        money(K.PRODUCTION_COST, 999, 2024), money(K.PRODUCTION_COST, 712_000_000.0),
        money(K.INDUSTRIAL_OUTPUT_VALUE, 1_000_000_000.0), money(K.INDUSTRIAL_OUTPUT_VALUE, 5, 2024),
    ])
    out = compute(facts, DEFAULT_POLICY)
    assert out.exact() == Fraction(712, 10)
    assert out.display(DEFAULT_POLICY) == 71.2


def test_falls_back_to_undated_figures_then_shows_another_years_ratio_without_passing():
    facts = packet(financials=[money(K.PRODUCTION_COST, 50, None), money(K.INDUSTRIAL_OUTPUT_VALUE, 200, None)])
    assert compute(facts, DEFAULT_POLICY).exact() == 25
    # SPEC §2: an audit of another year is computed and shown (AUDIT_YEAR_MISMATCH is the
    # validator's), no second "missing" flag, and it cannot pass the benefit indicator.
    facts = packet(financials=[money(K.PRODUCTION_COST, 50, 2023), money(K.INDUSTRIAL_OUTPUT_VALUE, 200, 2023)])
    out = compute(facts, DEFAULT_POLICY)
    assert out.exact() == 25 and out.flags == []
    assert below(out, 90.0) is False


def test_current_months_period_takes_the_prior_years_accounts():
    from datetime import date

    from models import DataPeriod, PeriodBasis

    facts = packet(financials=[money(K.PRODUCTION_COST, 30, 2025), money(K.INDUSTRIAL_OUTPUT_VALUE, 100, 2025)])
    facts.period = DataPeriod(assessment_year=2026, basis=PeriodBasis.CURRENT_MONTHS,
                              start=date(2026, 1, 1), end=date(2026, 4, 30))
    out = compute(facts, DEFAULT_POLICY)
    assert out.exact() == 30 and out.flags == []
    assert below(out, 40.0) is True


def test_missing_output_or_cost_gives_null():
    for fin in ([money(K.PRODUCTION_COST, 50)], [money(K.INDUSTRIAL_OUTPUT_VALUE, 50)], []):
        out = compute(packet(financials=fin), DEFAULT_POLICY)
        assert out.exact() is None and [f.code for f in out.flags] == [FlagCode.MISSING_EVIDENCE]


def test_lower_is_better_strictly():
    out = compute(packet(financials=[money(K.PRODUCTION_COST, 712), money(K.INDUSTRIAL_OUTPUT_VALUE, 1000)]),
                  DEFAULT_POLICY)
    assert below(out, 71.3) is True
    assert below(out, 71.2) is False  # equal is not better than the average
    assert below(out, 71.1) is False
    assert below(out, None) is None
