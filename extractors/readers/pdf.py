"""Born-digital PDFs (pdfplumber): per-page text with a text-layer check, ruled tables with
cell boxes, and tables continued on the next page joined into one Table.

Scanned pages (no text layer, or only CID garbage) come out with has_text_layer=False and no
tables: the OCR stage reads those.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Protocol

import pdfplumber
from pdfplumber.utils import extract_text
from pdfplumber.utils.exceptions import PdfminerException

from extractors.errors import UnreadableDocumentError
from extractors.normalize import clean_text, join_lines
from extractors.readers.chunks import TITLE_LOOKBACK_PT, TableChunk, build_tables, is_page_mark
from extractors.readers.layout import HeaderScorer, Merge
from extractors.readers.pdf_guard import check_pdf_streams
from models import BBox, Document, EvidenceRef, PageText, ReadNote, SourceFormat, Table

# Policy: PDFs longer than this are read up to it, with a note; the checks pass ExtractionSettings.max_pdf_pages.
MAX_PDF_PAGES = 500
# A page needs this many visible characters to count as having a text layer.
MIN_TEXT_LAYER_CHARS = 10
# Tables ruled with horizontal lines only: this many rules of one width, each at least this share
# of the page width, mark a table region.
RULED_MIN_LINES = 3
RULED_MIN_WIDTH_SHARE = 0.3
# An image covering this share of a page makes a page with few characters a scan.
SCAN_IMAGE_MIN_SHARE = 0.3
# Share of "(cid:n)" glyphs above which the text layer is unusable (fonts without a ToUnicode map).
MAX_CID_SHARE = 0.2

_CID = re.compile(r"\(cid:\d+\)")


class ScannedPages(Protocol):
    """What a scan reader made of a PDF's image-only pages (extractors.ocr.pdf.ScannedPages)."""

    notes: list[ReadNote]  # what was read only in part (a page too large to OCR whole)

    def apply(self, tables: list[Table]) -> list[Table]:
        """The tables with the OCR'd cells marked (engine, confidence)."""
        ...


# Reads the image-only pages of a PDF, replacing their PageText and table chunks in the lists.
ScanReader = Callable[[bytes, str, list[PageText], list[list[TableChunk]]], ScannedPages]


def read_pdf(
    data: bytes,
    file: str,
    header_scorer: HeaderScorer | None = None,
    max_rows: int | None = None,
    read_scans: ScanReader | None = None,
    max_pages: int = MAX_PDF_PAGES,
) -> Document:
    """Read a born-digital PDF: one PageText per page, the ruled tables with cell bboxes.
    Pages without a usable text layer go to `read_scans` (the OCR engine, chosen by
    extractors.read); without it they stay empty (has_text_layer=False)."""
    check_pdf_streams(data, file)
    pdf = _open(data, file)
    pages: list[PageText] = []
    chunks: list[list[TableChunk]] = []
    notes: list[ReadNote] = []
    try:
        total_pages = len(pdf.pages)
        if total_pages > max_pages:  # read up to the cap and say what was left out
            notes.append(page_limit_note(file, total_pages, max_pages))
        for number, page in enumerate(pdf.pages[:max_pages], start=1):
            text = page.extract_text() or ""
            has_layer = has_text_layer(text) or few_chars_no_scan(page, text)
            pages.append(PageText(number=number, text=text if has_layer else "", has_text_layer=has_layer))
            chunks.append(_page_tables(page, number) if has_layer else [])
            page.close()
    except PdfminerException as exc:
        raise UnreadableDocumentError(_pdfminer_reason(exc), f"pdfminer: {exc!r}", file) from exc
    finally:
        pdf.close()
    if read_scans is not None and not all(p.has_text_layer for p in pages):
        # Scanned pages join the same chunk lists, so tables running across text and scans still join.
        scans = read_scans(data, file, pages, chunks)
        tables = scans.apply(build_tables(chunks, file, header_scorer, max_rows))
        notes.extend(scans.notes)
    else:
        tables = build_tables(chunks, file, header_scorer, max_rows)
    first_line = next((ln.strip() for p in pages for ln in p.text.splitlines() if ln.strip()), None)
    return Document(
        file=file, format=SourceFormat.PDF, title=first_line, pages=pages, tables=tables, read_notes=notes
    )


