"""The count of direct production staff (直接生产人员) behind indicator 2, on three bases."""

from __future__ import annotations

from datetime import date
from enum import Enum

from pydantic import BaseModel, computed_field


class StaffCountBasis(str, Enum):
    """Which headcount the indicator divides by."""

    EMPLOYED_DURING_PERIOD = "employed_during_period"  # in post at any time in the period
    AT_PERIOD_END = "at_period_end"  # in post on the period's last day
    AVERAGE_OVER_PERIOD = "average_over_period"  # 平均人数: mean of the monthly averages


# Policy: the indicator uses everyone employed at any time during the period. It is the largest
# of the three figures (the conservative reading: robots per worker is never overstated), it is
# what scoring counts today, and for an aggregated roster (岗位 + 人数, no dates) all three agree.
# The period-end and average figures are reported beside it.
STAFF_COUNT_BASIS = StaffCountBasis.EMPLOYED_DURING_PERIOD


class StaffCount(BaseModel):
    """Headcounts of a roster over the data period. Direct figures include uncertain and
    unclassified rows (they count as direct until a reviewer decides, SPEC §2)."""

    period_start: date | None = None
    period_end: date | None = None
    employed_during_period: int = 0  # direct staff hired ≤ end and not left before start
    at_period_end: int = 0  # direct staff in post on period_end (or not left, without a period)
    average_over_period: float = 0.0  # direct staff, monthly average over the period (2 decimals)
    indirect: int = 0  # indirect staff employed during the period
    long_absence: int = 0  # of which away ≥ 6 months (长期病假, 外派, 借调, 停薪留职 …)
    uncertain_rows: int = 0  # roster rows with STAFF_ROLE_UNCERTAIN, counted as direct
    uncertain_headcount: int = 0
    unclassified_rows: int = 0  # rows without a role (counted as direct)
    rows_outside_period: int = 0  # hired after the end or left before the start
    used_for_indicator: StaffCountBasis = STAFF_COUNT_BASIS

    @computed_field  # type: ignore[prop-decorator]
    @property
    def direct(self) -> float:
        """The figure the indicator divides by (per `used_for_indicator`)."""
        return self.figure(self.used_for_indicator)

    def figure(self, basis: StaffCountBasis) -> float:
        if basis == StaffCountBasis.AT_PERIOD_END:
            return float(self.at_period_end)
        if basis == StaffCountBasis.AVERAGE_OVER_PERIOD:
            return self.average_over_period
        return float(self.employed_during_period)

    def matches(self, stated: float, tolerance: float = 0.0) -> bool:
        """Whether a declared/stated figure agrees with any of the three bases (a form that gives
        the period-end headcount is not a mismatch just because the indicator uses another basis)."""
        return any(abs(stated - self.figure(b)) <= tolerance + (0.5 if b == StaffCountBasis.AVERAGE_OVER_PERIOD else 0)
                   for b in StaffCountBasis)
