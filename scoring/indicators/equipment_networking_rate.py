"""生产设备联网率: networked production devices / all production devices × 100 %.

Denominator: every row of the equipment list by quantity, robots included (robots of the robot
list are not added again: they are production equipment only as listed there). A device counts
as networked when it claims automatic collection (是否联网/自动采集) and, when the packet holds
any data-collection log, its log has ≥ `min_log_days` days with data inside the period.

Log ↔ device matching (policy `log_suffix_match`): by `models.asset_key`. A log whose key equals
the row's key supports every unit of the row; otherwise logs whose key is the row's key followed
by digits (SB001 → SB00101, SB00102 …; never another device's own key) support one unit each.
Claimed units without enough data raise NETWORK_DATA_INSUFFICIENT and are not counted. No logs
at all: the claims count and one MISSING_EVIDENCE flag says the ≥ 3 months data is missing.
"""

from __future__ import annotations

from models import DataLogSpan, Device, FlagCode, PacketFacts, asset_key, make_flag
from models.period import period_bounds
from models.policy import ScoringPolicy
from scoring.outcome import IndicatorOutcome, bounded, fact, missing

KEY = "equipment_networking_rate"


def log_days(span: DataLogSpan, facts: PacketFacts) -> int:
    """Days with data inside the period (all days with data when the period is unknown)."""
    start, end = period_bounds(facts)
    if start is None or end is None:
        return span.days_with_data
    return span.days_within(start, end)


def unit_logs(logs: dict[str, DataLogSpan], device_keys: set[str]) -> dict[str, list[DataLogSpan]]:
    """Per-unit logs by device key: a log key that is no device's own key, read as the longest
    device key it starts with followed by digits only (CNC0102 → CNC01 when CNC01 is a device)."""
    out: dict[str, list[DataLogSpan]] = {}
    for k, span in logs.items():
        if k in device_keys:
            continue
        i = len(k)
        while i > 1 and k[i - 1].isdigit():
            i -= 1
            if k[:i] in device_keys:
                out.setdefault(k[:i], []).append(span)
                break
    return out


def logs_for(device: Device, logs: dict[str, DataLogSpan], units_by_key: dict[str, list[DataLogSpan]],
             policy: ScoringPolicy) -> tuple[DataLogSpan | None, list[DataLogSpan]]:
    """(the row's own log, per-unit logs) of a device."""
    key = asset_key(device.asset_no)
    if not key:
        return None, []
    return logs.get(key), (units_by_key.get(key, []) if policy.log_suffix_match else [])


def supported_units(device: Device, own: DataLogSpan | None, units: list[DataLogSpan],
                    facts: PacketFacts, policy: ScoringPolicy) -> tuple[int, int]:
    """(units supported by logs, best days found) for a claimed-networked row."""
    qty = max(device.quantity, 0)
    own_days = log_days(own, facts) if own else 0
    if own and own_days >= policy.min_log_days:
        return qty, own_days
    unit_days = [log_days(s, facts) for s in units]
    good = sum(1 for d in unit_days if d >= policy.min_log_days)
    return min(qty, good), max([own_days, *unit_days], default=0)


def unique_assets(devices: list[Device]) -> tuple[list[Device], dict[int, list[Device]]]:
    """The devices with a repeated asset number (资产编号/设备编号 on two rows) counted once: the
    conservative row is kept (not networked before networked, then the smaller quantity); the
    second map gives, per kept row (by id), the repeated rows it stands for, to cite them all."""
    by_key: dict[str, list[Device]] = {}
    out: list[Device] = []
    for d in devices:
        k = asset_key(d.asset_no)
        if not k:
            out.append(d)
            continue
        if k not in by_key:
            out.append(d)
        by_key.setdefault(k, []).append(d)
    repeats: dict[int, list[Device]] = {}
    for i, d in enumerate(out):
        rows = by_key.get(asset_key(d.asset_no), [d]) if d.asset_no else [d]
        if len(rows) > 1:
            kept = min(rows, key=lambda r: (bool(r.is_networked), r.quantity))
            out[i] = kept
            repeats[id(kept)] = rows
    return out, repeats


def compute(facts: PacketFacts, policy: ScoringPolicy) -> IndicatorOutcome:
    devices, repeats = unique_assets(facts.devices)
    facts = facts.model_copy(update={"devices": devices})
    if not facts.devices:
        return missing(KEY, "%", "未提供生产设备清单（逐项说明是否自动采集），无法计算生产设备联网率")

    total = sum(max(d.quantity, 0) for d in facts.devices)
    if total <= 0:
        return missing(KEY, "%", "生产设备清单中设备数量合计为0，无法计算生产设备联网率")
    claimed = [d for d in facts.devices if d.is_networked]
    claimed_units = sum(max(d.quantity, 0) for d in claimed)
    outcome = IndicatorOutcome(key=KEY, unit="%")
    networked_refs = []
    if not facts.log_spans:
        networked = claimed_units
        networked_refs = [d.ref for d in claimed]
        note = "未提供设备数据采集记录，按清单声明计"
        if claimed:
            outcome.flags.append(
                make_flag(
                    FlagCode.MISSING_EVIDENCE,
                    f"生产设备清单声明{claimed_units}台（套）设备联网/自动采集，但未提供设备不少于{policy.min_log_days}天（约{policy.min_log_days // 30}个月）的历史数据、状态数据采集记录；暂按声明计入",
                    evidence=bounded([d.ref for d in claimed], policy),
                    indicator=KEY,
                    key=KEY,
                )
            )
    else:
        logs: dict[str, DataLogSpan] = {}
        for s in facts.log_spans:
            k = asset_key(s.asset_no)
            if k and (k not in logs or log_days(s, facts) > log_days(logs[k], facts)):
                logs[k] = s
        device_keys = {asset_key(d.asset_no) for d in facts.devices if d.asset_no}
        units_by_key = unit_logs(logs, device_keys)
        networked = 0
        note = f"声明联网且采集记录在期间内不少于{policy.min_log_days}天"
        for d in claimed:
            own, units = logs_for(d, logs, units_by_key, policy)
            ok, days = supported_units(d, own, units, facts, policy)
            networked += ok
            if ok:
                networked_refs.append(d.ref)
                networked_refs.extend(s.ref for s in ([own] if own else []) + units)
            short = max(d.quantity, 0) - ok
            if short > 0:
                label = d.asset_no or d.name
                found = "未找到对应的数据采集记录" if own is None and not units else f"期间内最多只有{days}天数据"
                outcome.flags.append(
                    make_flag(
                        FlagCode.NETWORK_DATA_INSUFFICIENT,
                        f"设备{label}（{d.name}）声明联网，{found}，不足{policy.min_log_days}天；{short}台（套）不计入联网设备",
                        evidence=bounded([d.ref] + ([own.ref] if own else []) + [s.ref for s in units], policy),
                        indicator=KEY,
                        asset_no=d.asset_no or "",
                        name=d.name,
                        days_found=days,
                        units_not_counted=short,
                    )
                )
    outcome.numerator, outcome.denominator = float(networked), float(total)
    outcome.facts = [
        fact(KEY, "production_devices_total", total, [r.ref for d in facts.devices for r in repeats.get(id(d), [d])],
             policy, "台（套）",
             note="含机器人，按数量计" + ("；重复登记的资产编号只计一次（取保守的一行）" if repeats else "")),
        fact(KEY, "networked_devices_claimed", claimed_units, [d.ref for d in claimed], policy, "台（套）"),
        fact(KEY, "networked_devices_counted", networked, networked_refs, policy, "台（套）", note=note),
    ]
    return outcome
