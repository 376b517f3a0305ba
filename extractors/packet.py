"""From a packet's members to one set of facts: the manifest, then every document's records."""

from __future__ import annotations

import json
import posixpath

from pydantic import ValidationError

from models import (
    DocumentSummary,
    DocumentType,
    EvidenceRef,
    Flag,
    FlagCode,
    Manifest,
    PacketFacts,
    PacketFile,
    SourceFormat,
    make_flag,
)
from models.extraction import ExtractionResult

MANIFEST_NAME = "manifest.json"


def split_manifest(files: list[PacketFile]) -> tuple[PacketFile | None, list[PacketFile]]:
    """The manifest (top-level manifest.json) and the evidence files."""
    manifest = next((f for f in files if f.name == MANIFEST_NAME), None)
    evidence = [f for f in files if f is not manifest]
    return manifest, evidence


def parse_manifest(member: PacketFile | None, fallback_id: str) -> tuple[Manifest, list[Flag]]:
    """The manifest, or a minimal one named after the packet when it is missing or broken
    (the packet is still checked; the flag says what could not be read)."""
    if member is None:
        return Manifest(packet_id=fallback_id), []
    try:
        raw = json.loads(member.data.decode("utf-8-sig"))
        if not isinstance(raw, dict):
            raise ValueError("not a JSON object")
        raw.setdefault("packet_id", fallback_id)
        return Manifest.model_validate(raw), []
    except (ValueError, UnicodeDecodeError, ValidationError) as exc:
        flag = make_flag(
            FlagCode.UNREADABLE_DOCUMENT,
            f"清单文件 manifest.json 无法解析（{str(exc).splitlines()[0]}），已按缺省信息处理",
            [EvidenceRef(file=member.name)],
            reason="manifest",
        )
        return Manifest(packet_id=fallback_id), [flag]


def packet_id_from_name(name: str) -> str:
    """``incoming/acme-2026`` or ``acme-2026.zip`` → ``acme-2026``."""
    base = posixpath.basename(name.rstrip("/"))
    return base[:-4] if base.lower().endswith(".zip") else base


def summarise(file: str, result: ExtractionResult) -> DocumentSummary:
    doc = result.document
    if doc is None:
        return DocumentSummary(
            file=file, format=SourceFormat.UNKNOWN, doc_type=DocumentType.UNKNOWN, readable=False
        )
    table_types = sorted(
        {DocumentType(t.doc_type) for t in doc.tables if t.doc_type and t.doc_type != doc.doc_type},
        key=lambda t: t.value,
    )
    return DocumentSummary(
        file=file,
        format=doc.format,
        doc_type=doc.doc_type,
        table_types=table_types,
        pages=len(doc.pages),
        tables=len(doc.tables),
        records=result.records.count(),
        ocr_pages=sum(1 for p in doc.pages if not p.has_text_layer),
    )


def assemble_facts(manifest: Manifest, results: list[tuple[str, ExtractionResult]]) -> PacketFacts:
    """Merge every document's records into the packet's facts (in file order)."""
    facts = PacketFacts(packet_id=manifest.packet_id, manifest=manifest)
    for file, result in results:
        facts.documents.append(summarise(file, result))
        facts.extend(result.records)
    return facts
