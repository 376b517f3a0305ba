"""Normalised matching of process names (工序名称) written differently in different documents."""

from __future__ import annotations

import re
import unicodedata

_KEY_MARK = re.compile(r"[（(]\s*关键(工序)?\s*[)）]")
_SPLIT = re.compile(r"[、/,，;；|]+")


def process_key(name: str | None) -> str:
    """``"焊接 工序"``, ``"焊接（关键工序）"``, ``"焊接工序"`` → ``"焊接"``."""
    if not name:
        return ""
    s = unicodedata.normalize("NFKC", name)
    s = _KEY_MARK.sub("", s)
    s = re.sub(r"\s+", "", s).lower()
    s = s.strip("：:.。-")
    if s.endswith("工序") and len(s) > 2:
        s = s[: -len("工序")]
    return s


def process_keys(written: str | None, known: set[str]) -> list[str]:
    """The known process keys a device's 所属工序 refers to: the whole text when it matches, else its
    parts split on 、/，; (a device serving 焊接/装配 belongs to both)."""
    whole = process_key(written)
    if not whole:
        return []
    if whole in known:
        return [whole]
    parts = [process_key(p) for p in _SPLIT.split(unicodedata.normalize("NFKC", written or ""))]
    matched = [p for p in dict.fromkeys(parts) if p in known]
    return matched or [whole]
