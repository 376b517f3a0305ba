"""The same document uploaded twice (附件2.pdf and 附件2-副本.pdf): its records count once.

Two documents are the same when their bytes are identical, or — near-identical: a copy saved
again, exported to another format, with other metadata — when they are of the same type and
hold the same content (every table cell, or the page text when there are no tables), compared
after normalising whitespace. The first in packet order keeps its records; each later copy keeps
its document (for the report) but no records, and a DUPLICATE_RECORD flag cites both files.
Pure: results in, results out.
"""

from __future__ import annotations

import hashlib
import re

from models import Document, DocumentType, EvidenceRef, ExtractionResult, FlagCode, RecordSet, make_flag

_SPACE = re.compile(r"\s+")
# Content shorter than this (after normalising) is too little to call two documents the same.
MIN_CONTENT_CHARS = 20


def content_fingerprint(doc: Document) -> str | None:
    """A hash of what the document says (type, table cells, or page text), or None when it says
    too little to compare."""
    if doc.tables:
        parts = []
        for t in doc.tables:
            parts.append("\t".join(_SPACE.sub("", h) for h in t.header))
            parts += ["\t".join(_SPACE.sub("", x) for x in row.texts()) for row in t.rows]
    else:
        parts = [_SPACE.sub("", p.text) for p in doc.pages]
    body = "\n".join(parts)
    if len(body.replace("\t", "").replace("\n", "")) < MIN_CONTENT_CHARS:
        return None
    return hashlib.sha256(f"{doc.doc_type.value}\n{body}".encode()).hexdigest()


def drop_duplicate_documents(results: list[tuple[str, ExtractionResult]]) -> list[tuple[str, ExtractionResult]]:
    """`results` with every repeat of an earlier document emptied of records and flagged."""
    first_by_key: dict[str, str] = {}
    out: list[tuple[str, ExtractionResult]] = []
    for file, result in results:
        doc = result.document
        if doc is None or doc.doc_type == DocumentType.UNKNOWN and not result.records.count():
            out.append((file, result))
            continue
        keys = [k for k in (f"bytes:{doc.sha256}" if doc.sha256 else None, _content_key(doc)) if k]
        original = next((first_by_key[k] for k in keys if k in first_by_key), None)
        if original is None:
            for k in keys:
                first_by_key[k] = file
            out.append((file, result))
            continue
        same = "内容完全相同" if f"bytes:{doc.sha256}" in first_by_key else "内容相同（另存或转换格式的副本）"
        flag = make_flag(
            FlagCode.DUPLICATE_RECORD,
            f"文件“{file}”与“{original}”{same}，是同一份材料重复上传：其中的 {result.records.count()} 条记录只按"
            f"“{original}”计一次",
            [EvidenceRef(file=original), EvidenceRef(file=file)],
            reason="duplicate_document",
            duplicate_of=original,
        )
        out.append((file, result.model_copy(update={"records": RecordSet(), "flags": [*result.flags, flag]})))
    return out


def _content_key(doc: Document) -> str | None:
    fp = content_fingerprint(doc)
    return f"content:{fp}" if fp else None
