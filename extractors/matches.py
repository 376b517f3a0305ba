"""Every tolerant match a packet's reading rests on, in one list (PacketFacts.matches), and the
MATCH_LOW_CONFIDENCE flags for those below the review bar.

Three kinds (models.matches.MatchKind): table headers (set on each table by classification),
business segments (on each BusinessSystem record), and devices' 所属工序 joined to the process
description by something looser than an equal name (a name inside another: 精密机加工 → 机加工, or
an OCR misread joined by similarity: 常减讨蒸馏 → 常减压蒸馏). A
match by a listed synonym, or an equal process name, is exact and not listed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz

from models import (
    STANDARD_SEGMENTS,
    Document,
    Flag,
    FlagCode,
    PacketFacts,
    make_flag,
    process_key,
    process_keys,
)
from models.matches import MATCH_KIND_ZH, MATCH_REVIEW_SCORE, MatchKind, MatchRecord
from models.provenance import EvidenceRef, distinct_refs

# Evidence refs kept per match (the rows using it) and per flag.
MAX_REFS = 50
# Matches named in one flag's message; the rest are counted (all are in the verdict and report).
MAX_NAMED_IN_MESSAGE = 8
EXACT_METHODS = frozenset({"synonym", "none", ""})


def header_matches(documents: Iterable[Document]) -> list[MatchRecord]:
    return [m for d in documents for t in d.tables for m in t.field_matches]


def segment_matches(facts: PacketFacts) -> list[MatchRecord]:
    """One record per (segment as written, segment read), citing every row that says it."""
    grouped: dict[tuple[str, str], list] = {}  # type: ignore[type-arg]
    for s in facts.business_systems:
        if s.segment_score is None or (s.segment_match or "") in EXACT_METHODS:
            continue
        grouped.setdefault((s.segment_raw, s.segment), []).append(s)
    out = []
    for (raw, key), rows in grouped.items():
        first = rows[0]
        text = raw or (first.system_name or "")
        out.append(MatchRecord(
            kind=MatchKind.SEGMENT, text=text, matched=key, matched_label=STANDARD_SEGMENTS.get(key, key),
            score=min(r.segment_score for r in rows), method=first.segment_match or "",
            evidence=distinct_refs([r.ref for r in rows], MAX_REFS)))
    return out


def process_matches(facts: PacketFacts) -> list[MatchRecord]:
    """A device's or robot's 所属工序 joined to a described process other than by an equal name (or an
    equal part of a list 焊接/装配): its similarity to that name is its score."""
    known = {process_key(p.name): p.name for p in facts.processes}
    if not known:
        return []
    grouped: dict[tuple[str, str], list[EvidenceRef]] = {}
    similar: dict[tuple[str, str], tuple[float, list[EvidenceRef]]] = {}
    for rec in [*facts.devices, *facts.robots]:
        if rec.process_written and rec.process_score is not None and process_key(rec.process) in known:
            # an OCR misread joined by similarity (extractors.records.processes): scored there
            key = process_key(rec.process)
            score, refs = similar.get((rec.process_written, key), (100.0, []))
            similar[(rec.process_written, key)] = (min(score, rec.process_score), [*refs, rec.ref])
            continue
        written = rec.process
        whole = process_key(written)
        if not whole or whole in known:
            continue
        for key in process_keys(written, set(known)):
            if key in known and key != whole:
                grouped.setdefault((written or "", key), []).append(rec.ref)
    out = [
        MatchRecord(kind=MatchKind.PROCESS, text=written, matched=key, matched_label=known[key],
                    score=round(score, 1), method="similar", evidence=distinct_refs(refs, MAX_REFS))
        for (written, key), (score, refs) in similar.items()
    ]
    for (written, key), refs in grouped.items():
        parts = [process_key(p) for p in _parts(written)]
        if key in parts:
            continue  # an equal part of a list (焊接、装配): exact
        out.append(MatchRecord(
            kind=MatchKind.PROCESS, text=written, matched=key, matched_label=known[key],
            score=round(fuzz.ratio(process_key(written), key), 1), method="contained",
            evidence=distinct_refs(refs, MAX_REFS)))
    return out


def _parts(written: str) -> list[str]:
    return [p for p in re.split(r"[、/,，;；|]+", unicodedata.normalize("NFKC", written)) if p]


def packet_matches(facts: PacketFacts, documents: Iterable[Document]) -> list[MatchRecord]:
    return [*header_matches(documents), *segment_matches(facts), *process_matches(facts)]


def match_flags(matches: Iterable[MatchRecord]) -> list[Flag]:
    """MATCH_LOW_CONFIDENCE once per document holding matches below the review bar: what was read
    as what, with its score; a reviewer confirms or corrects (the matched reading is used meanwhile)."""
    by_file: dict[str, list[MatchRecord]] = {}
    for m in matches:
        if m.needs_review and m.file:
            by_file.setdefault(m.file, []).append(m)
    flags = []
    for file, found in by_file.items():
        named = "；".join(
            f"{MATCH_KIND_ZH[m.kind]}“{m.text}”→“{m.matched_label or m.matched}”（{m.score:.0f}分，{m.method}）"
            for m in found[:MAX_NAMED_IN_MESSAGE])
        more = f"；另 {len(found) - MAX_NAMED_IN_MESSAGE} 处见报告" if len(found) > MAX_NAMED_IN_MESSAGE else ""
        flags.append(make_flag(
            FlagCode.MATCH_LOW_CONFIDENCE,
            f"{file}中有 {len(found)} 处名称按近似匹配读取，匹配分低于 {MATCH_REVIEW_SCORE:.0f}：{named}{more}。"
            "已按匹配结果计算，请复核。",
            distinct_refs([e for m in found for e in m.evidence[:3]], MAX_REFS),
            key=f"match:{file}", matches=len(found), min_score=min(m.score for m in found),
        ))
    return flags
