from fractions import Fraction

from models import ControlType, FlagCode
from models.policy import DEFAULT_POLICY, ScoringPolicy
from scoring.indicators.key_process_nc_rate import compute, device_is_nc
from tests.scoring.builders import device, packet, process, robot

ANY = ScoringPolicy(nc_process_rule="any")


def _facts(**kw):
    return packet(
        processes=[process("下料"), process("焊接工序"), process("装配"), process("包装", is_key=False)],
        **kw,
    )


def _fact(outcome, name):
    return next(f for f in outcome.facts if f.name == name)


def test_all_rule_counts_process_only_when_every_device_is_nc():
    facts = _facts(devices=[
        device("激光切割机", "下料", quantity=2, is_nc=True),
        device("焊机", "焊接", quantity=3, is_nc=True),
        device("手工焊台", "焊接 工序", quantity=1, is_nc=False),
        device("装配台", "装配", quantity=4, control=ControlType.MANUAL),
        device("包装机", "包装", quantity=9, is_nc=True),  # not a key process: ignored
    ])
    out = compute(facts, DEFAULT_POLICY)
    assert (out.numerator, out.denominator) == (1.0, 3.0)
    assert out.exact() == Fraction(100, 3)
    partial = [f for f in out.flags if f.code == FlagCode.PARTIAL_NC_PROCESS]
    assert len(partial) == 1 and partial[0].data["process"] == "焊接工序"
    assert partial[0].data["nc_units"] == 3 and partial[0].data["non_nc_units"] == 1
    assert {e.row for e in partial[0].evidence} == {facts.devices[1].ref.row, facts.devices[2].ref.row}
    assert _fact(out, "key_processes_total").value == 3
    assert _fact(out, "key_process_nc_units").value == 5  # quantities count, non-key ignored


def test_any_rule_counts_mixed_process_and_still_flags_it():
    facts = _facts(devices=[
        device("焊机", "焊接", is_nc=True), device("手工焊台", "焊接", is_nc=False),
        device("激光切割机", "下料", is_nc=True),
    ])
    assert compute(facts, DEFAULT_POLICY).numerator == 1
    out = compute(facts, ANY)
    assert out.numerator == 2 and out.denominator == 3
    assert [f.code for f in out.flags] == [FlagCode.PARTIAL_NC_PROCESS]
    assert "任一" in out.flags[0].message


def test_robots_are_nc_equipment_of_their_process():
    facts = _facts(
        devices=[device("焊接机器人", "焊接", robot=True), device("装配台", "装配", is_nc=False)],
        robots=[robot(2, process="装配")],
    )
    out = compute(facts, DEFAULT_POLICY)
    # 焊接: robot row only → NC; 装配: robot (NC) + manual table → partial, not NC under "all"
    assert out.numerator == 1
    assert [f.data["process"] for f in out.flags] == ["装配"]


def test_key_process_without_equipment_is_not_nc_and_raises_no_flag_here():
    facts = _facts(devices=[device("激光切割机", "下料", is_nc=True)])
    out = compute(facts, DEFAULT_POLICY)
    assert (out.numerator, out.denominator) == (1, 3)
    assert out.flags == []


def test_device_nc_derivation():
    assert device_is_nc(device(control=ControlType.CNC))
    assert device_is_nc(device(control=ControlType.PLC))
    assert not device_is_nc(device(control=ControlType.MANUAL))
    assert not device_is_nc(device())  # unknown → conservative
    assert not device_is_nc(device(control=ControlType.CNC, is_nc=False))  # the row's own statement wins
    assert device_is_nc(device(robot=True))


def test_device_serving_two_processes_counts_in_both():
    facts = _facts(devices=[device("柔性单元", "下料/焊接", is_nc=True)])
    assert compute(facts, DEFAULT_POLICY).numerator == 2


def test_process_names_match_after_normalisation():
    facts = packet(processes=[process("ＳＭＴ贴片（关键工序）")], devices=[device("贴片机", "smt 贴片工序", is_nc=True)])
    assert compute(facts, DEFAULT_POLICY).numerator == 1


def test_missing_description_or_key_processes_or_equipment_gives_null():
    for facts in (
        packet(devices=[device("x", "下料", is_nc=True)]),
        packet(processes=[process("包装", is_key=False)], devices=[device("x", "包装", is_nc=True)]),
        packet(processes=[process("下料")]),
    ):
        out = compute(facts, DEFAULT_POLICY)
        assert out.exact() is None and out.numerator is None
        assert [f.code for f in out.flags] == [FlagCode.MISSING_EVIDENCE]
