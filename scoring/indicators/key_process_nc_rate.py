"""关键工序数控化率: NC'd key processes / all key processes × 100 %.

A key process is NC'd when all equipment mapped to it is NC (policy `nc_process_rule`, "any"
as the alternative); a mix raises PARTIAL_NC_PROCESS. Robots (equipment rows marked as robots,
and robot-list rows naming the process) are NC equipment of their process. Equipment of
non-key processes is ignored here. A key process with no equipment is not NC'd (the
PROCESS_WITHOUT_EQUIPMENT flag is the validators' business).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models import ControlType, Device, EvidenceRef, FlagCode, PacketFacts, make_flag
from models.policy import ScoringPolicy
from scoring.names import process_key, process_keys
from scoring.outcome import IndicatorOutcome, bounded, fact, missing

KEY = "key_process_nc_rate"


def device_is_nc(device: Device) -> bool:
    """The row's own 是否数控化 when given; else its 控制方式 (any NC/CNC/DNC/FMC/PLC/DCS/PCS family);
    a robot is NC equipment; an unknown row is not NC (conservative)."""
    if device.is_robot:
        return True
    if device.is_nc is not None:
        return device.is_nc
    return device.control_type is not None and device.control_type != ControlType.MANUAL


@dataclass
class _Units:
    nc: int = 0
    non_nc: int = 0
    nc_refs: list[EvidenceRef] = field(default_factory=list)
    non_nc_refs: list[EvidenceRef] = field(default_factory=list)

    def add(self, nc: bool, qty: int, ref: EvidenceRef) -> None:
        if nc:
            self.nc += qty
            self.nc_refs.append(ref)
        else:
            self.non_nc += qty
            self.non_nc_refs.append(ref)


def compute(facts: PacketFacts, policy: ScoringPolicy) -> IndicatorOutcome:
    if not facts.processes:
        return missing(KEY, "%", "未提供生产工序说明材料，无法计算关键工序数控化率")
    key_processes: dict[str, str] = {}  # key → name as written (first seen)
    key_refs: dict[str, EvidenceRef] = {}
    for p in facts.processes:
        k = process_key(p.name)
        if p.is_key and k and k not in key_processes:
            key_processes[k] = p.name
            key_refs[k] = p.ref
    if not key_processes:
        return missing(KEY, "%", "生产工序说明未标明关键工序，无法计算关键工序数控化率")
    if not facts.devices:
        return missing(KEY, "%", "未提供生产设备清单（逐项说明对应工序及是否数控化），无法计算关键工序数控化率")

    known = set(key_processes)
    units: dict[str, _Units] = {k: _Units() for k in key_processes}
    for d in facts.devices:
        for k in process_keys(d.process, known):
            if k in units:
                units[k].add(device_is_nc(d), max(d.quantity, 0), d.ref)
    for r in facts.robots:
        for k in process_keys(r.process, known):
            if k in units:
                units[k].add(True, max(r.quantity, 0), r.ref)

    outcome = IndicatorOutcome(key=KEY, unit="%")
    nc_keys: list[str] = []
    for k, u in units.items():
        has_nc, has_non = u.nc > 0 or bool(u.nc_refs), u.non_nc > 0 or bool(u.non_nc_refs)
        nc = has_nc and not has_non if policy.nc_process_rule == "all" else has_nc
        if nc:
            nc_keys.append(k)
        if has_nc and has_non:
            counted = "按“全部设备数控化”规则计为未数控化" if policy.nc_process_rule == "all" else "按“任一设备数控化”规则计为已数控化"
            outcome.flags.append(
                make_flag(
                    FlagCode.PARTIAL_NC_PROCESS,
                    f"关键工序“{key_processes[k]}”的设备中{u.nc}台（套）数控化、{u.non_nc}台（套）未数控化，{counted}",
                    evidence=bounded(u.non_nc_refs + u.nc_refs, policy),
                    indicator=KEY,
                    process=key_processes[k],
                    nc_units=u.nc,
                    non_nc_units=u.non_nc,
                )
            )
    outcome.numerator, outcome.denominator = float(len(nc_keys)), float(len(key_processes))
    rule = "全部设备数控化" if policy.nc_process_rule == "all" else "任一设备数控化"
    outcome.facts = [
        fact(KEY, "key_processes_total", len(key_processes), list(key_refs.values()), policy, "个",
             note="、".join(key_processes.values())),
        fact(KEY, "nc_key_processes", len(nc_keys), [key_refs[k] for k in nc_keys], policy, "个",
             note=f"规则：{rule}；" + "、".join(key_processes[k] for k in nc_keys)),
        fact(KEY, "key_process_nc_units", sum(u.nc for u in units.values()),
             [r for u in units.values() for r in u.nc_refs], policy, "台（套）"),
        fact(KEY, "key_process_non_nc_units", sum(u.non_nc for u in units.values()),
             [r for u in units.values() for r in u.non_nc_refs], policy, "台（套）"),
    ]
    return outcome
