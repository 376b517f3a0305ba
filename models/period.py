"""The data period and the log coverage: the one module every stage reads (SPEC §2 "Data period").

The period step of the check (flows.steps) calls `decide_period` and stores the result as the
fact `PacketFacts.period`; staff counts, scoring and the validators read that fact and measure log
coverage with the functions here. Every number comes from `ScoringPolicy` (min_log_days,
min_current_months, month_min_data_days).

Basis: Y−1 unless the data-collection logs show ≥ `policy.min_current_months` consecutive months
of Y and less than `policy.min_log_days` days of Y−1, in which case the period is those months
of Y (`current_months`). Without an assessment year in the manifest, Y is inferred from the
documents (the validators flag it: ASSESSMENT_YEAR_INFERRED).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import pairwise

from pydantic import BaseModel, Field

from models.facts import DataPeriod, PacketFacts, PeriodBasis
from models.manifest import Manifest
from models.policy import DEFAULT_POLICY, ScoringPolicy
from models.provenance import EvidenceRef
from models.records import DataLogSpan, DayRange, Device, RecordSet, asset_key

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


# --- the period ------------------------------------------------------------------------------

def decide_period(
    manifest: Manifest, records: RecordSet, today: date | None = None, policy: ScoringPolicy = DEFAULT_POLICY
) -> DataPeriod:
    """The data period of the packet. `today` bounds an inferred year (tests pass it)."""
    year = manifest.assessment_year
    inferred = year is None
    if year is None:
        year, _ = infer_assessment_year(records, today or date.today())
    current = _current_months(records, year, policy)
    if current is not None:
        return DataPeriod(
            assessment_year=year, basis=PeriodBasis.CURRENT_MONTHS, start=current[0], end=current[1], inferred=inferred
        )
    return DataPeriod(
        assessment_year=year,
        basis=PeriodBasis.PRIOR_YEAR,
        start=date(year - 1, 1, 1),
        end=date(year - 1, 12, 31),
        inferred=inferred,
    )


def infer_assessment_year(records: RecordSet, today: date) -> tuple[int, str]:
    """Y and what it rests on: the year after the latest fiscal year; else the year after the latest
    log data; else this year. Never a year after this one (statements or logs of this year mean Y
    is this year)."""
    fiscal = [f.fiscal_year for f in records.financials if f.fiscal_year]
    if fiscal:
        return min(max(fiscal) + 1, today.year), f"财务资料的会计年度 {max(fiscal)} 年"
    last = max((r.end for s in records.log_spans for r in s.runs), default=None)
    if last is not None:
        year = last.year + 1 if last.year + 1 <= today.year else last.year
        return year, f"设备数据采集记录的日期（最晚 {last.isoformat()}）"
    return today.year, "当前年份"


def _current_months(records: RecordSet, year: int, policy: ScoringPolicy) -> tuple[date, date] | None:
    """(start, end) of the longest run of ≥ `policy.min_current_months` consecutive months of Y with log
    data, when the logs hold too little of Y−1 to stand on (< `policy.min_log_days` days). An audit report
    of Y−1 does not decide: the annual accounts of Y cannot exist yet, so it goes with either basis."""
    runs = union_of(records.log_spans)
    if coverage(runs, date(year - 1, 1, 1), date(year - 1, 12, 31)).days_within >= policy.min_log_days:
        return None
    best = longest_consecutive(months_with_data(runs, year, policy.month_min_data_days))
    if best is None or best[1] - best[0] + 1 < policy.min_current_months:
        return None
    return date(year, best[0], 1), date(year, best[1], calendar.monthrange(year, best[1])[1])


# --- period arithmetic the indicators use ------------------------------------------------------

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


def certificate_window(period: DataPeriod | None, policy: ScoringPolicy = DEFAULT_POLICY) -> tuple[date, date] | None:
    """The days a certificate must be in force on one of (policy.certificate_valid_on): the data
    period's last day, or the assessment year; None when neither the period nor the year is known."""
    year = period.assessment_year if period else None
    if policy.certificate_valid_on == "assessment_year":
        return (date(year, 1, 1), date(year, 12, 31)) if year else None
    if period is not None and period.end is not None:
        return period.end, period.end
    return (date(year - 1, 12, 31), date(year - 1, 12, 31)) if year else None
