"""Equipment ↔ key processes (生产工序): every key process has equipment, every equipment's
process is one the process description names.

Names are matched by `process_key` (width-folded, spaces and notes such as （关键工序） dropped,
a trailing 工序/工段 dropped), then by containment when exactly one process contains the
written name or is contained in it (机加 ~ 机加工). Robots of the robot list are equipment too.
PARTIAL_NC_PROCESS (mixed NC) is scoring's: it counts the process.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from models import Device, Flag, FlagCode, KeyProcess, PacketFacts, Robot, make_flag
from validators.evidence import capped

_NOTE = re.compile(r"[(\[【][^)\]】]*[)\]】]")
_SUFFIX = re.compile(r"(工序|工段)$")
_SPACES = re.compile(r"\s+")
_MIN_CONTAIN_LEN = 2  # containment matching only for names of at least two characters


def process_key(name: str) -> str:
    s = unicodedata.normalize("NFKC", name)
    s = _SPACES.sub("", s)
    s = _NOTE.sub("", s)
    return _SUFFIX.sub("", s)


def match_process(written: str, processes: list[KeyProcess]) -> KeyProcess | None:
    """The process of the description that `written` (an equipment row's 所属工序) refers to, if any."""
    k = process_key(written)
    if not k:
        return None
    exact = [p for p in processes if process_key(p.name) == k]
    if exact:
        return exact[0]
    if len(k) < _MIN_CONTAIN_LEN:
        return None
    near = {process_key(p.name): p for p in processes if len(process_key(p.name)) >= _MIN_CONTAIN_LEN}
    hits = [p for pk, p in near.items() if k in pk or pk in k]
    return hits[0] if len(hits) == 1 else None


def process_ref_flags(facts: PacketFacts) -> list[Flag]:
    """UNKNOWN_PROCESS_REF per unknown process name; PROCESS_WITHOUT_EQUIPMENT per key process
    with no equipment. Nothing when the packet has no process description (MISSING_EVIDENCE is scoring's)."""
    processes = facts.processes
    if not processes:
        return []
    used: set[str] = set()
    unknown: dict[str, list[Device | Robot]] = defaultdict(list)
    for item in [*facts.devices, *facts.robots]:
        if not item.process or not item.process.strip():
            continue
        p = match_process(item.process, processes)
        if p is None:
            unknown[process_key(item.process)].append(item)
        else:
            used.add(process_key(p.name))
    flags: list[Flag] = []
    known = "、".join(dict.fromkeys(p.name for p in processes))
    for items in unknown.values():
        written = items[0].process or ""
        n = sum(i.quantity for i in items)
        flags.append(
            make_flag(
                FlagCode.UNKNOWN_PROCESS_REF,
                f"设备清单中 {len(items)} 行（共 {n} 台/套）设备的所属工序“{written}”未出现在生产工序说明中"
                f"（工序说明列出：{known}），这些设备无法计入关键工序数控化率。",
                capped(i.ref for i in items),
                process=written,
                rows=len(items),
                quantity=n,
            )
        )
    for p in processes:
        if p.is_key and process_key(p.name) not in used:
            flags.append(
                make_flag(
                    FlagCode.PROCESS_WITHOUT_EQUIPMENT,
                    f"关键工序“{p.name}”在设备清单和机器人清单中都没有对应设备，无法证明该工序已数控化；"
                    f"请核实设备清单的所属工序填写。",
                    [p.ref],
                    indicator="key_process_nc_rate",
                    process=p.name,
                )
            )
    return flags
