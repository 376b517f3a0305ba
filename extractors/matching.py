"""Tolerant matching in one place: a written name (a header cell, a business segment) against a
vocabulary, keeping how it matched and how sure the match is.

Methods, strongest first: ``synonym`` (a listed word, exact after normalisation), ``stem`` (the text
contains a stem of exactly one entry), ``system_hint`` (a segment read from the system serving it:
PLM → 研发设计, MES → 生产 …), ``fuzzy`` (edit-distance similarity, rapidfuzz's normalised Indel ratio,
for OCR misreads). Below `REVIEW_SCORE` a match is not taken: the caller keeps the text as written.
The vocabularies are data: extractors/data/vocab/*.json.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

VOCAB_DIR = Path(__file__).parent / "data" / "vocab"

# Scores (0–100) each method gives; a fuzzy match scores its similarity.
SYNONYM_SCORE = 100.0
STEM_SCORE = 90.0
SYSTEM_HINT_SCORE = 80.0
# A fuzzy match at or above this is taken; below it the text stays unmatched.
FUZZY_MIN_SCORE = 70.0
# A match scoring below this is taken but shown to a reviewer (documented in the report).
REVIEW_SCORE = 85.0


@dataclass(frozen=True)
class Match:
    key: str | None  # the vocabulary entry matched (None: no match)
    score: float  # 0–100
    method: str  # synonym | stem | system_hint | fuzzy | none
    text: str  # what was matched, as written

    @property
    def needs_review(self) -> bool:
        return self.key is not None and self.score < REVIEW_SCORE


NO_MATCH = "none"


def normalise(text: str | None) -> str:
    """NFKC, lower case, no spaces, no brackets' content kept apart (``协同办公(OA)`` → ``协同办公oa``)."""
    s = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"[\s()\[\]（）【】<>《》\"'“”]+", "", s)


