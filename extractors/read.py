"""`read_document`: one file's bytes → `models.Document`, whatever its format.

Checks size, sniffs the format from the bytes, dispatches to a reader and turns any failure
into `UnreadableDocumentError` (never a crash: SPEC §8, a bad file loses nothing else).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from PIL import Image

from extractors.errors import MAX_DOCUMENT_BYTES, MAX_IMAGE_PIXELS, UnreadableDocumentError
from extractors.readers import read_csv, read_docx, read_pdf, read_xls, read_xlsx
from extractors.readers.layout import HeaderScorer
from extractors.sniff import DOCUMENT_EXTENSIONS, is_legacy_word, sniff_format
from models import Document, SourceFormat

log = logging.getLogger(__name__)

# Policy: data rows kept as Cells per table. A longer table (a data-collection log) keeps its
# first rows and says how many there were in `Table.total_rows`; the log analysis streams the
# raw bytes instead (extractors.readers.iter_csv_rows / iter_xlsx_rows).
DEFAULT_MAX_TABLE_ROWS = 20_000
# Safety net even when a caller asks for every row (max_rows=None): past this many rows a table
# would cost gigabytes as Cells. No list, roster or statement comes near it; a log this long is
# streamed from the bytes instead.
HARD_MAX_TABLE_ROWS = 50_000

# Pillow refuses (DecompressionBombError) images above this many pixels.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

Reader = Callable[..., Document]

_READERS: dict[SourceFormat, Reader] = {
    SourceFormat.PDF: read_pdf,
    SourceFormat.XLSX: read_xlsx,
    SourceFormat.XLS: read_xls,
    SourceFormat.CSV: read_csv,
    SourceFormat.DOCX: read_docx,
}


def read_image(data: bytes, file: str, **kwargs: object) -> Document:
    """Scans and photos: OCR (extractors.ocr; imported lazily, it builds on the PDF reader)."""
    from extractors.ocr.document import read_image_document

    return read_image_document(data, file, **kwargs)  # type: ignore[arg-type]


_READERS[SourceFormat.IMAGE] = read_image


def read_document(
    data: bytes,
    file: str,
    header_scorer: HeaderScorer | None = None,
    max_rows: int | None = DEFAULT_MAX_TABLE_ROWS,
) -> Document:
    """Read one evidence file. Raises UnreadableDocumentError (empty, too_large, unknown_type,
    unsupported, encrypted, corrupt); sets `format`, `sha256` and `size_bytes`. Tables keep at
    most `max_rows` data rows (None: up to HARD_MAX_TABLE_ROWS); `Table.total_rows` tells more."""
    if not data:
        raise UnreadableDocumentError("empty", "0 bytes", file)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise UnreadableDocumentError(
            "too_large", f"{len(data)} bytes > {MAX_DOCUMENT_BYTES}", file,
            message_zh=f"文件大小 {len(data) / 1048576:.1f} MB，超过单个文件上限 {MAX_DOCUMENT_BYTES // 1048576} MB，已拒绝读取。",
        )
    try:
        fmt = sniff_format(data, file)
    except Exception as exc:  # noqa: BLE001 - odd bytes must not crash the packet
        raise UnreadableDocumentError("unknown_type", f"sniffing failed: {exc!r}", file) from exc
    reader = _READERS.get(fmt)
    if reader is None:
        if is_legacy_word(data):
            raise UnreadableDocumentError("unsupported", "Word 97-2003 .doc; save it as .docx or PDF", file)
        ext = file.rsplit(".", 1)[-1].lower() if "." in file else ""
        # Named like a document we read but matching none of them: damaged, not a foreign type.
        reason = "corrupt" if ext in DOCUMENT_EXTENSIONS else "unknown_type"
        raise UnreadableDocumentError(reason, f"bytes match no known format (sniffed {fmt.value})", file)
    rows_cap = HARD_MAX_TABLE_ROWS if max_rows is None else min(max_rows, HARD_MAX_TABLE_ROWS)
    try:
        doc = reader(data, file, header_scorer=header_scorer, max_rows=rows_cap)
    except UnreadableDocumentError as exc:
        if exc.file is None:
            exc.file = file
        raise
    except MemoryError as exc:
        raise UnreadableDocumentError(
            "too_large", "out of memory while reading", file, message_zh="读取时内存不足（文件内容过大），已停止读取。"
        ) from exc
    except Image.DecompressionBombError as exc:
        raise UnreadableDocumentError(
            "too_large", f"image bomb: {exc}", file,
            message_zh=f"图像像素数超过上限 {MAX_IMAGE_PIXELS // 1_000_000} 百万像素（疑似解压炸弹图像），已拒绝读取。",
        ) from exc
    except Exception as exc:  # any reader bug or library failure on odd input: a flag, not a crash
        log.warning("reader for %s failed on %s: %r", fmt.value, file, exc)
        raise UnreadableDocumentError("corrupt", f"{type(exc).__name__}: {exc}", file) from exc
    doc.format = fmt
    doc.sha256 = hashlib.sha256(data).hexdigest()
    doc.size_bytes = len(data)
    return doc
