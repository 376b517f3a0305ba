"""One packet member, bytes → ExtractionResult: read → classify → records.

A file that cannot be read becomes an UNREADABLE_DOCUMENT flag and no document; a readable
document of unknown type gives no table records and no flag (the flow reports it). Big
data-collection logs are recognised from their first lines and summarised straight from the
bytes, so half a million rows never become Cells. Never raises for bad input.
"""

from __future__ import annotations

import hashlib
import logging

from extractors.classify import classify_document
from extractors.errors import UnreadableDocumentError
from extractors.headers import header_score
from extractors.read import read_document, sniff
from extractors.readers.xlsx_formulas import has_uncached_formulas
from extractors.records import extract_records
from extractors.records.certifications import certification_records
from extractors.records.datalog import log_spans_from_bytes, sniff_csv_log_header, sniff_xlsx_log_header
from extractors.records.identity import identity_records
from extractors.sniff import sniff_format
from models import (
    DataLogSpan,
    Document,
    DocumentType,
    EvidenceRef,
    ExtractionResult,
    Flag,
    FlagCode,
    ReadNote,
    RecordSet,
    Severity,
    SourceFormat,
    make_flag,
)
from models.settings import ExtractionSettings

logger = logging.getLogger(__name__)

DEFAULTS = ExtractionSettings.defaults()
# Data rows of a big log kept as Table rows in the Document (for display and classification; the
# spans come from every row), and bytes of a CSV log read into the Document (title, header,
# first rows): `ExtractionSettings.log_preview_rows` / `log_head_bytes`.
LOG_PREVIEW_ROWS = DEFAULTS.log_preview_rows
LOG_HEAD_BYTES = DEFAULTS.log_head_bytes


def unreadable_flag(file: str, reason_zh: str, reason: str | None = None) -> Flag:
    """UNREADABLE_DOCUMENT for `file`, with the reason in Chinese."""
    return make_flag(
        FlagCode.UNREADABLE_DOCUMENT,
        f"文件“{file}”无法读取：{reason_zh}",
        [EvidenceRef(file=file)],
        reason=reason,
    )


def read_note_flag(file: str, note: ReadNote) -> Flag:
    """A part of a readable document that was left out (or repaired): its own flag."""
    return make_flag(
        FlagCode.UNREADABLE_DOCUMENT,
        f"文件“{file}”部分内容未读取：{note.message_zh}" if not note.warning_only else f"文件“{file}”：{note.message_zh}",
        note.evidence or [EvidenceRef(file=file)],
        reason=note.reason,
        partial=True,
    ).model_copy(update={"severity": Severity.WARNING} if note.warning_only else {})


def memory_flag(file: str, settings: ExtractionSettings) -> Flag:
    """Reading ran out of memory: under isolation, the per-document cap (extractors.isolation)."""
    limit = f"超过单个文件的内存上限 {settings.document_memory_mb} MB" if settings.isolate_documents else "内存不足"
    return unreadable_flag(file, f"读取时{limit}（文件内容过大或异常），已停止读取，请人工核查。", "memory")


def is_data_log(
    data: bytes, file: str, fmt: SourceFormat | None = None, settings: ExtractionSettings = DEFAULTS
) -> bool:
    """True when the bytes look like a device data-collection export (CSV, or an xlsx of at least
    `settings.xlsx_log_sniff_min_bytes`: opening one costs, and a small log reads as a table just as
    well) judged from the header in the first rows. Never raises: a file it cannot judge is read normally."""
    try:
        fmt = fmt or sniff_format(data, file)
        if fmt == SourceFormat.CSV:
            return sniff_csv_log_header(data) is not None
        if fmt == SourceFormat.XLSX and len(data) >= settings.xlsx_log_sniff_min_bytes:
            return sniff_xlsx_log_header(data) is not None
    except Exception:  # noqa: BLE001
        logger.exception("sniffing %s for a data log failed", file)
    return False


def _log_cut_short(doc: Document) -> bool:
    """A log table the reader cut at its row limit: its spans must come from the bytes."""
    return any(
        t.doc_type == DocumentType.DATA_COLLECTION_LOG.value and t.total_rows is not None for t in doc.tables
    ) and doc.format in (SourceFormat.CSV, SourceFormat.XLSX)


