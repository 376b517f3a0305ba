from datetime import date
from fractions import Fraction

from models import FlagCode, StaffRole
from models.policy import DEFAULT_POLICY, ScoringPolicy
from scoring.indicators.robots_per_production_worker import compute
from tests.scoring.builders import device, employee, packet, robot, staff


def test_mismatch_uses_the_smaller_count_and_flags_both_sources():
    facts = packet(robots=[robot(3), robot(2)], devices=[device("焊接机器人", quantity=4, robot=True), device("车床")],
                   employees=staff(40))
    out = compute(facts, DEFAULT_POLICY)
    assert (out.numerator, out.denominator) == (4, 40)
    flag = next(f for f in out.flags if f.code == FlagCode.ROBOT_COUNT_MISMATCH)
    assert flag.data["robot_list"] == 5 and flag.data["equipment_list"] == 4
    files = {e.file for e in flag.evidence}
    assert files == {"机器人清单.xlsx", "设备清单.xlsx"}


def test_smaller_is_the_robot_list_when_it_is_smaller():
    facts = packet(robots=[robot(2)], devices=[device("机器人", quantity=6, robot=True)], employees=staff(10))
    assert compute(facts, DEFAULT_POLICY).numerator == 2


def test_agreeing_sources_raise_no_flag():
    facts = packet(robots=[robot(3)], devices=[device("机器人", quantity=3, robot=True)], employees=staff(10))
    out = compute(facts, DEFAULT_POLICY)
    assert out.numerator == 3 and out.flags == []


def test_only_one_source_is_used_as_is():
    assert compute(packet(robots=[robot(7)], employees=staff(10)), DEFAULT_POLICY).numerator == 7
    facts = packet(devices=[device("机器人", quantity=5, robot=True), device("车床", quantity=9)], employees=staff(10))
    assert compute(facts, DEFAULT_POLICY).numerator == 5
    # an equipment list that marks no robot is not read as "zero robots" against the robot list
    facts = packet(robots=[robot(4)], devices=[device("车床", quantity=9)], employees=staff(10))
    out = compute(facts, DEFAULT_POLICY)
    assert out.numerator == 4 and out.flags == []


def test_only_direct_staff_count_and_uncertain_or_unknown_count_as_direct():
    emps = (staff(10) + staff(5, StaffRole.INDIRECT) + [employee(role=None, headcount=2)]
            + [employee(role=StaffRole.INDIRECT, uncertain=True)] + [employee(headcount=20, title="装配工")])
    facts = packet(robots=[robot(1)], employees=emps)
    assert compute(facts, DEFAULT_POLICY).denominator == 10 + 2 + 1 + 20
    strict = ScoringPolicy(uncertain_staff_count_as_direct=False)
    assert compute(facts, strict).denominator == 10 + 20


def test_staff_counted_only_when_employed_during_the_period():
    emps = [
        employee(hired=date(2020, 3, 1)),  # in
        employee(hired=date(2025, 12, 31)),  # hired on the last day: in
        employee(hired=date(2026, 1, 2)),  # hired after the period: out
        employee(hired=date(2019, 1, 1), left=date(2024, 12, 31)),  # left before: out
        employee(hired=date(2019, 1, 1), left=date(2025, 1, 1)),  # left on the first day: in
        employee(),  # no dates: in
    ]
    out = compute(packet(robots=[robot(1)], employees=emps), DEFAULT_POLICY)
    assert out.denominator == 4
    assert next(f for f in out.facts if f.name == "staff_rows_outside_period").value == 2


def test_value_is_exact_ratio():
    out = compute(packet(robots=[robot(12)], employees=[employee(headcount=350)]), DEFAULT_POLICY)
    assert out.exact() == Fraction(12, 350)
    assert out.display(DEFAULT_POLICY) == 0.0343


def test_no_roster_or_no_direct_staff_gives_null():
    for facts in (packet(robots=[robot(3)]), packet(robots=[robot(3)], employees=staff(4, StaffRole.INDIRECT))):
        out = compute(facts, DEFAULT_POLICY)
        assert out.exact() is None
        assert [f.code for f in out.flags] == [FlagCode.MISSING_EVIDENCE]
