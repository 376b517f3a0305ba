"""Enterprise-name comparison shared by validators (IDENTITY_MISMATCH) and scoring (a certificate's
holder): the same enterprise whatever the company-form suffix, and one misread character tolerated
only when one side was read by OCR (a typed name that differs is another company)."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Levenshtein

# Company-form suffixes treated as the same enterprise (longest first).
COMPANY_FORM_SUFFIX = re.compile(r"(股份有限公司|有限责任公司|股份公司|有限公司|公司)$")
_SPACES = re.compile(r"\s+")
# Policy: an OCR'd name whose key differs from the reference by at most this many characters
# (substituted, dropped or added) is a misread, not another company — when the key is long enough
# for one character not to be the distinguishing part (北京某甲 / 北京某乙 are short: still compared exactly).
OCR_NAME_EDITS = 1
OCR_NAME_MIN_CHARS = 6


def enterprise_name_key(name: str) -> str:
    """Comparison key of an enterprise name: width-folded, no spaces, no company-form suffix."""
    s = _SPACES.sub("", unicodedata.normalize("NFKC", name))
    return COMPANY_FORM_SUFFIX.sub("", s)


def name_edits(a: str, b: str) -> int:
    """Characters to change to turn one name into the other: the smaller of the distance between the
    keys and between the whole names (an OCR'd suffix 有限公可 does not make a name another company)."""
    ka, kb = enterprise_name_key(a), enterprise_name_key(b)
    whole_a, whole_b = _SPACES.sub("", unicodedata.normalize("NFKC", a)), _SPACES.sub("", unicodedata.normalize("NFKC", b))
    return min(Levenshtein.distance(ka, kb), Levenshtein.distance(whole_a, whole_b))


def names_agree(found: str, reference: str, found_by_ocr: bool) -> tuple[bool, bool]:
    """(same enterprise, read as a probable OCR misread). Typed names must have equal keys; an OCR'd
    name may differ by OCR_NAME_EDITS characters when the reference key is long enough."""
    if enterprise_name_key(found) == enterprise_name_key(reference):
        return True, False
    if found_by_ocr and len(enterprise_name_key(reference)) >= OCR_NAME_MIN_CHARS \
            and name_edits(found, reference) <= OCR_NAME_EDITS:
        return True, True
    return False, False
