"""Counting a classified roster over the data period (SPEC §2 "Data period").

A person counts as employed during the period when hired on or before its end and not left
before its start; a missing date does not exclude (hired unknown: in post from the start; left
unknown: still in post). Status 离职 without a leaving date is not in post at the period end but
does count as employed during the period (the date decides, as scoring reads it).

The average is the statistics bureau's 平均人数: per calendar month, the mean daily headcount
over the month's days inside the period; then the mean of those monthly figures.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from models.policy import DEFAULT_POLICY
from models.records import Employee, headcount
from models.staff import STAFF_COUNT_BASIS, StaffCount, StaffCountBasis

_LEFT_WORDS = ("离职", "辞职", "离岗离职", "解聘", "退休", "已离开")
# A status that names a leaving word but means the person works: 退休返聘 (re-hired after retiring).
_STILL_WORKING_WORDS = ("返聘", "留用")


def _has_left_without_date(e: Employee) -> bool:
    status = e.status or ""
    if e.left is not None or not status or any(w in status for w in _STILL_WORKING_WORDS):
        return False
    return any(w in status for w in _LEFT_WORDS)


heads = headcount  # (models.records.headcount)


def employed_during(e: Employee, start: date | None, end: date | None) -> bool:
    """The rule is `Employee.employed_during` (one definition, scoring and validators use it too)."""
    return e.employed_during(start, end)


def in_post_on(e: Employee, day: date | None) -> bool:
    if day is None:
        return e.left is None and not _has_left_without_date(e)
    if e.hired is not None and e.hired > day:
        return False
    if e.left is not None and e.left < day:
        return False
    return not _has_left_without_date(e)


def _months(start: date, end: date) -> list[tuple[date, date]]:
    """The calendar months overlapping [start, end], each clipped to it."""
    out = []
    cur = start
    while cur <= end:
        last = date(cur.year, cur.month, calendar.monthrange(cur.year, cur.month)[1])
        out.append((cur, min(last, end)))
        cur = last + timedelta(days=1)
    return out


def _days_in_post(e: Employee, lo: date, hi: date) -> int:
    a = max(lo, e.hired) if e.hired else lo
    b = min(hi, e.left) if e.left else hi
    return max((b - a).days + 1, 0)


def monthly_average(employees: list[Employee], start: date, end: date) -> float:
    """平均人数 of `employees` over [start, end] (headcount-weighted)."""
    months = _months(start, end)
    if not months:
        return 0.0
    total = 0.0
    for lo, hi in months:
        days = (hi - lo).days + 1
        total += sum(max(e.headcount, 0) * _days_in_post(e, lo, hi) for e in employees) / days
    return round(total / len(months), 2)


def staff_counts(
    employees: list[Employee],
    period_start: date | None,
    period_end: date | None,
    basis: StaffCountBasis = STAFF_COUNT_BASIS,
    uncertain_as_direct: bool = DEFAULT_POLICY.uncertain_staff_count_as_direct,
) -> StaffCount:
    """Count classified roster rows (classify_employees first) over the period."""
    inside = [e for e in employees if e.employed_during(period_start, period_end)]
    direct = [e for e in inside if e.counts_as_direct(uncertain_as_direct)]
    indirect = [e for e in inside if not e.counts_as_direct(uncertain_as_direct)]
    during = heads(direct)
    if period_start is not None and period_end is not None and period_start <= period_end:
        average = monthly_average(direct, period_start, period_end)
    else:
        average = float(during)  # no period to average over
    uncertain = [e for e in direct if e.role_uncertain]
    return StaffCount(
        period_start=period_start,
        period_end=period_end,
        employed_during_period=during,
        at_period_end=heads([e for e in direct if in_post_on(e, period_end)]),
        average_over_period=average,
        indirect=heads(indirect),
        long_absence=heads([e for e in indirect if e.role_source == "status"]),
        uncertain_rows=len(uncertain),
        uncertain_headcount=heads(uncertain),
        unclassified_rows=sum(e.role is None for e in direct),
        rows_outside_period=len(employees) - len(inside),
        used_for_indicator=basis,
    )
