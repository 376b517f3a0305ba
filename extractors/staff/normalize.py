"""Normalising job titles and departments as rosters write them (全角/半角, grades, qualifiers)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Qualifiers that say how a person is employed or graded, not what they do: dropped from the
# matching key so that 焊工（高级） and 焊工 share one override and one prediction.
_QUALIFIER = re.compile(r"\((?:临时|劳务派遣|派遣|外包|兼|兼职|正式|合同工|劳务|试用|试用期|高级|中级|初级|[一二三四五]级)\)")
# What job postings wrap a title in: 急招普工（包吃住）, 操作工 长白班, 销售代表（底薪+提成）.
_POSTING_PREFIX = re.compile(r"^(?:急招|急聘|诚聘|高薪招聘|高薪诚聘)")
_POSTING_NOTE = re.compile(r"\((?:[^()]*(?:包吃|包住|吃住|班|薪|提成|持证|双休|五险|厂内|电子厂|食品厂|服装厂)[^()]*)\)"
                           r"|(?:长白班|两班倒|白班|夜班|包吃住)$")
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
    s = _POSTING_NOTE.sub("", _POSTING_PREFIX.sub("", _QUALIFIER.sub("", normalize_text(title))))
    prev = None
    while prev != s and len(s) > 1:
        prev, s = s, _GRADE_SUFFIX.sub("", s)
        s = _QUALIFIER.sub("", s)
    return s or normalize_text(title)


def department_key(department: str | None) -> str:
    return normalize_text(department)
