"""Build the ground truth of a packet ("world") from a `PacketSpec`.

One seeded `random.Random` drives every choice; the truth is computed from this world
(truth.py) and the documents are rendered from it (render.py). The records live in ground.py.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from pydantic import BaseModel

from tests.packetgen import vocab
from tests.packetgen.creditcode import corrupt, make_credit_code
from tests.packetgen.ground import (
    Group,
    GTDevice,
    GTEmployee,
    GTLog,
    GTProcess,
    GTProduct,
    GTRobot,
    GTSegment,
    GTTool,
    World,
)
from tests.packetgen.spec import IndicatorKnobs, PacketSpec


def compose(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` split into `parts` positive integers (random, seeded)."""
    if parts <= 0:
        if total:
            raise ValueError(f"cannot place {total} in no rows")
        return []
    if total < parts:
        raise ValueError(f"cannot split {total} into {parts} positive parts")
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    bounds = [0, *cuts, total]
    return [b - a for a, b in zip(bounds, bounds[1:])]


def _names(pool: tuple[str, ...], n: int, rng: random.Random) -> list[str]:
    if n <= len(pool):
        return rng.sample(pool, n)
    out = list(pool)
    k = 2
    while len(out) < n:
        out.extend(f"{p}（{k}段）" for p in pool[: n - len(out)])
        k += 1
    rng.shuffle(out)
    return out


def _enterprise_name(industry_code: str, rng: random.Random) -> str:
    trades = vocab.TRADES_BY_DIVISION.get(industry_code[:3].upper(), vocab.NAME_TRADES)
    return "北京" + rng.choice(vocab.NAME_STEMS) + rng.choice(trades) + rng.choice(vocab.NAME_FORMS)


def _processes(k: IndicatorKnobs, spec: PacketSpec, rng: random.Random) -> tuple[list[GTProcess], list[str]]:
    pool = vocab.PROCESS_KEY_PROCESSES if spec.process_type == "process" else vocab.DISCRETE_KEY_PROCESSES
    keys = _names(pool, k.key_processes, rng)
    non_keys = _names(vocab.NON_KEY_PROCESSES, k.non_key_processes, rng)
    unknown = _names(vocab.UNKNOWN_PROCESSES, k.unknown_process_refs, rng)
    procs = [GTProcess(name=n, is_key=True) for n in keys] + [GTProcess(name=n, is_key=False) for n in non_keys]
    return procs, unknown


class _Slot(BaseModel):
    """A device row before its quantity and networking are decided."""

    process: str
    is_nc: bool
    is_robot: bool = False


def _slots(procs: list[GTProcess], unknown: list[str], k: IndicatorKnobs, rng: random.Random) -> list[_Slot]:
    keys = [p.name for p in procs if p.is_key]
    nc_keys = keys[: k.nc_key_processes]
    rest = keys[k.nc_key_processes :]
    if k.partial_nc_processes + k.key_processes_without_equipment > len(rest):
        raise ValueError("partial + without-equipment processes exceed the non-NC'd key processes")
    partial = rest[: k.partial_nc_processes]
    bare = set(rest[k.partial_nc_processes : k.partial_nc_processes + k.key_processes_without_equipment])
    slots: list[_Slot] = []
    for p in nc_keys:
        slots += [_Slot(process=p, is_nc=True) for _ in range(rng.randint(1, 3))]
    for p in partial:
        slots += [_Slot(process=p, is_nc=True), _Slot(process=p, is_nc=False)]
    for p in rest[k.partial_nc_processes :]:
        if p not in bare:
            slots += [_Slot(process=p, is_nc=False) for _ in range(rng.randint(1, 2))]
    for p in procs:
        if not p.is_key:
            slots += [_Slot(process=p.name, is_nc=rng.random() < 0.5) for _ in range(rng.randint(1, 3))]
    for p in unknown:
        slots.append(_Slot(process=p, is_nc=rng.random() < 0.5))
    return slots


def _robot_homes(procs: list[GTProcess], k: IndicatorKnobs) -> list[str]:
    """Robots sit on NC'd key processes (they are NC equipment) or, failing those, non-key ones."""
    keys = [p.name for p in procs if p.is_key][: k.nc_key_processes]
    homes = keys or [p.name for p in procs if not p.is_key]
    if k.robots and not homes:
        raise ValueError("robots need an NC'd key process or a non-key process to sit on")
    return homes


