from models import Device, Employee, FlagCode
from tests.validators.builders import clean_facts, ref
from validators.duplicates import DUPLICATE_COLLAPSE_MIN, duplicate_flags


def test_clean_packet_has_no_duplicates_although_robots_appear_in_both_lists():
    assert duplicate_flags(clean_facts()) == []


def test_same_asset_number_written_differently_is_a_duplicate():
    facts = clean_facts()
    facts.devices.append(Device(ref=ref("设备清单.xlsx", 9), name="激光切割机", asset_no="ＳＢ００１", process="下料"))
    flags = duplicate_flags(facts)
    assert [f.code for f in flags] == [FlagCode.DUPLICATE_RECORD]
    assert [e.row for e in flags[0].evidence] == [3, 9]


def test_neighbouring_asset_numbers_are_not_duplicates():
    facts = clean_facts()
    facts.devices.append(Device(ref=ref("设备清单.xlsx", 9), name="激光切割机", asset_no="SB-0011", process="下料"))
    assert duplicate_flags(facts) == []


def test_repeated_employee_number_is_a_duplicate_but_an_aggregate_line_is_not():
    facts = clean_facts()
    facts.employees.append(Employee(ref=ref("人员名单.xlsx", 40), name="员工3b", employee_no="g0003"))
    facts.employees.append(Employee(ref=ref("人员名单.xlsx", 41), job_title="装配工", headcount=12))
    flags = duplicate_flags(facts)
    assert [(f.code, f.data["key"]) for f in flags] == [(FlagCode.DUPLICATE_RECORD, "G0003")]


def test_a_list_submitted_twice_is_reported_once():
    facts = clean_facts()
    facts.devices = [
        Device(ref=ref(f, i + 3), name="车床", asset_no=f"SB-{i:03d}")
        for f in ("设备清单.xlsx", "设备清单.pdf")
        for i in range(DUPLICATE_COLLAPSE_MIN + 2)
    ]
    flags = duplicate_flags(facts)
    assert len(flags) == 1 and flags[0].data["occurrences"] == DUPLICATE_COLLAPSE_MIN + 2
