"""Reading a number out of a cell as written in the evidence: ``1,234``, ``１２``, ``12台``,
``3.2万``, ``十二``, ``一百二十``. Only what the total check needs; None when there is no number."""

from __future__ import annotations

import re
import unicodedata

_NUMBER = re.compile(r"[-−]?\d+(?:\.\d+)?")
_MULTIPLIER = {"万": 1e4, "亿": 1e8}
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_RUN = re.compile(r"[零〇一二两三四五六七八九十百千]+")


def parse_number(text: str | None) -> float | None:
    if text is None:
        return None
    s = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "").replace("−", "-")
    m = _NUMBER.search(s)
    if m:
        value = float(m.group())
        after = s[m.end() : m.end() + 1]
        return value * _MULTIPLIER.get(after, 1.0)
    cn = _CN_RUN.search(s)
    return float(chinese_integer(cn.group())) if cn else None


def chinese_integer(s: str) -> int:
    """``十二`` → 12, ``一百二十`` → 120, ``三千零五`` → 3005 (below 10 000)."""
    total, digit = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (digit or 1) * _CN_UNITS[ch]
            digit = 0
    return total + digit
