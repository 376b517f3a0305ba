"""Equipment ↔ key processes (生产工序): every key process has equipment, every equipment's
process is one the process description names.

Names match the way scoring matches them when it counts the key-process NC rate
(models.process_key / process_keys, shared by both): width-folded, spaces
and a （关键工序） mark dropped, lower case, a trailing 工序 dropped; a 所属工序 naming several
processes (焊接/装配, 焊接、装配) refers to each. No looser matching: a name scoring cannot place
is exactly what a reviewer must see. Robots of the robot list are equipment too.
PARTIAL_NC_PROCESS (mixed NC) is scoring's: it counts the process.
"""

from __future__ import annotations

from collections import defaultdict

from models import (
    Device,
    Flag,
    FlagCode,
    KeyProcess,
    PacketFacts,
    Robot,
    make_flag,
    process_key,
    process_keys,
)
from validators.evidence import capped


def _read_by_ocr(item: Device | Robot) -> bool:
    return item.min_confidence is not None


def process_ref_flags(facts: PacketFacts) -> list[Flag]:
    """UNKNOWN_PROCESS_REF per unknown process name; PROCESS_WITHOUT_EQUIPMENT per key process
    with no equipment. Nothing when the packet has no process description or no equipment at all
    (MISSING_EVIDENCE is scoring's).

    Rows read by OCR whose 所属工序 joins no described process (not even by similarity,
    extractors.matching.match_process) are said once per document: one UNKNOWN_PROCESS_REF citing
    the document and its rows (boxes), naming the key processes left without equipment that those
    rows may belong to — not a flag per row and per process."""
    processes = facts.processes
    if not processes or not (facts.devices or facts.robots):
        return []  # no process description or no equipment list: MISSING_EVIDENCE is scoring's
    known = {process_key(p.name) for p in processes} - {""}
    used: set[str] = set()
    unknown: dict[str, list[Device | Robot]] = defaultdict(list)
    unread: dict[str, list[Device | Robot]] = defaultdict(list)  # file → OCR rows that join nothing
    for item in [*facts.devices, *facts.robots]:
        for k in process_keys(item.process, known):
            if k in known:
                used.add(k)
            elif _read_by_ocr(item):
                unread[item.ref.file].append(item)
            else:
                unknown[k].append(item)
    flags: list[Flag] = []
    listed = "、".join(dict.fromkeys(p.name for p in processes))
    for items in unknown.values():
        written = (items[0].process or "").strip()
        n = sum(i.quantity for i in items)
        flags.append(
            make_flag(
                FlagCode.UNKNOWN_PROCESS_REF,
                f"设备/机器人清单中 {len(items)} 行（共 {n} 台/套）设备的所属工序“{written}”未出现在生产工序说明中"
                f"（工序说明列出：{listed}），这些设备无法计入关键工序数控化率。",
                capped(i.ref for i in items),
                process=written,
                rows=len(items),
                quantity=n,
            )
        )
    first_key: dict[str, KeyProcess] = {}
    for p in processes:
        if p.is_key and process_key(p.name):
            first_key.setdefault(process_key(p.name), p)
    missing = [p for k, p in first_key.items() if k not in used]
    for file, items in unread.items():
        written = "、".join(dict.fromkeys((i.process or "").strip() for i in items))
        rows = "、".join(str(i.ref.row) for i in items if i.ref.row is not None)
        maybe = "、".join(p.name for p in missing)
        flags.append(
            make_flag(
                FlagCode.UNKNOWN_PROCESS_REF,
                f"扫描件 {file} 中 {len(items)} 行（第 {rows} 行）设备的所属工序识读为“{written}”，无法与生产工序说明"
                f"（{listed}）对应，这些设备未计入关键工序数控化率"
                + (f"；没有对应设备的关键工序（{maybe}）可能就在这些行中，请对照原件核实。" if maybe else "。"),
                capped(i.ref for i in items),
                file=file,
                rows=len(items),
                quantity=sum(i.quantity for i in items),
                unreadable=True,
            )
        )
    if unread:
        return flags  # the key processes without equipment are named in the document flags above
    for p in missing:
        flags.append(
            make_flag(
                FlagCode.PROCESS_WITHOUT_EQUIPMENT,
                f"关键工序“{p.name}”在设备清单和机器人清单中都没有对应设备，无法证明该工序已数控化"
                f"（按未数控化计）；请核实设备清单的所属工序填写。",
                [p.ref],
                indicator="key_process_nc_rate",
                process=p.name,
            )
        )
    return flags
