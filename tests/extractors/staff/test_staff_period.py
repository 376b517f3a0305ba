"""Counting a classified roster over the data period (models.staff.StaffCount)."""

from __future__ import annotations

from datetime import date

import pytest

from extractors.staff.period import monthly_average, staff_counts
from models import StaffRole
from models.staff import STAFF_COUNT_BASIS, StaffCount, StaffCountBasis
from tests.extractors.staff.conftest import employee

START, END = date(2024, 1, 1), date(2024, 12, 31)


def direct(row: int, **kw: object):  # type: ignore[no-untyped-def]
    return employee(row, "焊工", "焊装车间", role=StaffRole.DIRECT, **kw)


def test_employed_during_period_at_end_and_average() -> None:
    rows = [
        direct(2),  # whole year, no dates
        direct(3, hired=date(2024, 7, 1)),  # second half
        direct(4, left=date(2024, 3, 31)),  # first quarter
        direct(5, hired=date(2025, 1, 2)),  # after the period
        direct(6, left=date(2023, 12, 31)),  # before the period
        direct(7, left=date(2024, 1, 1)),  # left on the first day: employed during
        employee(8, "会计", "财务部", role=StaffRole.INDIRECT),
    ]
    c = staff_counts(rows, START, END)
    assert c.employed_during_period == 4
    assert c.at_period_end == 2
    assert c.rows_outside_period == 2
    assert c.indirect == 1
    # Monthly averages: 1 + (Jan 1/31 + Feb-Mar 1) + ... → 1 + 0.5 + 3/12 + (1/31)/12
    assert c.average_over_period == pytest.approx(1 + 0.5 + 0.25 + 1 / 31 / 12, abs=0.01)
    assert c.used_for_indicator == STAFF_COUNT_BASIS == StaffCountBasis.EMPLOYED_DURING_PERIOD
    assert c.direct == 4


def test_aggregated_rows_count_their_headcount_and_uncertain_rows_count_as_direct() -> None:
    rows = [
        direct(2, headcount=120),
        employee(3, "质检员", "质量部", role=StaffRole.DIRECT, role_uncertain=True, headcount=8),
        employee(4, "岗位不详", None, headcount=5),  # unclassified: counts as direct
        employee(5, "保安", "行政部", role=StaffRole.INDIRECT, headcount=6),
        employee(6, "焊工", "焊装车间", role=StaffRole.INDIRECT, role_source="status", status="长期病假"),
    ]
    c = staff_counts(rows, START, END)
    assert (c.employed_during_period, c.at_period_end, c.average_over_period) == (133, 133, 133)
    assert (c.uncertain_rows, c.uncertain_headcount, c.unclassified_rows) == (1, 8, 1)
    assert (c.indirect, c.long_absence) == (7, 1)


def test_status_left_without_a_date_is_not_in_post_at_the_end() -> None:
    c = staff_counts([direct(2, status="离职"), direct(3)], START, END)
    assert (c.employed_during_period, c.at_period_end) == (2, 1)


def test_three_months_of_the_assessment_year() -> None:
    rows = [direct(2), direct(3, hired=date(2025, 2, 1))]
    c = staff_counts(rows, date(2025, 1, 1), date(2025, 3, 31))
    assert c.average_over_period == pytest.approx((1 + 2 + 2) / 3, abs=0.01)
    assert c.figure(StaffCountBasis.AT_PERIOD_END) == 2


def test_without_a_period_the_figures_ignore_dates() -> None:
    c = staff_counts([direct(2, hired=date(2030, 1, 1)), direct(3, left=date(2020, 1, 1))], None, None)
    assert (c.employed_during_period, c.at_period_end, c.average_over_period) == (2, 1, 2.0)


def test_monthly_average_of_half_a_month() -> None:
    assert monthly_average([direct(2, hired=date(2024, 4, 16))], date(2024, 4, 1), date(2024, 4, 30)) == 0.5


def test_stated_figure_matches_any_basis() -> None:
    c = StaffCount(employed_during_period=110, at_period_end=100, average_over_period=104.6)
    assert c.matches(110) and c.matches(100) and c.matches(105)
    assert not c.matches(120)
    assert StaffCount.model_validate_json(c.model_dump_json()).direct == 110


@pytest.mark.parametrize("status", ["退休返聘", "退休后返聘", "退休留用"])
def test_rehired_retiree_is_in_post_at_the_end(status: str) -> None:
    c = staff_counts([direct(2, status=status), direct(3, status="已退休")], START, END)
    assert (c.employed_during_period, c.at_period_end) == (2, 1)
