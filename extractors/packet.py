"""From a packet's members to one set of facts: the manifest, then every document's records."""

from __future__ import annotations

import json
import posixpath
import re

from pydantic import ValidationError

from extractors.records.equipment import join_asset_numbers
from extractors.records.processes import join_process_names
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


# Policy: the largest manifest read (a real one is under 2 KB); a bigger file is not parsed.
MAX_MANIFEST_BYTES = 1024 * 1024
# A packet id names a results folder and a bucket prefix: one path segment of ordinary characters.
MAX_PACKET_ID_CHARS = 128
_UNSAFE_ID = re.compile(r"[/\\\x00-\x1f\x7f]")


def safe_packet_id(value: object) -> bool:
    """True for an id usable as one path segment (no slashes, control characters, `.`/`..`)."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= MAX_PACKET_ID_CHARS
        and value.strip() not in ("", ".", "..")
        and not _UNSAFE_ID.search(value)
    )


def _manifest_flag(member_name: str, message: str, field: str | None = None) -> Flag:
    return make_flag(
        FlagCode.UNREADABLE_DOCUMENT,
        message,
        [EvidenceRef(file=member_name, column=field)],
        reason="manifest",
        field=field,
    )


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"


def _drop_invalid_fields(raw: dict, member_name: str) -> tuple[Manifest, list[Flag]]:
    """Validate field by field: every field that validates is kept, each that does not is
    dropped with its own flag (inside `declared`/`benefit_benchmarks` only the bad entries go)."""
    flags: list[Flag] = []
    for _ in range(len(raw) + sum(len(v) for v in raw.values() if isinstance(v, dict)) + 1):
        try:
            return Manifest.model_validate(raw), flags
        except ValidationError as exc:
            err = exc.errors()[0]
        loc = err["loc"]
        field = str(loc[0])
        parent = raw.get(field)
        if len(loc) >= 2 and isinstance(parent, dict) and loc[1] in parent:
            key = loc[1]
            shown = f"{field}.{key}"
            value = parent.pop(key)
        else:
            shown = field
            value = raw.pop(field, None)
        flags.append(
            _manifest_flag(
                member_name,
                f"清单文件 manifest.json 的字段 {shown} 取值 {_shown(value)} 类型不对（{err['msg']}），"
                "该字段已忽略，其余字段照常使用",
                shown,
            )
        )
    return Manifest(packet_id=raw["packet_id"]), flags


def parse_manifest(member: PacketFile | None, fallback_id: str) -> tuple[Manifest, list[Flag]]:
    """The manifest, or a minimal one named after the packet when it is missing or broken
    (the packet is still checked; each flag says what could not be read). A wrongly typed field
    loses only itself; an unsafe `packet_id` (slashes, `..`, control characters, too long)
    is replaced by the packet's own name."""
    if member is None:
        flag = make_flag(
            FlagCode.MISSING_EVIDENCE,
            "数据包中没有申报清单 manifest.json：企业名称、信用代码、行业代码和评估年度均无从核对，"
            "已按文件内容推定",
            [EvidenceRef(file=MANIFEST_NAME)],
            reason="manifest_missing",
        )
        return Manifest(packet_id=fallback_id), [flag]
    if len(member.data) > MAX_MANIFEST_BYTES:
        return Manifest(packet_id=fallback_id), [
            _manifest_flag(
                member.name,
                f"清单文件 manifest.json 过大（{len(member.data)} 字节，上限 {MAX_MANIFEST_BYTES}），未解析，已按缺省信息处理",
            )
        ]
    try:
        raw = json.loads(member.data.decode("utf-8-sig"))
        if not isinstance(raw, dict):
            raise ValueError("not a JSON object")
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        message = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        return Manifest(packet_id=fallback_id), [
            _manifest_flag(member.name, f"清单文件 manifest.json 无法解析（{message}），已按缺省信息处理")
        ]
    flags: list[Flag] = []
    if "packet_id" in raw and not safe_packet_id(raw["packet_id"]):
        flags.append(
            _manifest_flag(
                member.name,
                f"清单文件 manifest.json 的 packet_id {_shown(raw['packet_id'])} 不能用作数据包编号"
                f"（含斜杠、“..”、控制字符或超过 {MAX_PACKET_ID_CHARS} 个字符），已改用 {_shown(fallback_id)}",
                "packet_id",
            )
        )
        raw["packet_id"] = fallback_id
    raw.setdefault("packet_id", fallback_id)
    manifest, field_flags = _drop_invalid_fields(raw, member.name)
    return manifest, flags + field_flags


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
    # process names written differently across documents (an OCR misread) joined by similarity
    join_process_names(facts)
    join_asset_numbers(facts)  # an OCR'd asset number one character off a data log's
    return facts