def _split_groups(k: IndicatorKnobs) -> tuple[dict[Group, int], dict[Group, int]]:
    """Quantities per networking group for robots and for other equipment."""
    total_none = k.production_devices - k.networked_supported - k.networked_unsupported
    if total_none < 0:
        raise ValueError("more networked devices than devices")
    r_sup = min(k.robots, k.networked_supported)
    r_none = min(k.robots - r_sup, total_none)
    r_uns = k.robots - r_sup - r_none
    robots: dict[Group, int] = {"supported": r_sup, "unsupported": r_uns, "none": r_none}
    others: dict[Group, int] = {
        "supported": k.networked_supported - r_sup,
        "unsupported": k.networked_unsupported - r_uns,
        "none": total_none - r_none,
    }
    return robots, others


def _assign_groups(slots: list[_Slot], others: dict[Group, int], rng: random.Random) -> dict[Group, list[_Slot]]:
    """Give every non-robot row a networking group; networked rows go to NC equipment first."""
    needed = [g for g in ("supported", "unsupported", "none") if others[g] > 0]
    if sum(others.values()) < len(slots):
        raise ValueError("fewer non-robot devices than equipment rows: raise production_devices")
    counts: dict[Group, int] = {g: (1 if g in needed else 0) for g in ("supported", "unsupported", "none")}
    spare = len(slots) - sum(counts.values())
    while spare > 0:
        open_ = [g for g in needed if counts[g] < others[g]]
        g = rng.choice(open_)
        counts[g] += 1
        spare -= 1
    order = sorted(slots, key=lambda s: (not s.is_nc, rng.random()))
    out: dict[Group, list[_Slot]] = {}
    i = 0
    for g in ("supported", "unsupported", "none"):
        out[g] = order[i : i + counts[g]]
        i += counts[g]
    return out