@cache
def vocabulary(name: str) -> dict:
    return json.loads((VOCAB_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _ascii_word_in(stem: str, text: str) -> bool:
    """A Latin stem (``hr``, ``oa``, ``mes``) must stand as a word, not inside another (``ehr`` is
    allowed: a letter prefix e/i/s/x names the same system kind)."""
    for m in re.finditer(re.escape(stem), text):
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if (not before.isascii() or not before.isalpha() or before in "eisx" and m.start() == 1) and \
                (not after.isascii() or not after.isalpha()):
            return True
    return False


def contains_stem(text: str, stem: str) -> bool:
    """`text` as written (spaces keep Latin words apart: ``Windchill PLM``)."""
    stem = normalise(stem)
    if stem.isascii():
        spaced = re.sub(r"[\s()\[\]（）【】/]+", " ", unicodedata.normalize("NFKC", text or "").lower())
        return _ascii_word_in(stem, spaced)
    return stem in normalise(text)


def stem_match(text: str, stems: Mapping[str, Iterable[str]], allowed: Iterable[str] | None = None) -> Match:
    """The entry whose longest stem the text contains; a tie between entries is no match."""
    keys = set(allowed) if allowed is not None else None
    best: dict[str, int] = {}
    for key, words in stems.items():
        if key.startswith("_") or (keys is not None and key not in keys):
            continue
        for w in words:
            if contains_stem(text, w):
                best[key] = max(best.get(key, 0), len(normalise(w)))
    if not best:
        return Match(None, 0.0, NO_MATCH, text)
    top = max(best.values())
    winners = [k for k, n in best.items() if n == top]
    if len(winners) != 1:
        return Match(None, 0.0, NO_MATCH, text)
    return Match(winners[0], STEM_SCORE, "stem", text)


def fuzzy_match(text: str, words: Mapping[str, Iterable[str]], min_score: float = FUZZY_MIN_SCORE,
                allowed: Iterable[str] | None = None) -> Match:
    """The entry with the most similar word (normalised Indel ratio); a tie between entries is no match."""
    t = normalise(text)
    if not t:
        return Match(None, 0.0, NO_MATCH, text)
    keys = set(allowed) if allowed is not None else None
    scores: dict[str, float] = {}
    for key, ws in words.items():
        if key.startswith("_") or (keys is not None and key not in keys):
            continue
        for w in ws:
            s = fuzz.ratio(t, normalise(w))
            scores[key] = max(scores.get(key, 0.0), s)
    if not scores:
        return Match(None, 0.0, NO_MATCH, text)
    top = max(scores.values())
    winners = [k for k, s in scores.items() if s == top]
    if top < min_score or len(winners) != 1:
        return Match(None, round(top, 1), NO_MATCH, text)
    return Match(winners[0], round(top, 1), "fuzzy", text)


# ---- business segments -------------------------------------------------------------------------------

def segment_from_system(system_name: str | None) -> Match:
    """The segment a system's name says it serves (PLM → rnd_design …); none for an ERP, which
    serves several, or an unknown name."""
    if not system_name:
        return Match(None, 0.0, NO_MATCH, "")
    vocab = vocabulary("segments")
    m = stem_match(system_name, vocab["system_hints"])
    if m.key is None:
        return m
    return Match(m.key, SYSTEM_HINT_SCORE, "system_hint", system_name)


def match_segment(text: str, system_name: str | None = None, exact: str | None = None) -> Match:
    """A segment written in the enterprise's words → a standard segment key, with score and method.
    `exact`: the key a synonym list already gave (kept at full score)."""
    if exact:
        return Match(exact, SYNONYM_SCORE, "synonym", text)
    vocab = vocabulary("segments")
    m = stem_match(text, vocab["stems"])
    if m.key:
        return m
    if unreadable(text):
        # the cell says nothing (blank, an OCR fragment): the system is evidence of its segment
        return segment_from_system(system_name)
    return fuzzy_match(text, vocab["stems"])


def unreadable(text: str | None) -> bool:
    """A cell that names nothing: blank, one character, or no letter / CJK character at all."""
    t = normalise(text)
    return len(t) < 2 or not re.search(r"[a-z\u4e00-\u9fff]", t)


# ---- table headers -----------------------------------------------------------------------------------

def header_stems(doc_type: str) -> dict[str, list[str]]:
    return {k: v for k, v in vocabulary("header_stems").get(doc_type, {}).items() if not k.startswith("_")}


def refine_fields(header: list[str], fields: list[str | None], doc_type: str,
                  synonyms: Mapping[str, Iterable[str]], skip: Iterable[str] = ()) -> tuple[list[str | None], list[Match]]:
    """Once a table's type is known, read again among that type's fields each column whose header
    matched no field or a field the type does not hold (工艺环节名称 in a process table is a process
    name, not a business segment). Columns whose header is in `skip` (序号, 备注) stay as they are.
    Returns the fields and the matches made here (for provenance / review)."""
    stems = header_stems(doc_type)
    if not stems:
        return fields, []
    allowed = set(stems)
    out = list(fields)
    taken = {f for f in out if f in allowed}
    made: list[Match] = []
    skip_set = {normalise(s) for s in skip}
    for i, h in enumerate(header):
        if out[i] in allowed or not normalise(h) or normalise(h) in skip_set:
            continue
        free = allowed - taken
        # a flattened two-row header (工艺与控制/使用工段): the lower row names the column
        lower = h.rsplit("/", 1)[-1] if "/" in h else ""
        m = stem_match(lower, stems, free) if lower else Match(None, 0.0, NO_MATCH, h)
        if m.key is None:
            m = stem_match(h, stems, free)
        if m.key is None:
            m = fuzzy_match(h, {k: list(synonyms.get(k, ())) for k in free}, min_score=60.0)
        if m.key:
            out[i] = m.key
            taken.add(m.key)
            made.append(m)
    return out, made


# ---- process names across documents -----------------------------------------------------------------

# A process name read by OCR (常减讨蒸馏, 片SMT贴) joins the described process it is most similar to
# at or above this score, when no other described process comes within PROCESS_MARGIN of it.
PROCESS_FUZZY_MIN_SCORE = 70.0
PROCESS_MARGIN = 10.0
# A weaker likeness still joins when no other described process is within PROCESS_WEAK_MARGIN.
PROCESS_WEAK_MIN_SCORE = 55.0
PROCESS_WEAK_MARGIN = 25.0


def name_similarity(a: str, b: str) -> float:
    """0–100: the larger of the normalised Indel ratio and a character-bag overlap (OCR of a cell
    cut by a rule can put its characters out of order: 片SMT贴 for SMT贴片), the bag scored 10 lower."""
    a, b = normalise(a), normalise(b)
    if not a or not b:
        return 0.0
    ratio = fuzz.ratio(a, b)
    pool = list(b)
    common = 0
    for ch in a:
        if ch in pool:
            pool.remove(ch)
            common += 1
    bag = 100.0 * common / max(len(a), len(b)) - 10.0
    return round(max(ratio, bag), 1)


def misread_of(a: str, b: str) -> bool:
    """`a` could be `b` with characters misread in place: lengths within one, at most two in five
    characters changed, dropped or added (Levenshtein). 外包装 is no misread of 铝塑包装 (a shared word)."""
    a, b = normalise(a), normalise(b)
    if min(len(a), len(b)) < 3 or abs(len(a) - len(b)) > 1:
        return False
    return Levenshtein.distance(a, b) <= 0.4 * max(len(a), len(b))


def match_process(written_key: str, described_keys: Iterable[str]) -> Match:
    """The described process (its key, models.process_key) a misread written key most resembles,
    with its score; no match below PROCESS_FUZZY_MIN_SCORE or without a clear winner."""
    scored = sorted(((name_similarity(written_key, k), k) for k in described_keys if k), reverse=True)
    if not scored or not written_key:
        return Match(None, 0.0, NO_MATCH, written_key)
    top, key = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    if top >= PROCESS_FUZZY_MIN_SCORE and top - second >= PROCESS_MARGIN:
        return Match(key, top, "fuzzy", written_key)
    if top >= PROCESS_WEAK_MIN_SCORE and top - second >= PROCESS_WEAK_MARGIN and misread_of(written_key, key):
        # two characters of five misread (常减压荣饮), nothing else near: joined, below the review score
        return Match(key, top, "fuzzy_weak", written_key)
    return Match(None, top, NO_MATCH, written_key)


# ---- columns read from their values ---------------------------------------------------------------------

# A column is taken as a field from its values when at least this share of its non-blank cells
# are values of that field's kind (a garbled OCR header: 控制方式 → zzmmz, 自动采集 → 自六呈告).
VALUE_SHARE_MIN = 0.7
# The yes/no fields of each table type: a column of 是/否, √/×, V/x marks is one of them.
BOOLEAN_FIELDS: dict[str, tuple[str, ...]] = {
    "equipment_list": ("is_nc", "is_networked", "is_robot"),
    "product_list": ("digital_design",),
    "process_description": ("is_key",),
}
_ASSET_CODE = re.compile(r"^[A-Za-z]{1,5}[-_]?\d{2,}[A-Za-z0-9-]*$")


def value_kind(text: str) -> str | None:
    """What a cell's text is: ``int``, ``date``, ``control``, ``bool``, ``code`` or None (a name, prose)."""
    from extractors.normalize import parse_bool, parse_control_type, parse_date

    t = normalise(text)
    if not t:
        return None
    if re.fullmatch(r"\d{1,6}", t):
        return "int"
    if parse_date(text) is not None and re.search(r"\d{4}", t):
        return "date"
    if parse_control_type(text) is not None:
        return "control"
    if parse_bool(text) is not None:
        return "bool"
    if _ASSET_CODE.match(unicodedata.normalize("NFKC", text).strip()):
        return "code"
    return None


def _kind_share(values: list[str]) -> tuple[str | None, float]:
    kinds = [value_kind(v) for v in values if normalise(v)]
    counts: dict[str, int] = {}
    for k in kinds:
        if k:
            counts[k] = counts.get(k, 0) + 1
    if not counts:
        return None, 0.0
    kind = max(counts, key=lambda k: counts[k])
    return kind, counts[kind] / len(kinds)


_KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "control": ("control_type",),
    "date": ("go_live", "hired"),
    "code": ("asset_no",),
    "int": ("quantity", "output_qty"),
}


def _likely_booleans(free: list[str], taken: set[str]) -> list[str]:
    """Of an equipment list's free yes/no fields, the ones an unnamed yes/no column can be: not
    是否机器人 while another is free (robots are named by their category); with 控制方式 given,
    数控 is implied by it, so the column is 联网; with 联网 given, it is 数控."""
    rest = [f for f in free if f != "is_robot"] or free
    if "control_type" in taken and "is_networked" in rest:
        return ["is_networked"]
    if "is_networked" in taken and "is_nc" in rest:
        return ["is_nc"]
    return rest


def infer_fields_from_values(header: list[str], fields: list[str | None], columns: list[list[str]],
                             doc_type: str, skip: Iterable[str] = ()) -> tuple[list[str | None], list[tuple[int, str, float]]]:
    """Columns whose header named no field (a garbled OCR header) are given a free field of the
    table's type from their values: control types → control_type, yes/no marks → the type's
    yes/no field (the one the header resembles most when several are free), dates → go_live /
    hired, asset-like codes → asset_no, counts → quantity. A 1, 2, 3 … column is a row number.
    Returns the fields and (column, field, score = share of values of that kind) per column inferred."""
    stems = header_stems(doc_type)
    if not stems:
        return fields, []
    out = list(fields)
    taken = {f for f in out if f}
    made: list[tuple[int, str, float]] = []
    skip_set = {normalise(s) for s in skip}
    for i, values in enumerate(columns):
        text = header[i] if i < len(header) else ""
        if i >= len(out) or out[i] is not None or normalise(text) in skip_set:
            continue
        kind, share = _kind_share(values)
        if kind is None or share < VALUE_SHARE_MIN:
            continue
        nums = [normalise(v) for v in values if normalise(v)]
        if kind == "int" and nums == [str(n) for n in range(1, len(nums) + 1)]:
            continue  # 序号
        candidates = BOOLEAN_FIELDS.get(doc_type, ()) if kind == "bool" else _KIND_FIELDS[kind]
        free = [f for f in candidates if f in stems and f not in taken]
        if not free:
            continue
        if kind == "bool" and len(free) > 1:
            free = _likely_booleans(free, taken)
        field = free[0]
        if len(free) > 1:
            scored = sorted(((max((fuzz.ratio(normalise(text), normalise(w)) for w in stems[f]), default=0.0), f)
                             for f in free), reverse=True)
            if not normalise(text) or scored[0][0] == scored[1][0]:
                continue  # nothing tells which yes/no field it is
            field = scored[0][1]
        out[i] = field
        taken.add(field)
        made.append((i, field, round(share, 2)))
    return out, made


# The kind of value each field holds, for checking a header's reading against its column.
FIELD_KINDS: dict[str, str] = {
    "quantity": "int", "output_qty": "int", "go_live": "date", "hired": "date", "control_type": "control",
    "is_nc": "bool", "is_networked": "bool", "is_robot": "bool", "digital_design": "bool", "asset_no": "code",
}


def _fit(field: str | None, values: list[str]) -> float:
    """How well a column's values fit a field: the share of values of the field's kind; a field
    holding names (no kind) fits values of no kind."""
    kinds = [value_kind(v) for v in values if normalise(v)]
    if not kinds or field is None:
        return 0.0
    want = FIELD_KINDS.get(field)
    return sum(1 for k in kinds if k == want) / len(kinds) if want else sum(1 for k in kinds if k is None) / len(kinds)


def settle_shared_headers(header: list[str], fields: list[str | None], columns: list[list[str]]) -> tuple[list[str | None], list[tuple[int, str, float]]]:
    """Neighbouring columns under one header text (OCR merged 台数|所在工序 into one cell spanning
    both): the fields that text named are given to the columns their values fit, not by position.
    Returns the fields and (column, field, fit) for each column changed."""
    out = list(fields)
    changed: list[tuple[int, str, float]] = []
    for i in range(len(out) - 1):
        j = i + 1
        if not normalise(header[i]) or header[i] != header[j] or j >= len(columns) or None in (out[i], out[j]):
            continue
        a, b = out[i], out[j]
        if _fit(b, columns[i]) + _fit(a, columns[j]) > _fit(a, columns[i]) + _fit(b, columns[j]) + 0.5:
            out[i], out[j] = b, a
            changed += [(i, b, round(_fit(b, columns[i]), 2)), (j, a, round(_fit(a, columns[j]), 2))]
    return out, changed
