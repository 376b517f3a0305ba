"""Exact arithmetic for pass comparisons: values are compared as fractions, thresholds as the
decimals written in Annex 1, so 1 robot / 40 workers = 0.025 meets a 0.025 threshold exactly."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction


def to_fraction(x: float | int | Decimal | Fraction) -> Fraction:
    """The number as written: floats go through their shortest repr (0.1 → 1/10)."""
    if isinstance(x, (Fraction, int, Decimal)):
        return Fraction(x)
    if not math.isfinite(x):
        raise ValueError(f"not a finite number: {x!r}")
    return Fraction(repr(x))


def round_half_up(value: Fraction, decimals: int) -> float:
    scale = 10**decimals
    q = value * scale
    rounded = math.floor(q + Fraction(1, 2)) if q >= 0 else -math.floor(-q + Fraction(1, 2))
    return float(Fraction(rounded, scale))
