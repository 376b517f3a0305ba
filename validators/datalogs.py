"""Data-collection logs (设备数据采集记录) measured against the data period.

The extractor reduces tens of thousands of log rows to each device's runs of days with data
(`DataLogSpan.runs`); here those runs are intersected with the period. Counting a device as
networked (≥ `policy.min_log_days` days, `NETWORK_DATA_INSUFFICIENT`) is scoring's rule; this module measures
coverage and gaps for the period checks and their messages.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import pairwise

from pydantic import BaseModel, Field

from models import DataLogSpan, DayRange, Device, EvidenceRef, asset_key

# Gaps of up to this many days without data are normal operation (a weekend, a public holiday,
# a short maintenance stop); longer gaps inside the period are listed in the messages.
GAP_TOLERANCE_DAYS = 7


class Coverage(BaseModel):
    """What a set of runs covers inside [start, end]."""

    days_within: int
    first: date | None = None  # first day with data inside the period
    last: date | None = None
    long_gaps: list[DayRange] = Field(default_factory=list)  # gaps > GAP_TOLERANCE_DAYS inside the period


def merge_runs(runs: Iterable[DayRange]) -> list[DayRange]:
    """Sorted union of runs; touching runs (end + 1 day = next start) join."""
    out: list[DayRange] = []
    for r in sorted(runs, key=lambda r: r.start):
        if out and r.start <= out[-1].end + timedelta(days=1):
            if r.end > out[-1].end:
                out[-1] = DayRange(start=out[-1].start, end=r.end)
        else:
            out.append(DayRange(start=r.start, end=r.end))
    return out


def union_of(spans: Iterable[DataLogSpan]) -> list[DayRange]:
    return merge_runs(r for s in spans for r in s.runs)


def coverage(runs: list[DayRange], start: date, end: date) -> Coverage:
    """Days with data inside [start, end] of sorted, non-overlapping `runs`, and the long gaps between them."""
    inside = [
        DayRange(start=max(r.start, start), end=min(r.end, end)) for r in runs if r.end >= start and r.start <= end
    ]
    gaps = [
        DayRange(start=a.end + timedelta(days=1), end=b.start - timedelta(days=1))
        for a, b in pairwise(inside)
        if (b.start - a.end).days - 1 > GAP_TOLERANCE_DAYS
    ]
    return Coverage(
        days_within=sum(r.days for r in inside),
        first=inside[0].start if inside else None,
        last=inside[-1].end if inside else None,
        long_gaps=gaps,
    )


def months_with_data(runs: list[DayRange], year: int, min_days: int) -> list[int]:
    """Months (1–12) of `year` with data on at least `min_days` days (policy.month_min_data_days)."""
    months = []
    for m in range(1, 13):
        last = calendar.monthrange(year, m)[1]
        if coverage(runs, date(year, m, 1), date(year, m, last)).days_within >= min_days:
            months.append(m)
    return months


def longest_consecutive(months: list[int]) -> tuple[int, int] | None:
    """(first, last) month of the longest run of consecutive months, the earliest on ties."""
    best: tuple[int, int] | None = None
    i = 0
    while i < len(months):
        j = i
        while j + 1 < len(months) and months[j + 1] == months[j] + 1:
            j += 1
        if best is None or months[j] - months[i] > best[1] - best[0]:
            best = (months[i], months[j])
        i = j + 1
    return best


def describe_gaps(gaps: list[DayRange], limit: int = 3) -> str:
    """``2025-03-01 至 2025-04-15（46 天）`` for the longest gaps, for messages."""
    longest = sorted(gaps, key=lambda g: -g.days)[:limit]
    return "；".join(f"{g.start.isoformat()} 至 {g.end.isoformat()}（{g.days} 天）" for g in longest)


class DeviceCoverage(BaseModel):
    """One logged device inside the period, joined to its equipment-list row by `asset_key`
    (SB-001 = SB001): for the report and the review UI, beside scoring's counting."""

    asset_no: str  # as written in the log
    device_ref: EvidenceRef | None = None  # the equipment-list row, None when no row matches
    claimed_networked: bool | None = None
    coverage: Coverage
    log_refs: list[EvidenceRef] = Field(default_factory=list)  # first row of the device in each export


def device_coverages(spans: list[DataLogSpan], devices: list[Device], start: date, end: date) -> list[DeviceCoverage]:
    """Each logged asset's days with data and long gaps inside [start, end]; exports of the same
    asset (split by month or file) are merged."""
    by_key: dict[str, list[DataLogSpan]] = {}
    for s in spans:
        by_key.setdefault(asset_key(s.asset_no), []).append(s)
    rows = {asset_key(d.asset_no): d for d in devices if d.asset_no}
    out = []
    for key, group in by_key.items():
        d = rows.get(key)
        out.append(
            DeviceCoverage(
                asset_no=group[0].asset_no,
                device_ref=d.ref if d else None,
                claimed_networked=d.is_networked if d else None,
                coverage=coverage(union_of(group), start, end),
                log_refs=[s.ref for s in group],
            )
        )
    return out
