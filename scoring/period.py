"""Period helpers shared by the indicators (the data period itself is decided by validators)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from models import PacketFacts


def period_bounds(facts: PacketFacts) -> tuple[date | None, date | None]:
    p = facts.period
    return (p.start, p.end) if p else (None, None)


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, clamped to the month's last day (05-31 − 3 → 02-28/29)."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def live_cutoff(period_end: date, months: int) -> date:
    """Latest go-live date giving ≥ `months` full months of use by the end of the period:
    (end + 1 day) − months, e.g. end 2025-12-31, 3 months → 2025-10-01."""
    return months_before(period_end + timedelta(days=1), months)
