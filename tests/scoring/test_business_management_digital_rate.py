from datetime import date

from models import FlagCode
from models.period import live_cutoff
from models.policy import DEFAULT_POLICY, ScoringPolicy
from scoring.indicators.business_management_digital_rate import compute
from tests.scoring.builders import ALL_SEGMENTS, packet, system


def test_live_cutoff_is_three_full_months_before_period_end():
    assert live_cutoff(date(2025, 12, 31), 3) == date(2025, 10, 1)
    assert live_cutoff(date(2025, 5, 30), 3) == date(2025, 2, 28)


def test_all_seven_digitised():
    out = compute(packet(business_systems=[system(s) for s in ALL_SEGMENTS]), DEFAULT_POLICY)
    assert (out.numerator, out.denominator) == (7, 7) and out.flags == []


def test_missing_standard_segment_stays_in_denominator_and_is_flagged():
    out = compute(packet(business_systems=[system(s) for s in ALL_SEGMENTS[:5]]), DEFAULT_POLICY)
    assert (out.numerator, out.denominator) == (5, 7)
    assert sorted(f.data["segment"] for f in out.flags if f.code == FlagCode.STANDARD_SEGMENT_MISSING) == ["hr", "office"]


def test_extra_segments_join_the_denominator():
    rows = [system(s) for s in ALL_SEGMENTS] + [system("仓储物流"), system("质量管理", name=None)]
    out = compute(packet(business_systems=rows), DEFAULT_POLICY)
    assert (out.numerator, out.denominator) == (8, 9)


def test_go_live_boundary_and_young_system():
    rows = [system(s) for s in ALL_SEGMENTS[:5]]
    rows += [system("hr", go_live=date(2025, 10, 1)),  # exactly 3 months: counts
             system("office", name="OA", go_live=date(2025, 10, 2))]  # one day short
    out = compute(packet(business_systems=rows), DEFAULT_POLICY)
    assert out.numerator == 6
    [flag] = out.flags
    assert flag.code == FlagCode.SYSTEM_DATA_INSUFFICIENT and flag.data["segment"] == "office"
    assert "2025-10-01" in flag.message


def test_unknown_go_live_is_not_counted_by_default():
    rows = [system(s) for s in ALL_SEGMENTS[:6]] + [system("office", go_live=None)]
    out = compute(packet(business_systems=rows), DEFAULT_POLICY)
    assert out.numerator == 6
    assert [f.code for f in out.flags] == [FlagCode.SYSTEM_DATA_INSUFFICIENT]
    assert compute(packet(business_systems=rows), ScoringPolicy(unknown_go_live_counts=True)).numerator == 7


def test_not_in_use_or_unnamed_system_does_not_count_and_a_good_sibling_suppresses_flags():
    rows = [system(s) for s in ALL_SEGMENTS[:5]]
    rows += [system("hr", in_use=False), system("office", name=None)]
    rows += [system("production", go_live=date(2025, 12, 1))]  # a young second system: segment already digitised
    out = compute(packet(business_systems=rows), DEFAULT_POLICY)
    assert out.numerator == 5
    assert out.flags == []


def test_written_segment_names_are_recognised():
    rows = [system("人力资源", raw="人力资源"), system("协同办公（OA）"), system("财务管理")]
    out = compute(packet(business_systems=rows), DEFAULT_POLICY)
    assert (out.numerator, out.denominator) == (3, 7)


def test_no_system_list_gives_null():
    out = compute(packet(), DEFAULT_POLICY)
    assert out.exact() is None and [f.code for f in out.flags] == [FlagCode.MISSING_EVIDENCE]
