from models import Device, FlagCode, KeyProcess, Robot
from tests.validators.builders import clean_facts, ref
from validators.processes import process_keys, process_ref_flags


def test_clean_packet_has_every_key_process_equipped_and_no_unknown_reference():
    assert process_ref_flags(clean_facts()) == []


def test_key_process_without_equipment_is_flagged():
    facts = clean_facts()
    facts.processes.append(KeyProcess(ref=ref("工序说明.docx", 9, sheet=None), name="喷涂"))
    flags = process_ref_flags(facts)
    assert [(f.code, f.data["process"]) for f in flags] == [(FlagCode.PROCESS_WITHOUT_EQUIPMENT, "喷涂")]
    assert flags[0].evidence[0].row == 9


def test_non_key_process_without_equipment_is_not_flagged():
    facts = clean_facts()
    facts.processes.append(KeyProcess(ref=ref("工序说明.docx", 9, sheet=None), name="包装", is_key=False))
    assert process_ref_flags(facts) == []


def test_key_process_served_only_by_a_listed_robot_is_equipped():
    facts = clean_facts()
    facts.processes.append(KeyProcess(ref=ref("工序说明.docx", 9, sheet=None), name="码垛"))
    facts.robots.append(Robot(ref=ref("机器人清单.xlsx", 4), name="码垛机器人", process="码垛工序"))
    assert process_ref_flags(facts) == []


def test_equipment_referring_to_an_unknown_process_is_flagged_once_per_name():
    facts = clean_facts()
    facts.devices += [
        Device(ref=ref("设备清单.xlsx", 7), name="喷涂机", process="喷涂", quantity=2),
        Device(ref=ref("设备清单.xlsx", 8), name="喷枪", process="喷 涂"),
    ]
    flags = process_ref_flags(facts)
    assert [f.code for f in flags] == [FlagCode.UNKNOWN_PROCESS_REF]
    assert flags[0].data["quantity"] == 3 and [e.row for e in flags[0].evidence] == [7, 8]


def test_written_variants_of_a_known_process_are_not_unknown():
    known = {"机加工", "总装", "焊接"}
    assert process_keys("机加工（关键工序）", known) == ["机加工"]
    assert process_keys(" 机加工 工序 ", known) == ["机加工"]
    assert process_keys("焊接/总装", known) == ["焊接", "总装"]
    # a shared stem joins (issue 13: written differently across documents); scoring uses the same key
    assert process_keys("CNC机加工", known) == ["机加工"]


def test_equipment_serving_two_processes_equips_both():
    facts = clean_facts()
    facts.processes.append(KeyProcess(ref=ref("工序说明.docx", 9, sheet=None), name="喷涂"))
    facts.devices.append(Device(ref=ref("设备清单.xlsx", 7), name="机器人", process="装配、喷涂"))
    assert process_ref_flags(facts) == []


def test_no_process_description_means_no_process_flags():
    facts = clean_facts()
    facts.processes = []
    facts.devices.append(Device(ref=ref("设备清单.xlsx", 7), name="喷涂机", process="喷涂"))
    assert process_ref_flags(facts) == []


def test_no_equipment_list_means_no_process_flags():
    facts = clean_facts()
    facts.devices, facts.robots = [], []
    assert process_ref_flags(facts) == []
