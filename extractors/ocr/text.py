"""Joining OCR tokens into cell and line text.

Tesseract returns Chinese one character per "word": characters are joined without spaces, while
Latin/digit tokens keep the space that separated them on the page (``FANUC 0i-TF``).
"""

from __future__ import annotations

import unicodedata

from extractors.ocr.engine import OcrWord

# Remnants of ruling lines: a token made only of these is dropped (`|`, `“`, `[` …), and they
# are stripped from a token's ends (`”SB-008`, `ZP-20|`).
EDGE_NOISE = "|[]{}“”‘’'\"`¦丨"
GRID_NOISE = set(EDGE_NOISE)
# A gap wider than this fraction of the line height between two Latin tokens is a space.
LATIN_SPACE_GAP = 0.3


def is_cjk(ch: str) -> bool:
    if not ch:
        return False
    cp = ord(ch)
    if 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF:  # CJK / full-width punctuation
        return True
    return unicodedata.east_asian_width(ch) in ("W", "F")


def is_noise(word: OcrWord) -> bool:
    return all(ch in GRID_NOISE for ch in word.text)


def group_lines(words: list[OcrWord]) -> list[list[OcrWord]]:
    """Cluster words into visual lines by vertical overlap, each sorted left to right."""
    lines: list[list[OcrWord]] = []
    for w in sorted(words, key=lambda w: w.cy):
        for ln in lines:
            ref = ln[-1]
            overlap = min(ref.y1, w.y1) - max(ref.y0, w.y0)
            if overlap > 0.4 * min(max(1, ref.height), max(1, w.height)):
                ln.append(w)
                break
        else:
            lines.append([w])
    return [sorted(ln, key=lambda w: w.x0) for ln in lines]


def join_line(words: list[OcrWord]) -> str:
    """Join the tokens of one line: no space next to a CJK character, a space between Latin
    tokens that were apart on the page."""
    out = ""
    prev: OcrWord | None = None
    for w in words:
        if prev is not None and out and not is_cjk(out[-1]) and not is_cjk(w.text[0]):
            height = max(1, min(prev.height, w.height), (prev.height + w.height) // 2)
            if w.x0 - prev.x1 > LATIN_SPACE_GAP * height:
                out += " "
        out += w.text
        prev = w
    return out


def join_lines(lines: list[str]) -> str:
    """Lines wrapped inside one cell: CJK continues without a space, Latin with one."""
    out = ""
    for ln in lines:
        if not ln:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(ln[0])):
            out += " "
        out += ln
    return out


def strip_edge_noise(word: OcrWord) -> OcrWord:
    text = word.text.strip(EDGE_NOISE)
    if text == word.text or not text:
        return word
    return OcrWord(text, word.x0, word.y0, word.x1, word.y1, word.conf, word.line, word.block)


def words_to_text(words: list[OcrWord], drop_noise: bool = True) -> str:
    kept = [strip_edge_noise(w) for w in words if not (drop_noise and is_noise(w))]
    return join_lines([join_line(ln) for ln in group_lines(kept)])
