"""Small helpers shared by the validators: manifest references, capped evidence lists, file types."""

from __future__ import annotations

from collections.abc import Iterable

from models import DocumentType, Engine, EvidenceRef, PacketFacts
from models.policy import DEFAULT_POLICY
from models.provenance import distinct_refs

# A flag lists at most this many evidence references (the policy's cap, shared with scoring);
# `data["occurrences"]` keeps the full count.
MAX_EVIDENCE_REFS = DEFAULT_POLICY.max_evidence_refs

MANIFEST_FILE = "manifest.json"


def manifest_ref(field: str, text: str | None = None) -> EvidenceRef:
    """Evidence pointing at a field of `manifest.json`."""
    return EvidenceRef(file=MANIFEST_FILE, column=field, engine=Engine.MANIFEST, text=text)


def capped(refs: Iterable[EvidenceRef], limit: int = MAX_EVIDENCE_REFS) -> list[EvidenceRef]:
    """Distinct refs in order, at most `limit`."""
    return distinct_refs(refs, limit)


def doc_types_by_file(facts: PacketFacts) -> dict[str, set[DocumentType]]:
    """Every type each file was read as (its dominant type and its tables' types)."""
    types: dict[str, set[DocumentType]] = {}
    for d in facts.documents:
        types.setdefault(d.file, set()).update([d.doc_type, *d.table_types])
    return types


def join_zh(items: Iterable[str], limit: int = 5) -> str:
    """``a、b、c 等 N 项`` — a short Chinese enumeration for messages."""
    items = list(items)
    shown = "、".join(items[:limit])
    return shown if len(items) <= limit else f"{shown} 等 {len(items)} 项"
