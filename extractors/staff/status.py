"""在职状态: people away from production for ≥ 6 months are 其他人员 (indirect), whatever their title.

The Labour Ministry's notice counts long sick leave, secondment out and 停薪留职 of six months or
more among 其他人员. A roster writes the status as free text (长期病假, 外派（8个月）, 借调集团 …);
when it states a duration shorter than six months the person keeps the role of their title.
离职 is not handled here: the period logic (period.py) decides whether a leaver counts.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.staff.normalize import normalize_text

LONG_ABSENCE_MONTHS = 6
# Words that mean "away from production" when the status gives no shorter duration.
# 退休返聘 (retired and re-hired) works: the title decides; 退休 alone is away.
_LONG_ABSENCE = re.compile(
    r"长期病|长病假|病休|停薪留职|外派|借调|外借|援外|驻外|挂职|内退|待岗|离岗|脱产学习|长期休假|工伤休养|停工留薪|退休(?!返聘)"
)
# Short-term absences: only a stated duration of ≥ 6 months makes them long.
_SHORT_ABSENCE = re.compile(r"病假|产假|休假|事假")
_MONTHS = re.compile(r"(\d+|[一二三四五六七八九十]+)个?月")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _stated_months(s: str) -> int | None:
    if "半年" in s:
        return 6
    if re.search(r"\d+年|[一二三四五]年|一年以上", s):
        return 12
    m = _MONTHS.search(s)
    if not m:
        return None
    raw = m.group(1)
    if raw.isdigit():
        return int(raw)
    if raw == "十":
        return 10
    if raw.startswith("十"):
        return 10 + _CN_DIGITS.get(raw[1:], 0)
    if raw.endswith("十"):
        return _CN_DIGITS.get(raw[0], 0) * 10
    return _CN_DIGITS.get(raw, sum(_CN_DIGITS.get(c, 0) for c in raw))


@lru_cache(maxsize=4096)
def long_absence(status: str | None) -> bool:
    """True when the status puts the person among 其他人员 (away ≥ 6 months)."""
    s = normalize_text(status)
    if not s:
        return False
    months = _stated_months(s)
    if _LONG_ABSENCE.search(s):
        return months is None or months >= LONG_ABSENCE_MONTHS
    if _SHORT_ABSENCE.search(s):
        return months is not None and months >= LONG_ABSENCE_MONTHS
    return False
