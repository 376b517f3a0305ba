"""Born-digital PDFs (pdfplumber): per-page text with a text-layer check, ruled tables with
cell boxes, and tables continued on the next page joined into one Table.

Scanned pages (no text layer, or only CID garbage) come out with has_text_layer=False and no
tables: the OCR stage reads those.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import pdfplumber
from pdfplumber.utils import extract_text
from pdfplumber.utils.exceptions import PdfminerException

from extractors.errors import UnreadableDocumentError
from extractors.normalize import clean_text, join_lines
from extractors.readers.layout import (
    HEADER_MIN_SCORE,
    Grid,
    HeaderScorer,
    Merge,
    default_header_score,
    find_regions,
    region_to_table,
)
from extractors.readers.pdf_guard import check_pdf_streams
from models import BBox, Document, Engine, EvidenceRef, PageText, ReadNote, SourceFormat, Table

# Policy: PDFs longer than this are refused (too_large); evidence files are a few dozen pages.
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
# How far above a table (points) we look for its title line(s), and how many lines we keep.
TITLE_LOOKBACK_PT = 80.0
TITLE_MAX_LINES = 3

_CID = re.compile(r"\(cid:\d+\)")
_PAGE_MARK = re.compile(r"^(第\s*\d+\s*页.*|-\s*\d+\s*-|\d+\s*/\s*\d+|\d+|page\s*\d+.*)$", re.IGNORECASE)


@dataclass
class _Chunk:
    """One table as found on one page, before continued tables are joined."""

    page: int
    rows: list[list[str]]
    raw: list[list[str]]
    merges: list[Merge]
    bboxes: list[list[BBox | None]]
    lines_above: list[str] = field(default_factory=list)  # text lines just above the table
    at_page_top: bool = False  # nothing but a page mark above it
    top_lines: list[str] = field(default_factory=list)  # every text line between page top and table


def read_pdf(
    data: bytes,
    file: str,
    header_scorer: HeaderScorer | None = None,
    max_rows: int | None = None,
) -> Document:
    """Read a born-digital PDF: one PageText per page, the ruled tables with cell bboxes."""
    check_pdf_streams(data, file)
    pdf = _open(data, file)
    pages: list[PageText] = []
    chunks: list[list[_Chunk]] = []
    notes: list[ReadNote] = []
    try:
        total_pages = len(pdf.pages)
        if total_pages > MAX_PDF_PAGES:  # read up to the cap and say what was left out
            notes.append(page_limit_note(file, total_pages, MAX_PDF_PAGES))
        for number, page in enumerate(pdf.pages[:MAX_PDF_PAGES], start=1):
            text = page.extract_text() or ""
            has_layer = has_text_layer(text) or _few_chars_no_scan(page, text)
            pages.append(PageText(number=number, text=text if has_layer else "", has_text_layer=has_layer))
            chunks.append(_page_tables(page, number) if has_layer else [])
            page.close()
    except PdfminerException as exc:
        raise UnreadableDocumentError(_pdfminer_reason(exc), f"pdfminer: {exc!r}", file) from exc
    finally:
        pdf.close()
    # OCR dispatch point: image-only pages are rendered and read by extractors.ocr (lazy import:
    # extractors.ocr builds on this module), their text and table chunks put in place.
    from extractors.ocr.pdf import read_scanned_pages

    scans = read_scanned_pages(data, file, pages, chunks)
    tables = scans.apply(_build_tables(chunks, file, header_scorer, max_rows))
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


def _few_chars_no_scan(page: pdfplumber.page.Page, text: str) -> bool:
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


def _page_tables(page: pdfplumber.page.Page, number: int) -> list[_Chunk]:
    out = []
    for table in page.find_tables() or _rule_only_tables(page):
        chunk = _chunk(table, number)
        if chunk is None:
            continue
        chunk.lines_above = _lines_above(page, table.bbox)
        chunk.top_lines = _lines_above(page, table.bbox, whole=True)
        chunk.at_page_top = all(_PAGE_MARK.match(ln) for ln in chunk.top_lines)
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


def _chunk(table: pdfplumber.table.Table, number: int) -> _Chunk | None:
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
    return _Chunk(page=number, rows=rows, raw=raws, merges=merges, bboxes=boxes)


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


# ---------------------------------------------------------------------------------------------
# Joining continued tables and building Tables


def _continues(
    prev: _Chunk,
    prev_header: list[list[str]],
    nxt: _Chunk,
    scorer: HeaderScorer | None,
    running: frozenset[str] = frozenset(),
) -> bool:
    """A table at the top of the next page with the same columns continues the previous one when
    it repeats the header or starts with data (not a header of its own)."""
    if nxt.page != prev.page + 1 or len(nxt.rows[0]) != len(prev.rows[0]):
        return False
    first = next((r for r in nxt.rows if any(r)), [])
    if any([x for x in first if x] == [x for x in h if x] for h in prev_header):
        return True
    if not (nxt.at_page_top or (running and all(_PAGE_MARK.match(ln) or ln in running for ln in nxt.top_lines))):
        return False
    score = scorer or default_header_score
    has_values = any(re.fullmatch(r"[\d.,\-/:年月日 ]+", c) for c in first if c)
    # A header of its own scores about as well as the previous table's header did.
    looks_like_header = not has_values and score(first) >= max(HEADER_MIN_SCORE, 0.8 * score(prev_header[-1]))
    return not looks_like_header


def _build_tables(
    chunks_by_page: list[list[_Chunk]], file: str, scorer: HeaderScorer | None, max_rows: int | None
) -> list[Table]:
    runs: list[list[_Chunk]] = []
    running = _running_lines(chunks_by_page)
    for page_chunks in chunks_by_page:
        for k, chunk in enumerate(page_chunks):
            if k == 0 and runs and runs[-1][-1].page == chunk.page - 1 and _is_last_on_page(runs[-1][-1], chunks_by_page):
                header = _header_rows(runs[-1][0], scorer)
                if header and _continues(runs[-1][-1], header, chunk, scorer, running):
                    runs[-1].append(chunk)
                    continue
            runs.append([chunk])
    tables: list[Table] = []
    for run in runs:
        grid = _join(run)
        base = EvidenceRef(file=file, engine=Engine.PDF_TEXT, page=run[0].page)
        for region in find_regions(grid, scorer):
            table = region_to_table(grid, region, base, len(tables), max_rows)
            above = "\n".join(run[0].lines_above[-TITLE_MAX_LINES:])
            table.title = "\n".join(t for t in (above, table.title) if t) or None
            tables.append(table)
    return tables


def _running_lines(chunks_by_page: list[list[_Chunk]]) -> frozenset[str]:
    """Lines above the first table of two or more pages: a running page header (企业名称 …)."""
    seen: dict[str, int] = {}
    for page_chunks in chunks_by_page:
        if page_chunks:
            for line in set(page_chunks[0].top_lines):
                seen[line] = seen.get(line, 0) + 1
    return frozenset(line for line, n in seen.items() if n >= 2)


def _is_last_on_page(chunk: _Chunk, chunks_by_page: list[list[_Chunk]]) -> bool:
    page_chunks = chunks_by_page[chunk.page - 1]
    return bool(page_chunks) and page_chunks[-1] is chunk


def _header_rows(chunk: _Chunk, scorer: HeaderScorer | None) -> list[list[str]]:
    grid = Grid(rows=chunk.rows, merges=chunk.merges)
    regions = find_regions(grid, scorer)
    return [chunk.rows[r] for r in regions[0].info.header_rows] if regions else []


def _join(run: list[_Chunk]) -> Grid:
    rows: list[list[str]] = []
    raws: list[list[str]] = []
    boxes: list[list[BBox | None]] = []
    pages: list[int | None] = []
    merges: list[Merge] = []
    for chunk in run:
        offset = len(rows)
        rows.extend(chunk.rows)
        raws.extend(chunk.raw)
        boxes.extend(chunk.bboxes)
        pages.extend([chunk.page] * len(chunk.rows))
        merges.extend(Merge(m.r0 + offset, m.c0, m.r1 + offset, m.c1) for m in chunk.merges)
    return Grid(rows=rows, raw=raws, merges=merges, row_numbers=None, pages=pages, bboxes=boxes)
