"""Post-OCR normalisation of the usual confusions in this domain, without inventing content.

Only substitutions that the surrounding characters make unambiguous are applied:
- full-width Latin letters/digits → ASCII (ＣＮＣ → CNC, １２ → 12);
- `〈` `〉` (Tesseract's reading of full-width brackets) → `（` `）`;
- ASCII punctuation between CJK characters → its full-width form (台(套)数 → 台（套）数);
- inside a model/asset code (a Latin token with digits): `O`/`o` next to a digit → `0`, `l`/`I`/`|`
  between digits → `1` (M1OiA → M10iA, SB-0O1 → SB-001).
Chinese look-alikes (叉→又, 氢→氨) are not guessed: low confidence reports them instead.
"""

from __future__ import annotations

import re
import unicodedata

from extractors.ocr.text import is_cjk

_BRACKETS = str.maketrans({"〈": "（", "〉": "）", "＜": "（", "＞": "）"})
_TO_FULL = {"(": "（", ")": "）", ":": "：", ",": "，", ";": "；", "?": "？", "!": "！"}
# `M:-10iA`: a stray mark glued to the hyphen of a Latin code.
_STRAY_BY_HYPHEN = re.compile(
    r"(?<=[A-Za-z0-9])[:;,.'`]+(?=-[A-Za-z0-9])|(?<=[A-Za-z0-9]-)[:;,.'`]+(?=[A-Za-z0-9])"
)
_CODE = re.compile(r"[A-Za-z0-9|][A-Za-z0-9\-_/.|]*[A-Za-z0-9|]")


def _halfwidth_alnum(text: str) -> str:
    out = []
    for ch in text:
        if (
            "\uff10" <= ch <= "\uff19"
            or "\uff21" <= ch <= "\uff3a"
            or "\uff41" <= ch <= "\uff5a"
            or ch == "\uff0d"
        ):
            out.append(unicodedata.normalize("NFKC", ch))
        else:
            out.append(ch)
    return "".join(out)


def _cjk_punctuation(text: str) -> str:
    chars = list(text)
    for i, ch in enumerate(chars):
        full = _TO_FULL.get(ch)
        if not full:
            continue
        before = chars[i - 1] if i > 0 else ""
        after = chars[i + 1] if i + 1 < len(chars) else ""
        # `(` opens before CJK, `)` closes after CJK; others need CJK on the left
        if (
            (ch == "(" and is_cjk(after))
            or (ch == ")" and is_cjk(before))
            or (ch not in "()" and is_cjk(before))
        ):
            chars[i] = full
    return "".join(chars)


def _fix_code(token: str) -> str:
    digits = sum(ch.isdigit() for ch in token)
    if digits == 0:
        return token
    chars = list(token)
    for i, ch in enumerate(chars):
        left = chars[i - 1] if i > 0 else ""
        right = chars[i + 1] if i + 1 < len(chars) else ""
        if ch in "Oo" and (left.isdigit() or right.isdigit()):
            chars[i] = "0"
        elif ch in "lI|" and left.isdigit() and (right.isdigit() or right == ""):
            chars[i] = "1"
        elif ch in "lI|" and right.isdigit() and left in ("", "-", "_", "/"):
            # SB-l01 → SB-101; but not IRB1200 (the I starts letters, next char is R)
            chars[i] = "1"
    return "".join(chars)


# 统一社会信用代码 (GB 32100-2015): 18 symbols of this alphabet, the last a check character. The
# same figures live in validators/identity.py; extractors may not import validators.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Letters the alphabet leaves out precisely because they look like digits: on a code, OCR's
# O/I/Z/S can only be 0/1/2/5.
_NOT_IN_CODES = str.maketrans({"O": "0", "I": "1", "Z": "2", "S": "5"})
_CODE_CANDIDATE = re.compile(r"(?<![0-9A-Z])[1-9ANY][0-9A-Z]{17,18}(?![0-9A-Z])")


def credit_code_ok(code: str) -> bool:
    if len(code) != 18 or any(ch not in CREDIT_CODE_ALPHABET for ch in code):
        return False
    total = sum(CREDIT_CODE_ALPHABET.index(ch) * w for ch, w in zip(code[:17], CREDIT_CODE_WEIGHTS))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31] == code[17]


def repair_credit_code(token: str) -> str:
    """A credit code as OCR read it, repaired only where the check character confirms it:
    O/I/Z/S (never in a code) → 0/1/2/5, and a doubled symbol (MA005 for MA05) dropped when
    exactly one such deletion gives a valid code. Anything else is returned unchanged."""
    code = token.translate(_NOT_IN_CODES)
    if credit_code_ok(code):
        return code
    if len(code) == 19:
        fixes = {code[:i] + code[i + 1 :] for i in range(1, 19) if code[i] == code[i - 1]}
        valid = [c for c in fixes if credit_code_ok(c)]
        if len(valid) == 1:
            return valid[0]
    return token


# Characters Tesseract puts in place of others in this domain, seen on generated scans and in
# FIELD-NOTES, and all but absent from real equipment lists and rosters: 又 for 叉 (叉车),
# 讨 for 压 (液压机, 冲压), 氨 for 氢, 镀 for 罐 (储气罐), 毛 for 氩 (氩弧焊). Not replaced (that
# would be guessing), but a cell holding one is never trusted unchecked.
SUSPECT_CHARS = frozenset("又讨氨镀")
SUSPECT_PAIRS = ("毛弧",)


# A lone Chinese character glued in front of a short number (人2 for 12, 区 for 7 next to
# digits): a digit misread as a character; numbers are written with units after them.
_CJK_BEFORE_NUMBER = re.compile(r"^[\u4e00-\u9fff]\d{1,3}$")


def is_suspect(text: str) -> bool:
    """Whether the text holds a character Tesseract typically substitutes for another here."""
    return (
        any(ch in SUSPECT_CHARS for ch in text)
        or any(p in text for p in SUSPECT_PAIRS)
        or bool(_CJK_BEFORE_NUMBER.match(text))
    )


# Punctuation a cell never starts or ends with: remnants of erased rules and their crossings.
CELL_EDGE_JUNK = " 。，、=—~_,.;:|"


def normalise_cell_text(text: str) -> str:
    """`normalise_ocr_text` plus the rule remnants at the cell's ends (`，IRB5500`, `数控折弯机。`)."""
    text = normalise_ocr_text(text).strip(CELL_EDGE_JUNK)
    for open_, close in (("《", "》"), ("（", "）"), ("(", ")")):
        if text.startswith(open_) and close not in text:
            text = text[1:].strip(CELL_EDGE_JUNK)
    return text


def normalise_ocr_text(text: str) -> str:
    """Apply the safe domain corrections to one cell or line of OCR text."""
    text = _halfwidth_alnum(text).translate(_BRACKETS)
    text = _cjk_punctuation(text)
    text = _CODE_CANDIDATE.sub(lambda m: repair_credit_code(m.group(0)), text)
    text = _STRAY_BY_HYPHEN.sub("", text)
    text = _CODE.sub(lambda m: _fix_code(m.group(0)), text)
    return text.strip()
