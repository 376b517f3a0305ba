"""The same asset number (资产编号) or employee number (工号) listed twice.

Equipment and robot lists are checked each on its own (a robot is expected in both). Asset
numbers match through `models.asset_key` (SB-001 = SB001 = ｓｂ－００１). When many numbers
repeat between the same files (a list submitted twice, e.g. as xlsx and as pdf), one flag says
so instead of one per number.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence

from models import Flag, FlagCode, PacketFacts, Record, asset_key, make_flag
from validators.evidence import capped, join_zh

# From this many numbers repeated between the same set of files, report the files once.
DUPLICATE_COLLAPSE_MIN = 10


def employee_key(employee_no: str | None) -> str:
    if not employee_no:
        return ""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", employee_no)).upper()


def duplicate_flags(facts: PacketFacts) -> list[Flag]:
    return (
        _duplicates(facts.devices, lambda d: asset_key(d.asset_no), lambda d: d.asset_no, "设备清单", "资产编号")
        + _duplicates(facts.robots, lambda r: asset_key(r.asset_no), lambda r: r.asset_no, "机器人清单", "资产编号")
        + _duplicates(
            facts.employees, lambda e: employee_key(e.employee_no), lambda e: e.employee_no, "人员名单", "工号"
        )
    )


def _duplicates(
    records: Sequence[Record],
    key: Callable,  # record -> normalised number
    raw: Callable,  # record -> number as written
    what: str,
    label: str,
) -> list[Flag]:
    groups: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        k = key(r)
        if k:
            groups[k].append(r)
    repeated = {k: rs for k, rs in groups.items() if len(rs) > 1}
    by_files: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for k, rs in repeated.items():
        files = tuple(sorted({r.ref.file for r in rs}))
        if len(files) > 1:
            by_files[files].append(k)
    collapsed = {k for keys in by_files.values() if len(keys) >= DUPLICATE_COLLAPSE_MIN for k in keys}
    flags: list[Flag] = []
    for files, keys in by_files.items():
        if len(keys) >= DUPLICATE_COLLAPSE_MIN:
            flags.append(
                make_flag(
                    FlagCode.DUPLICATE_RECORD,
                    f"{join_zh(files)} 中有 {len(keys)} 个{label}重复出现（如 {join_zh(keys, 3)}），"
                    f"可能是同一份{what}重复提交；重复的记录只应计算一次。",
                    capped(r.ref for k in keys for r in repeated[k]),
                    key="|".join(files),
                    occurrences=len(keys),
                )
            )
    for k, rs in repeated.items():
        if k in collapsed:
            continue
        rows = join_zh([r.ref.short() for r in rs], 4)
        flags.append(
            make_flag(
                FlagCode.DUPLICATE_RECORD,
                f"{what}中{label}“{raw(rs[0])}”出现 {len(rs)} 次（{rows}），同一{label}只应登记一次，请核实是否重复计数。",
                capped(r.ref for r in rs),
                key=k,
                occurrences=len(rs),
            )
        )
    return flags
