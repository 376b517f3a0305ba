"""统一社会信用代码 (GB 32100-2015): check character, validation and seeded generation."""

from __future__ import annotations

import random

# The 31-character alphabet of GB 32100-2015 (no I, O, S, V, Z).
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# GB 11714 organisation code (the 9 characters at positions 9–17): its own check character.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Beijing district codes (行政区划代码) seen on real codes.
BEIJING_DISTRICTS = ("110105", "110106", "110108", "110112", "110113", "110114", "110115", "110117")


def check_char(first17: str) -> str:
    """The 18th character for the first 17 (check = 31 − Σ wᵢcᵢ mod 31, 31 → 0)."""
    if len(first17) != 17 or any(c not in ALPHABET for c in first17):
        raise ValueError(f"not 17 credit-code characters: {first17!r}")
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    code = code.strip().upper()
    if len(code) != 18 or any(c not in ALPHABET for c in code):
        return False
    return check_char(code[:17]) == code[17]


def _org_check(first8: str) -> str:
    """GB 11714 check character: 11 − Σ wᵢcᵢ mod 11, 10 → X, 11 → 0 (letters A=10 … Z=35)."""
    total = sum(int(c, 36) * w for c, w in zip(first8, _ORG_WEIGHTS))
    c9 = 11 - total % 11
    return "X" if c9 == 10 else "0" if c9 == 11 else str(c9)


def make_credit_code(rng: random.Random) -> str:
    """A valid code of a Beijing company (登记管理部门 9 = 市场监管, 类别 1 = 企业), e.g. 91110108MA01….."""
    district = rng.choice(BEIJING_DISTRICTS)
    body = "MA0" + "".join(rng.choice(ALPHABET) for _ in range(5))
    first17 = "91" + district + body + _org_check(body)
    return first17 + check_char(first17)


def corrupt(code: str) -> str:
    """The same code with its check character replaced by a wrong one."""
    wrong = ALPHABET[(ALPHABET.index(code[17]) + 1) % 31]
    return code[:17] + wrong
