from datetime import date

from models import DayRange
from models.period import (
    GAP_TOLERANCE_DAYS,
    coverage,
    device_coverages,
    longest_consecutive,
    merge_runs,
)
from tests.validators.builders import YEAR, clean_facts, span

START, END = date(YEAR - 1, 1, 1), date(YEAR - 1, 12, 31)


def test_merge_runs_joins_touching_and_overlapping_runs():
    runs = [DayRange(start=date(2025, 1, 5), end=date(2025, 1, 9)), DayRange(start=date(2025, 1, 1), end=date(2025, 1, 4)),
            DayRange(start=date(2025, 1, 8), end=date(2025, 1, 20)), DayRange(start=date(2025, 2, 1), end=date(2025, 2, 1))]
    assert [(r.start.day, r.end.day) for r in merge_runs(runs)] == [(1, 20), (1, 1)]


def test_gaps_up_to_the_tolerance_are_normal_longer_ones_are_listed():
    a = DayRange(start=date(2025, 1, 1), end=date(2025, 1, 10))
    short = DayRange(start=date(2025, 1, 11 + GAP_TOLERANCE_DAYS), end=date(2025, 1, 31))
    long = DayRange(start=date(2025, 1, 12 + GAP_TOLERANCE_DAYS), end=date(2025, 1, 31))
    assert coverage([a, short], START, END).long_gaps == []
    (gap,) = coverage([a, long], START, END).long_gaps
    assert gap.days == GAP_TOLERANCE_DAYS + 1


def test_coverage_clips_to_the_period():
    runs = [DayRange(start=date(2024, 12, 1), end=date(2025, 1, 10))]
    cov = coverage(runs, START, END)
    assert (cov.days_within, cov.first, cov.last) == (10, START, date(2025, 1, 10))


def test_longest_consecutive_months():
    assert longest_consecutive([1, 2, 4, 5, 6, 9]) == (4, 6)
    assert longest_consecutive([]) is None


def test_device_coverages_join_the_equipment_list_by_asset_key_and_merge_exports():
    facts = clean_facts()
    spans = [span("SB-001", date(YEAR - 1, 1, 1), 50, file="a.csv"), span("SB001", date(YEAR - 1, 3, 1), 30, file="b.csv"),
             span("XX-999", date(YEAR - 1, 1, 1), 10)]
    out = {c.asset_no: c for c in device_coverages(spans, facts.devices, START, END)}
    assert out["SB-001"].device_ref.row == 3 and out["SB-001"].claimed_networked is True
    assert out["SB-001"].coverage.days_within == 50 + 30 and len(out["SB-001"].log_refs) == 2
    assert out["XX-999"].device_ref is None