def page_limit_note(file: str, total: int, limit: int, unit: str = "页") -> ReadNote:
    """A document longer than the page (or frame) cap: the first `limit` were read."""
    return ReadNote(
        reason="page_limit" if unit == "页" else "frame_limit",
        message_zh=f"共 {total} {unit}，超过读取上限 {limit} {unit}，只读取了前 {limit} {unit}，"
        f"第 {limit + 1}–{total} {unit}未读取",
        evidence=[EvidenceRef(file=file, page=limit + 1)],
    )


def _open(data: bytes, file: str) -> pdfplumber.PDF:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # parses the page tree: broken files fail here
        return pdf
    except PdfminerException as exc:
        raise UnreadableDocumentError(_pdfminer_reason(exc), f"pdfminer: {exc!r}", file) from exc


def _pdfminer_reason(exc: Exception) -> str:
    text = repr(exc) + repr(getattr(exc, "args", ""))
    return "encrypted" if ("Password" in text or "Encrypt" in text) else "corrupt"


def has_text_layer(text: str) -> bool:
    """Real characters, not a handful of stray glyphs nor (cid:n) garbage."""
    visible = re.sub(r"\s+", "", text)
    if len(visible) < MIN_TEXT_LAYER_CHARS:
        return False
    cid_chars = sum(len(m) for m in _CID.findall(visible))
    return cid_chars / len(visible) <= MAX_CID_SHARE


def few_chars_no_scan(page: pdfplumber.page.Page, text: str) -> bool:
    """A page with a few real characters (a last page holding only （盖章）) and no page-sized
    image is a text page, not a scan with a page number printed over it."""
    visible = re.sub(r"\s+", "", text)
    if not visible or _CID.search(visible):
        return False
    area = float(page.width * page.height) or 1.0
    for im in page.images:
        w = abs(float(im["x1"]) - float(im["x0"]))
        h = abs(float(im["bottom"]) - float(im["top"]))
        if w * h >= SCAN_IMAGE_MIN_SHARE * area:
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Tables on one page


def _page_tables(page: pdfplumber.page.Page, number: int) -> list[TableChunk]:
    out = []
    for table in page.find_tables() or _rule_only_tables(page):
        chunk = _chunk(table, number)
        if chunk is None:
            continue
        chunk.lines_above = _lines_above(page, table.bbox)
        chunk.top_lines = _lines_above(page, table.bbox, whole=True)
        chunk.at_page_top = all(is_page_mark(ln) for ln in chunk.top_lines)
        out.append(chunk)
    return out


def _rule_only_tables(page: pdfplumber.page.Page) -> list[pdfplumber.table.Table]:
    """Tables drawn with horizontal rules only (三线表, financial statements): where at least
    RULED_MIN_LINES rules of one width stack up, read the words between them as a table
    (columns from word alignment). Nothing on pages without such rules, so prose stays prose."""
    groups: dict[tuple[int, int], list[dict]] = {}
    for e in page.horizontal_edges:
        if e["x1"] - e["x0"] >= RULED_MIN_WIDTH_SHARE * float(page.width):
            groups.setdefault((round(e["x0"] / 4), round(e["x1"] / 4)), []).append(e)
    tables = []
    for edges in groups.values():
        tops = sorted({round(e["top"], 1) for e in edges})
        if len(tops) < RULED_MIN_LINES:
            continue
        x0, x1 = min(e["x0"] for e in edges), max(e["x1"] for e in edges)
        box = (max(x0 - 2, page.bbox[0]), max(tops[0] - 2, page.bbox[1]), min(x1 + 2, page.bbox[2]), min(tops[-1] + 2, page.bbox[3]))
        region = page.crop(box)
        found = region.find_tables({"vertical_strategy": "text", "horizontal_strategy": "text"})
        tables.extend(t for t in found if len(t.columns) >= 2 and sum(1 for r in t.extract() if any(r)) >= 2)
    return tables


