"""Value forms seen in real Chinese evidence: 是/否/√/×, full-width digits, Chinese numerals, units."""

from __future__ import annotations

import random
from typing import Literal

BoolStyle = Literal["shifou", "check", "youwu", "yn", "networked", "mixed"]
NumberStyle = Literal["arabic", "fullwidth", "chinese", "unit", "mixed"]

_BOOL_FORMS: dict[str, tuple[str, str]] = {
    "shifou": ("是", "否"),
    "check": ("√", "×"),
    "youwu": ("有", "无"),
    "yn": ("Y", "N"),
    "networked": ("已联网", "未联网"),
}

_DIGITS = "零一二三四五六七八九"
_FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def chinese_numeral(n: int) -> str:
    """12 → 十二, 120 → 一百二十, 1005 → 一千零五 (0 ≤ n < 100000)."""
    if n == 0:
        return "零"
    if not 0 < n < 100000:
        raise ValueError(n)
    units = ["", "十", "百", "千", "万"]
    digits = [int(d) for d in str(n)]
    out: list[str] = []
    zero = False
    for i, d in enumerate(digits):
        pos = len(digits) - 1 - i
        if d == 0:
            zero = True
            continue
        if zero and out:
            out.append("零")
        zero = False
        out.append(_DIGITS[d] + units[pos])
    s = "".join(out)
    return s[1:] if s.startswith("一十") else s


def fullwidth(text: str) -> str:
    return text.translate(_FULLWIDTH)


def bool_text(value: bool, style: BoolStyle, rng: random.Random) -> str:
    if style == "mixed":
        style = rng.choice(["shifou", "check", "youwu", "shifou"])
    yes, no = _BOOL_FORMS[style]
    return yes if value else no


def quantity_text(n: int, style: NumberStyle, unit: str, rng: random.Random) -> str:
    """A quantity as written: 12, １２, 十二, 12台."""
    if style == "mixed":
        style = rng.choice(["arabic", "arabic", "fullwidth", "chinese", "unit"])
    if style == "fullwidth":
        return fullwidth(str(n))
    if style == "chinese":
        return chinese_numeral(n)
    if style == "unit":
        return f"{n}{unit}"
    return str(n)
