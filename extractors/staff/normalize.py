"""Normalising job titles and departments as rosters write them (全角/半角, grades, qualifiers)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Qualifiers that say how a person is employed or graded, not what they do: dropped from the
# matching key so that 焊工（高级） and 焊工 share one override and one prediction.
_QUALIFIER = re.compile(r"\((?:临时|劳务派遣|派遣|外包|兼|兼职|正式|合同工|劳务|试用|试用期|高级|中级|初级|[一二三四五]级)\)")
_GRADE_SUFFIX = re.compile(r"(?:[一二三四五]级|高级|中级|初级|资深|[0-9]+级?|i{1,3}|[ab]岗|[ab]班|组员)$")


@lru_cache(maxsize=65536)
def normalize_text(text: str | None) -> str:
    """NFKC (full-width → half-width brackets/letters), lower-case, no whitespace."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"\s+", "", s)


@lru_cache(maxsize=65536)
def title_key(title: str | None) -> str:
    """Matching key of a job title: normalised, without employment qualifiers and grade suffixes."""
    s = _QUALIFIER.sub("", normalize_text(title))
    prev = None
    while prev != s and len(s) > 1:
        prev, s = s, _GRADE_SUFFIX.sub("", s)
        s = _QUALIFIER.sub("", s)
    return s or normalize_text(title)


def department_key(department: str | None) -> str:
    return normalize_text(department)