def _chunk(table: pdfplumber.table.Table, number: int) -> TableChunk | None:
    prows = table.rows
    if not prows:
        return None
    extracted = table.extract()
    ncols = max(len(r.cells) for r in prows)
    owner_of = _owners(table, prows)
    rows, raws, boxes = [], [], []
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for r, prow in enumerate(prows):
        t_row, r_row, b_row = [], [], []
        for c in range(ncols):
            cell = prow.cells[c] if c < len(prow.cells) else None
            raw = extracted[r][c] if c < len(extracted[r]) else None
            if cell is None:
                owner = owner_of.get((r, c))
                t_row.append("")
                r_row.append("")
                b_row.append(_bbox(owner[2]) if owner else None)
                if owner:
                    r1, c1 = spans.get(owner[:2], owner[:2])
                    spans[owner[:2]] = (max(r1, r), max(c1, c))
                continue
            t_row.append(clean_text(join_lines(raw or "")))
            r_row.append((raw or "").strip())
            b_row.append(_bbox(cell))
        rows.append(t_row)
        raws.append(r_row)
        boxes.append(b_row)
    merges = [Merge(r0, c0, r1, c1) for (r0, c0), (r1, c1) in spans.items()]
    if not any(any(r) for r in rows):
        return None
    return TableChunk(page=number, rows=rows, raw=raws, merges=merges, bboxes=boxes)


def _owners(table: pdfplumber.table.Table, prows: list) -> dict[tuple[int, int], tuple[int, int, tuple]]:  # noqa: ANN001
    """For each empty slot (r, c) of the row/column lattice, the spanning cell that covers it:
    (row, column, bbox) of that cell's top-left slot."""
    xs = sorted({cell[0] for cell in table.cells})
    tops = [min(c[1] for c in prow.cells if c is not None) for prow in prows]
    origin = {}
    for r, prow in enumerate(prows):
        for c, cell in enumerate(prow.cells):
            if cell is not None:
                origin[tuple(cell)] = (r, c)
    owners = {}
    for r, prow in enumerate(prows):
        for c, cell in enumerate(prow.cells):
            if cell is not None or c >= len(xs):
                continue
            px, py = xs[c] + 0.5, tops[r] + 0.5
            for box in table.cells:
                if box[0] <= px < box[2] and box[1] <= py < box[3] and tuple(box) in origin:
                    r0, c0 = origin[tuple(box)]
                    owners[(r, c)] = (r0, c0, tuple(box))
                    break
    return owners


def _bbox(cell: tuple) -> BBox:  # noqa: ANN001
    x0, top, x1, bottom = cell
    return BBox(x0=round(x0, 2), y0=round(top, 2), x1=round(x1, 2), y1=round(bottom, 2))


def _lines_above(page: pdfplumber.page.Page, bbox: tuple, whole: bool = False) -> list[str]:  # noqa: ANN001
    """Text lines between the table's top and TITLE_LOOKBACK_PT above it (or the page top).
    Filters the page's chars instead of cropping (a crop re-processes every object)."""
    ptop = page.bbox[1]
    top = bbox[1]
    start = ptop if whole else max(ptop, top - TITLE_LOOKBACK_PT)
    chars = [c for c in page.chars if c["top"] >= start - 0.5 and c["bottom"] <= top + 0.5]
    if not chars:
        return []
    lines = [clean_text(ln) for ln in extract_text(chars).splitlines()]
    return [ln for ln in lines if ln]