def _read(data: bytes, file: str, fmt: SourceFormat | None, log: bool, settings: ExtractionSettings) -> Document:
    if not log:
        return read_document(data, file, header_scorer=header_score, settings=settings, fmt=fmt)
    preview = settings.log_preview_rows
    if fmt == SourceFormat.CSV and len(data) <= settings.max_document_bytes:
        # Only the head of a CSV log becomes a Document; the spans stream through every row.
        head = csv_head(data, settings.log_head_bytes)
        doc = read_document(head, file, header_scorer=header_score, max_rows=preview, settings=settings, fmt=fmt)
        doc.sha256 = hashlib.sha256(data).hexdigest()
        doc.size_bytes = len(data)
        return doc
    return read_document(data, file, header_scorer=header_score, max_rows=preview, settings=settings, fmt=fmt)


def csv_head(data: bytes, limit: int = LOG_HEAD_BYTES) -> bytes:
    """The first `limit` bytes of a CSV, cut after a line break (a UTF-16 file is kept whole:
    its line breaks are two bytes)."""
    if len(data) <= limit or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data
    cut = data.rfind(b"\n", 0, limit)
    return data if cut < 0 else data[: cut + 1]


def _mark_log_rows(doc: Document, spans: list[DataLogSpan]) -> None:
    """A log read from its head says how many rows the spans rest on (`Table.total_rows`)."""
    total = sum(s.n_rows for s in spans)
    for t in doc.tables:
        if t.doc_type == DocumentType.DATA_COLLECTION_LOG.value and total > len(t.rows):
            t.total_rows = total


def _log_formula_notes(data: bytes, file: str, fmt: SourceFormat | None, doc: Document) -> list[ReadNote]:
    """The log's spans are streamed from the bytes, where a formula without a cached value is
    not evaluated: its row is left out of the spans (extractors.readers.xlsx_stream). Said once,
    unless the document's own reading already named those cells."""
    if fmt != SourceFormat.XLSX or any(n.reason == "formula_uncached" for n in doc.read_notes):
        return []
    if not has_uncached_formulas(data):
        return []
    return [ReadNote(
        reason="formula_uncached",
        message_zh="数据采集日志中有公式单元格没有保存计算结果，所在行未计入日志统计（请在 Excel 中打开、保存后重新上传）",
        evidence=[EvidenceRef(file=file)],
    )]


def _records(doc: Document) -> RecordSet:
    if doc.doc_type == DocumentType.UNKNOWN:
        # Nothing typed to read; what the text states about the enterprise still counts.
        return RecordSet(identities=identity_records(doc), certifications=certification_records(doc))
    return extract_records(doc)


def _sniff_or_none(data: bytes, file: str) -> SourceFormat | None:
    """The format, or None when the bytes cannot be judged (read_document then says why: empty, too large …)."""
    try:
        return sniff(data, file) if data else None
    except UnreadableDocumentError:
        return None


def extract(data: bytes, file: str, settings: ExtractionSettings = DEFAULTS) -> ExtractionResult:
    """Read, classify and extract one file. Unreadable → (None, no records, UNREADABLE_DOCUMENT).
    The format is sniffed once here and handed to the log test and the reader."""
    try:
        fmt = _sniff_or_none(data, file)
        log = is_data_log(data, file, fmt, settings)
        doc = _read(data, file, fmt, log, settings)
    except UnreadableDocumentError as exc:
        logger.info("unreadable %s: %s", file, exc)
        return ExtractionResult(document=None, flags=[unreadable_flag(file, exc.message_zh, exc.reason)])
    except MemoryError:
        logger.warning("reading %s ran out of memory", file)
        return ExtractionResult(document=None, flags=[memory_flag(file, settings)])
    except Exception as exc:  # noqa: BLE001 - a reader bug must not lose the rest of the packet
        logger.exception("reading %s failed", file)
        return ExtractionResult(
            document=None, flags=[unreadable_flag(file, f"读取时出错（{type(exc).__name__}），请人工核查。", "error")]
        )
    try:
        doc = classify_document(doc)
        if log:
            doc = doc.model_copy(update={"doc_type": DocumentType.DATA_COLLECTION_LOG})
        records = _records(doc)
        if log or _log_cut_short(doc):
            records.log_spans = log_spans_from_bytes(data, file, fmt)
            _mark_log_rows(doc, records.log_spans)
            doc.read_notes += _log_formula_notes(data, file, fmt, doc)
    except MemoryError:
        logger.warning("extracting records from %s ran out of memory", file)
        return ExtractionResult(document=None, flags=[memory_flag(file, settings)])
    except Exception as exc:  # noqa: BLE001
        logger.exception("extracting records from %s failed", file)
        return ExtractionResult(
            document=doc,
            flags=[unreadable_flag(file, f"提取数据时出错（{type(exc).__name__}），请人工核查。", "error")],
        )
    return ExtractionResult(document=doc, records=records, flags=[read_note_flag(file, n) for n in doc.read_notes])
