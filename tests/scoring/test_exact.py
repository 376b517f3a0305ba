from decimal import Decimal
from fractions import Fraction

import pytest

from models.policy import DEFAULT_POLICY
from scoring.exact import round_half_up, to_fraction
from scoring.outcome import IndicatorOutcome


def test_to_fraction_reads_floats_as_written():
    assert to_fraction(0.1) == Fraction(1, 10)
    assert to_fraction(1e-05) == Fraction(1, 100000)
    assert to_fraction(Decimal("62.40")) == Fraction(312, 5)
    with pytest.raises(ValueError):
        to_fraction(float("nan"))


def test_round_half_up():
    assert round_half_up(Fraction(1, 8), 2) == 0.13  # Python's round() would give 0.12
    assert round_half_up(Fraction(2, 3) * 100, 2) == 66.67
    assert round_half_up(Fraction(-1, 8), 2) == -0.13


def test_outcome_meets_is_exact_and_inclusive():
    o = IndicatorOutcome(key="equipment_networking_rate", unit="%", numerator=2764, denominator=10000)
    assert float(2764) / 10000 * 100 < 27.64  # naive floating point would fail this enterprise
    assert o.meets(Decimal("27.64")) is True
    assert o.meets(Decimal("27.65")) is False
    assert o.meets(None) is None
    assert IndicatorOutcome(key="x", unit="%", numerator=1, denominator=0).meets(Decimal(1)) is None
    assert o.display(DEFAULT_POLICY) == 27.64