def _devices(procs: list[GTProcess], unknown: list[str], spec: PacketSpec, rng: random.Random) -> list[GTDevice]:
    k = spec.knobs
    slots = _slots(procs, unknown, k, rng)
    robots_q, others_q = _split_groups(k)
    needed = sum(1 for g in others_q if others_q[g] > 0)
    homes = _robot_homes(procs, k)
    while len(slots) < needed:  # too few rows to carry every networking group: add NC rows
        slots.append(_Slot(process=homes[0] if homes else procs[0].name, is_nc=True))
    groups = _assign_groups(slots, others_q, rng)
    discrete = spec.process_type == "discrete"
    nc_pool = vocab.NC_DEVICES if discrete else vocab.PROCESS_PLC_DEVICES
    manual_pool = vocab.MANUAL_DEVICES if discrete else vocab.PROCESS_MANUAL_DEVICES
    rows: list[GTDevice] = []
    for g, members in groups.items():
        for slot, qty in zip(members, compose(others_q[g], len(members), rng)):
            fit = vocab.DEVICES_BY_PROCESS.get(slot.process.split("（")[0]) if discrete else None
            pool = (fit[0] if slot.is_nc else fit[1]) if fit else (nc_pool if slot.is_nc else manual_pool)
            name, model, cat = rng.choice(pool)
            if slot.is_nc:
                control = rng.choice(["CNC", "CNC", "NC", "DNC"]) if discrete else cat
            else:
                control = rng.choice(["手动", "普通"])
            rows.append(GTDevice(
                name=name, model=f"{model}-{rng.randint(1, 9)}", asset_no="", quantity=qty, process=slot.process,
                control=control, is_nc=slot.is_nc, networked=g != "none", network_group=g,
                category=cat if discrete else ("生产设备" if slot.is_nc else "辅助设备"),
            ))
    for g, total in robots_q.items():
        if total == 0:
            continue
        n_rows = min(total, max(1, total // 5), 4)
        for qty in compose(total, n_rows, rng):
            name, model, brand = rng.choice(vocab.ROBOTS)
            rows.append(GTDevice(
                name=name, model=model, asset_no="", quantity=qty, process=rng.choice(homes),
                control="CNC" if discrete else "PLC", is_nc=True, networked=g != "none", network_group=g,
                is_robot=True, brand=brand, category="工业机器人",
            ))
    # order as an equipment list is: by process, in the description's order
    order = {p.name: i for i, p in enumerate(procs)}
    rows.sort(key=lambda d: (order.get(d.process, len(order)), d.is_robot, rng.random()))
    robot_no = device_no = 0
    for d in rows:
        if d.is_robot:
            robot_no += 1
            d.asset_no = f"JQR-{robot_no:03d}"
        else:
            device_no += 1
            d.asset_no = f"SB-{device_no:03d}"
    return rows


def _robots(devices: list[GTDevice], delta: int, rng: random.Random) -> list[GTRobot]:
    robots = [
        GTRobot(name=d.name, model=d.model, brand=d.brand or "", asset_no=d.asset_no, quantity=d.quantity, process=d.process)
        for d in devices if d.is_robot
    ]
    if delta > 0:
        name, model, brand = rng.choice(vocab.ROBOTS)
        home = robots[-1].process if robots else "装配"
        robots.append(GTRobot(name=name, model=model, brand=brand, asset_no=f"JQR-{len(robots) + 101:03d}",
                              quantity=delta, process=home))
    remove = -delta
    while remove > 0 and robots:  # the robot list omits some robots of the equipment list
        last = robots[-1]
        take = min(remove, last.quantity)
        last.quantity -= take
        remove -= take
        if last.quantity == 0:
            robots.pop()
    return robots


def _person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(vocab.GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(vocab.SURNAMES) + given


def _employees(k: IndicatorKnobs, rng: random.Random) -> list[GTEmployee]:
    people: list[tuple[str, str, str]] = []
    for n, pool, role in ((k.direct_staff, vocab.DIRECT_TITLES, "direct"), (k.indirect_staff, vocab.INDIRECT_TITLES, "indirect"),
                          (k.borderline_staff, vocab.BORDERLINE_TITLES, "borderline"),
                          (k.away_staff, vocab.DIRECT_TITLES, "away")):
        for i in range(n):
            # one 总经理 and one 副总经理; every other title may repeat
            unique = role == "indirect" and i < 2
            title, dept = pool[i] if unique else rng.choice(pool[2:] if role == "indirect" else pool)
            people.append((title, dept, role))
    people.sort(key=lambda p: (p[1], rng.random()))
    out = []
    for i, (title, dept, role) in enumerate(people, start=1):
        hired = date(2008, 1, 1) + timedelta(days=rng.randint(0, 16 * 365))
        status = rng.choice(("长期病假", "外派")) if role == "away" else "在职"
        out.append(GTEmployee(employee_no=f"BJ{i:04d}", name=_person_name(rng), gender=rng.choice("男男女"),
                              department=dept, job_title=title, role=role, hired=hired,  # type: ignore[arg-type]
                              status=status))
    return out


def _products(k: IndicatorKnobs, tools: list[GTTool], rng: random.Random) -> list[GTProduct]:
    if k.digital_products > k.products:
        raise ValueError("more digital products than products")
    picked = rng.sample(vocab.PRODUCTS, k.products)
    digital = compose(k.product_output_digital, k.digital_products, rng)
    plain = compose(k.product_output_total - k.product_output_digital, k.products - k.digital_products, rng)
    out = []
    for (name, unit), qty in zip(picked[: k.digital_products], digital):
        used = rng.sample([t.name for t in tools], min(len(tools), rng.randint(1, 2)))
        out.append(GTProduct(name=name, unit=unit, output=qty, digital=True, tools=used))
    for (name, unit), qty in zip(picked[k.digital_products :], plain):
        out.append(GTProduct(name=name, unit=unit, output=qty, digital=False))
    rng.shuffle(out)
    return out


def _segments(k: IndicatorKnobs, period_end: date, rng: random.Random) -> list[GTSegment]:
    keys = list(vocab.SEGMENT_SYSTEMS)
    plain = 7 - k.digitised_segments - k.missing_standard_segments - k.late_systems
    if plain < 0:
        raise ValueError("digitised + missing + late standard segments exceed 7")
    states = ["digitised"] * k.digitised_segments + ["missing"] * k.missing_standard_segments + \
        ["late"] * k.late_systems + ["none"] * plain
    rng.shuffle(states)
    last_ok = period_end - timedelta(days=200)
    out: list[GTSegment] = []
    for key, state in zip(keys, states):
        names, systems = vocab.SEGMENT_SYSTEMS[key]
        if state == "missing":
            continue
        written = rng.choice(names)
        if state == "digitised":
            go = date(2018, 1, 1) + timedelta(days=rng.randint(0, (last_ok - date(2018, 1, 1)).days))
            out.append(GTSegment(key=key, written=written, system=rng.choice(systems), go_live=go, state="digitised"))
        elif state == "late":
            go = period_end - timedelta(days=rng.randint(20, 60))
            out.append(GTSegment(key=key, written=written, system=rng.choice(systems), go_live=go, state="late"))
        else:
            out.append(GTSegment(key=key, written=written, system=None, go_live=None, state="none"))
    if k.extra_digitised > k.extra_segments:
        raise ValueError("more digitised extra segments than extra segments")
    for i, (seg, system) in enumerate(rng.sample(vocab.EXTRA_SEGMENTS, k.extra_segments)):
        if i < k.extra_digitised:
            go = date(2019, 1, 1) + timedelta(days=rng.randint(0, (last_ok - date(2019, 1, 1)).days))
            out.append(GTSegment(key=None, written=seg, system=system, go_live=go, state="digitised"))
        else:
            out.append(GTSegment(key=None, written=seg, system=None, go_live=None, state="none"))
    return out


def _log_asset(asset_no: str, style: str, i: int) -> str:
    compact = asset_no.replace("-", "")
    if style == "compact" or (style == "mixed" and i % 2 == 1):
        return compact
    return asset_no


def _logs(devices: list[GTDevice], spec: PacketSpec, start: date, end: date) -> list[GTLog]:
    if not spec.knobs.supply_logs:
        return []
    out = []
    for i, d in enumerate(d for d in devices if d.networked):
        written = _log_asset(d.asset_no, spec.log_asset_style, i)
        if d.network_group == "supported":
            out.append(GTLog(asset_no=written, device_asset_no=d.asset_no, start=start, end=end))
        else:
            first = end - timedelta(days=spec.unsupported_log_days - 1)
            out.append(GTLog(asset_no=written, device_asset_no=d.asset_no, start=first, end=end))
    if spec.log_year_offset:  # a stale export: the same runs, a year (or more) off
        for log in out:
            log.start = log.start.replace(year=log.start.year + spec.log_year_offset)
            log.end = log.end.replace(year=log.end.year + spec.log_year_offset)
    return out


def _packet_id(spec: PacketSpec) -> str:
    suffix = "" if spec.preset in ("default", "custom") else "-" + spec.preset.replace("_", "-")
    return f"PKT-{spec.assessment_year}-{spec.seed:04d}{suffix}"


def build_world(spec: PacketSpec) -> World:
    rng = random.Random(spec.seed)
    k = spec.knobs
    year = spec.assessment_year - 1
    start, end = date(year, 1, 1), date(year, 12, 31)
    name = spec.enterprise_name or _enterprise_name(spec.industry_code, rng)
    code = spec.credit_code or make_credit_code(rng)
    if spec.invalid_credit_code:
        code = corrupt(code)
    other = name.replace("北京", "北京市", 1) if not name.startswith("北京市") else name.replace("北京市", "北京", 1)
    procs, unknown = _processes(k, spec, rng)
    devices = _devices(procs, unknown, spec, rng)
    robots = _robots(devices, k.robot_list_delta, rng)
    employees = _employees(k, rng)
    tools = [GTTool(name=n, purpose=p, vendor=v) for n, p, v in rng.sample(vocab.DESIGN_TOOLS, rng.randint(3, 5))]
    products = _products(k, tools, rng)
    segments = _segments(k, end, rng)
    logs = _logs(devices, spec, start, end)
    cost, output = Decimal(k.production_cost_wan), Decimal(k.output_value_wan)
    revenue = (output * Decimal(rng.randint(102, 115)) / 100).quantize(Decimal("0.01"))
    return World(
        packet_id=spec.packet_id or _packet_id(spec), enterprise_name=name,
        credit_code=code, other_name=other, period_start=start, period_end=end, processes=procs,
        unknown_processes=unknown, devices=devices, robots=robots, employees=employees, products=products,
        tools=tools, segments=segments, logs=logs, fiscal_year=year + spec.audit_year_offset,
        revenue_wan=revenue, cost_wan=cost, output_wan=output,
    )
