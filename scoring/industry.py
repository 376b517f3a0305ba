"""Industry mapping: a GB/T 4754-2017 code → its Annex 1 group, by division (大类, e.g. C39).

Accepted spellings: ``C3911``, ``3911``, ``C39``, ``c 3911``, full-width ``Ｃ３９１１``, and a
code followed by its name (``C3911 计算机整机制造``). Manufacturing is section C (divisions
13–43), so a code without its letter is read as section C.
"""

from __future__ import annotations

import re
import unicodedata

from models import Flag, FlagCode, make_flag
from scoring.thresholds import IndustryGroup, group_by_no, load_groups

# C30 (非金属矿物制品业) is listed under both 建材 (group 7) and 材料 (group 8). SPEC §2: default to
# 建材 and flag the ambiguity for a reviewer.
AMBIGUOUS_DEFAULT_GROUP: dict[str, int] = {"C30": 7}

_CODE = re.compile(r"^([A-Z]?)(\d{2})(\d{1,2})?(?!\d)(.*)$")


def normalise_code(code: str | None) -> str | None:
    """``c 3911`` → ``C3911``; None when the text is not a GB/T 4754 code of section C."""
    if not code:
        return None
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", code)).upper()
    m = _CODE.match(s)
    if not m:
        return None
    letter, division, rest_digits, tail = m.groups()
    if tail and re.match(r"[A-Z0-9.\-]", tail):  # e.g. "C39X1" or "C39.1": not a code we can trust
        return None
    if letter and letter != "C":
        return None
    if not letter and not 13 <= int(division) <= 43:
        return None
    return "C" + division + (rest_digits or "")


def division_of(code: str | None) -> str | None:
    norm = normalise_code(code)
    return norm[:3] if norm else None


def map_industry(code: str | None) -> tuple[IndustryGroup | None, list[Flag]]:
    """The Annex 1 group of an industry code, and the flags the mapping raised (INDUSTRY_UNMAPPED
    when the code is missing, malformed, in no group, or in two groups)."""
    division = division_of(code)
    if division is None:
        msg = "未提供国民经济行业代码，无法确定行业组别及达标阈值" if not code else f"行业代码“{code}”无法识别（应为GB/T 4754-2017代码，如C3911），无法确定达标阈值"
        return None, [make_flag(FlagCode.INDUSTRY_UNMAPPED, msg, key=code or "")]
    groups = [g for g in load_groups() if division in g.divisions]
    if not groups:
        return None, [
            make_flag(
                FlagCode.INDUSTRY_UNMAPPED,
                f"行业代码{code}（大类{division}）不在附件1的13个行业组别中，无法自动判定达标阈值",
                key=division,
            )
        ]
    if len(groups) == 1:
        return groups[0], []
    default_no = AMBIGUOUS_DEFAULT_GROUP.get(division, groups[0].group_no)
    group = group_by_no(default_no) or groups[0]
    names = "、".join(f"{g.group_no}.{g.name}" for g in groups)
    return group, [
        make_flag(
            FlagCode.INDUSTRY_UNMAPPED,
            f"行业大类{division}同时属于附件1的{names}；默认按{group.group_no}.{group.name}的阈值评价，请复核",
            key=division,
            group_no=group.group_no,
        )
    ]
