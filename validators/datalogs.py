"""Data-collection logs measured against the data period: defined in `models.period` (the one
module for period and coverage); re-exported for the validators."""

from models.period import (
    GAP_TOLERANCE_DAYS,
    Coverage,
    DeviceCoverage,
    coverage,
    describe_gaps,
    device_coverages,
    longest_consecutive,
    merge_runs,
    months_with_data,
    union_of,
)

__all__ = [
    "GAP_TOLERANCE_DAYS",
    "Coverage",
    "DeviceCoverage",
    "coverage",
    "describe_gaps",
    "device_coverages",
    "longest_consecutive",
    "merge_runs",
    "months_with_data",
    "union_of",
]
