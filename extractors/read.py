"""`read_document`: one file's bytes → `models.Document`, whatever its format.

Checks size, sniffs the format from the bytes (once: callers that sniffed pass `fmt`),
dispatches to a reader with the caller's `ExtractionSettings` and turns any failure
into `UnreadableDocumentError` (never a crash: SPEC §8, a bad file loses nothing else).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from typing import Literal

from PIL import Image

from extractors.errors import UnreadableDocumentError
from extractors.readers import read_csv, read_docx, read_pdf, read_xls, read_xlsx
from extractors.readers.chunks import TableChunk
from extractors.readers.csv_reader import iter_csv_rows
from extractors.readers.layout import HeaderScorer
from extractors.readers.pdf import ScannedPages
from extractors.readers.xlsx import iter_xlsx_rows
from extractors.sniff import DOCUMENT_EXTENSIONS, is_legacy_word, sniff_format
from models import Document, PageText, SourceFormat
from models.settings import ExtractionSettings

log = logging.getLogger(__name__)

DEFAULTS = ExtractionSettings.defaults()
# Pillow refuses (DecompressionBombError) images above this many pixels (set again per call
# from the caller's settings; this is the import-time default).
Image.MAX_IMAGE_PIXELS = DEFAULTS.max_image_pixels

# A reader: bytes, file name, header scorer, row cap, the extraction settings → Document.
Reader = Callable[..., Document]



def _plain(reader: Callable[..., Document]) -> Reader:
    """A reader that needs no settings."""

    def read(data: bytes, file: str, settings: ExtractionSettings, **kwargs: object) -> Document:
        return reader(data, file, **kwargs)

    return read


# The OCR engine is imported on first use (numpy, scipy, Tesseract checks): born-digital packets never pay for it.
def read_image(data: bytes, file: str, settings: ExtractionSettings, **kwargs: object) -> Document:
    """Scans and photos: OCR (extractors.ocr)."""
    from extractors.ocr.document import read_image_document

    return read_image_document(data, file, settings=settings, **kwargs)  # type: ignore[arg-type]


def read_pdf_with_scans(data: bytes, file: str, settings: ExtractionSettings, **kwargs: object) -> Document:
    """Text-layer pages by pdfplumber, image-only pages by the OCR engine (one engine per page)."""

    def read_scans(data: bytes, file: str, pages: list[PageText], chunks: list[list[TableChunk]]) -> ScannedPages:
        from extractors.ocr.pdf import read_scanned_pages

        return read_scanned_pages(data, file, pages, chunks, settings=settings)

    return read_pdf(data, file, read_scans=read_scans, max_pages=settings.max_pdf_pages, **kwargs)  # type: ignore[arg-type]


_READERS: dict[SourceFormat, Reader] = {
    SourceFormat.PDF: read_pdf_with_scans,
    SourceFormat.XLSX: _plain(read_xlsx),
    SourceFormat.XLS: _plain(read_xls),
    SourceFormat.CSV: _plain(read_csv),
    SourceFormat.DOCX: _plain(read_docx),
    SourceFormat.IMAGE: read_image,
}


# Formats whose rows can be streamed from the bytes without building a Table (big data logs).
STREAMABLE = frozenset({SourceFormat.CSV, SourceFormat.XLSX})


def stream_rows(data: bytes, file: str, fmt: SourceFormat) -> Iterator[tuple[str | None, list[str]]]:
    """(sheet, cells) of every row of a CSV or xlsx, straight from the bytes: the streaming reader
    of data-collection logs (half a million rows never become Cells), chosen by the sniffed format
    like the other readers. Raises what the CSV/xlsx readers raise for unreadable bytes."""
    if fmt == SourceFormat.CSV:
        _, _, rows = iter_csv_rows(data)
        return ((None, cells) for cells in rows)
    if fmt == SourceFormat.XLSX:
        return ((sheet, cells) for sheet, _, cells in iter_xlsx_rows(data, file))
    raise UnreadableDocumentError("unsupported", f"rows of {fmt.value} are not streamed", file)


def sniff(data: bytes, file: str) -> SourceFormat:
    """The format from the bytes, once per file (the caller hands it on); odd bytes → unknown_type."""
    try:
        return sniff_format(data, file)
    except Exception as exc:  # noqa: BLE001 - odd bytes must not crash the packet
        raise UnreadableDocumentError("unknown_type", f"sniffing failed: {exc!r}", file) from exc


def read_document(
    data: bytes,
    file: str,
    header_scorer: HeaderScorer | None = None,
    max_rows: int | None | Literal["settings"] = "settings",
    settings: ExtractionSettings = DEFAULTS,
    fmt: SourceFormat | None = None,
) -> Document:
    """Read one evidence file. Raises UnreadableDocumentError (empty, too_large, unknown_type,
    unsupported, encrypted, corrupt); sets `format`, `sha256` and `size_bytes`. Tables keep at
    most `max_rows` data rows (default `settings.max_table_rows`; None: up to
    `settings.hard_max_table_rows`); `Table.total_rows` tells more. `fmt`: the format when the
    caller sniffed it already."""
    if not data:
        raise UnreadableDocumentError("empty", "0 bytes", file)
    limit = settings.max_document_bytes
    if len(data) > limit:
        raise UnreadableDocumentError(
            "too_large", f"{len(data)} bytes > {limit}", file,
            message_zh=f"文件大小 {len(data) / 1048576:.1f} MB，超过单个文件上限 {limit // 1048576} MB，已拒绝读取。",
        )
    if fmt is None:
        try:
            fmt = sniff(data, file)
        except Exception as exc:  # noqa: BLE001 - odd bytes must not crash the packet
            raise UnreadableDocumentError("unknown_type", f"sniffing failed: {exc!r}", file) from exc
    Image.MAX_IMAGE_PIXELS = settings.max_image_pixels
    reader = _READERS.get(fmt)
    if reader is None:
        if is_legacy_word(data):
            raise UnreadableDocumentError("unsupported", "Word 97-2003 .doc; save it as .docx or PDF", file)
        ext = file.rsplit(".", 1)[-1].lower() if "." in file else ""
        # Named like a document we read but matching none of them: damaged, not a foreign type.
        reason = "corrupt" if ext in DOCUMENT_EXTENSIONS else "unknown_type"
        raise UnreadableDocumentError(reason, f"bytes match no known format (sniffed {fmt.value})", file)
    if max_rows == "settings":
        max_rows = settings.max_table_rows
    hard = settings.hard_max_table_rows
    rows_cap = hard if max_rows is None else min(max_rows, hard)
    try:
        doc = reader(data, file, settings=settings, header_scorer=header_scorer, max_rows=rows_cap)
    except UnreadableDocumentError as exc:
        if exc.file is None:
            exc.file = file
        raise
    except MemoryError:
        raise  # the caller (extractors.pipeline) knows which memory limit this was
    except Image.DecompressionBombError as exc:
        raise UnreadableDocumentError(
            "too_large", f"image bomb: {exc}", file,
            message_zh=f"图像像素数超过上限 {settings.max_image_pixels // 1_000_000} 百万像素（疑似解压炸弹图像），已拒绝读取。",
        ) from exc
    except Exception as exc:  # any reader bug or library failure on odd input: a flag, not a crash
        log.warning("reader for %s failed on %s: %r", fmt.value, file, exc)
        raise UnreadableDocumentError("corrupt", f"{type(exc).__name__}: {exc}", file) from exc
    doc.format = fmt
    doc.sha256 = hashlib.sha256(data).hexdigest()
    doc.size_bytes = len(data)
    return doc
