"""xlsx workbooks (openpyxl): every visible, non-empty sheet → its text and its tables."""

from __future__ import annotations

import bisect
import io
import logging
import warnings
import zipfile
from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter

import openpyxl
from lxml import etree
from openpyxl.utils.exceptions import InvalidFileException

from extractors.errors import UnreadableDocumentError
from extractors.readers.cells import value_text
from extractors.readers.layout import (
    HEADER_SEARCH_ROWS,
    TABLE_GAP_ROWS,
    Grid,
    HeaderScorer,
    Merge,
    grid_text,
    grid_to_tables,
)
from extractors.readers.ooxml import check_ooxml
from extractors.readers.xlsx_formulas import (
    FormulaValues,
    evaluate_uncached,
    has_uncached_formulas,
    quiet_formula_logs,
)
from extractors.readers.xlsx_stream import iter_sheet_rows
from models import Document, Engine, EvidenceRef, PageText, ReadNote, SourceFormat, Table

log = logging.getLogger(__name__)

# A workbook with a sheet longer than this is streamed (extractors.readers.xlsx_stream): merged
# cells are then unknown, which is fine for the machine exports (logs) that are this long.
BIG_SHEET_ROWS = 20_000
# … or whose XML is longer than this (about 20k rows of a few short cells).
BIG_SHEET_XML_BYTES = 3 * 1024 * 1024
# Lines of a sheet kept in its PageText (titles, headers and the first rows are what the
# classifier and the identity check read; a 500k-row log would only bloat the document).
PAGE_TEXT_MAX_ROWS = 2_000
# Longest run of blank rows kept in a grid (enough to see a gap between two tables).
MAX_BLANK_RUN = TABLE_GAP_ROWS + 1
# Hidden sheets usually hold drop-down lists and lookups, not evidence.
READ_HIDDEN_SHEETS = False


def read_xlsx(
    data: bytes,
    file: str,
    header_scorer: HeaderScorer | None = None,
    max_rows: int | None = None,
) -> Document:
    """Read an xlsx workbook. Formulas give their cached values (a formula never calculated
    reads as empty); external links are ignored; each sheet is one PageText. A workbook with a
    sheet longer than BIG_SHEET_ROWS is streamed (no merged cells: machine exports have none)."""
    check_ooxml(data, file)
    limit = None if max_rows is None else max_rows + HEADER_SEARCH_ROWS + 50
    if _has_big_sheet(data, file):
        uncached: list[tuple[str, str]] = []
        sheets = ((name, _rows_to_grid(rows, limit)) for name, rows in _streamed_sheets(data, file, uncached))
        doc = _document(file, sheets, header_scorer, max_rows)  # every row is consumed (totals)
        doc.read_notes += streamed_formula_notes(file, uncached)
        return doc
    wb = _open(data, file, read_only=False)
    try:
        formulas = _uncached_formula_values(data, file, wb)
        sheets = (
            (ws.title, _rows_to_grid(_openpyxl_rows(ws, formulas), limit, ws))
            for ws in wb.worksheets
            if READ_HIDDEN_SHEETS or ws.sheet_state == "visible"
        )
        doc = _document(file, sheets, header_scorer, max_rows)
    finally:
        wb.close()
    if formulas is not None:
        doc.read_notes += formula_notes(file, formulas)
    return doc


def _uncached_formula_values(data: bytes, file: str, wb: openpyxl.Workbook) -> FormulaValues | None:
    """Values of the formulas the file holds no cached value for (None: there are none)."""
    if not has_uncached_formulas(data):
        return None
    quiet_formula_logs()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        formula_wb = openpyxl.load_workbook(io.BytesIO(data), data_only=False, keep_links=False, rich_text=False)
    try:
        return evaluate_uncached(formula_wb, wb)
    finally:
        formula_wb.close()


# Cells cited in one note about formulas that could not be evaluated (the rest are counted).
MAX_FORMULA_CELLS_CITED = 20


def formula_notes(file: str, formulas: FormulaValues) -> list[ReadNote]:
    """One note for the formula cells that could not be evaluated: their rows were left out."""
    if not formulas.failed:
        return []
    cells = sorted(formulas.failed.items(), key=lambda kv: (kv[0][0], _row_of(kv[0][1]), kv[0][1]))
    cited = cells[:MAX_FORMULA_CELLS_CITED]
    shown = "；".join(f"{sheet}!{coord}：{why}" for (sheet, coord), why in cited)
    more = f"（共 {len(cells)} 个单元格）" if len(cells) > len(cited) else ""
    return [
        ReadNote(
            reason="formula_uncached",
            message_zh=f"以下公式单元格没有保存计算结果且无法计算，所在行未计入：{shown}{more}",
            evidence=[
                EvidenceRef(file=file, sheet=sheet, row=_row_of(coord), column=coord, engine=Engine.SPREADSHEET)
                for (sheet, coord), _ in cited
            ],
        )
    ]


# Why a streamed sheet's uncached formula was not evaluated (shown per cell in the note).
STREAMED_FORMULA_WHY = "大表按流式读取，不计算公式"


def streamed_formula_notes(file: str, uncached: list[tuple[str, str]]) -> list[ReadNote]:
    """The note for the uncached formula cells of a streamed sheet: their rows were left out."""
    return formula_notes(file, FormulaValues(failed={cell: STREAMED_FORMULA_WHY for cell in uncached}))


def _row_of(coord: str) -> int:
    return int(coord.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") or 0)


def _document(
    file: str,
    sheets: Iterator[tuple[str, tuple[Grid, int]]],
    header_scorer: HeaderScorer | None,
    max_rows: int | None,
) -> Document:
    pages: list[PageText] = []
    tables: list[Table] = []
    for name, (grid, extra) in sheets:
        if not any(any(r) for r in grid.rows):
            continue
        base = EvidenceRef(file=file, sheet=name, engine=Engine.SPREADSHEET)
        sheet_tables = grid_to_tables(grid, base, len(tables), header_scorer, max_rows)
        if extra and sheet_tables:
            last = sheet_tables[-1]
            last.total_rows = (last.total_rows or len(last.rows)) + extra
        tables.extend(sheet_tables)
        pages.append(PageText(number=len(pages) + 1, sheet=name, text=grid_text(grid.rows, PAGE_TEXT_MAX_ROWS)))
    if not pages:
        raise UnreadableDocumentError("empty", "workbook has no non-empty visible sheet", file)
    title = next((t.title for t in tables if t.title), None)
    return Document(file=file, format=SourceFormat.XLSX, title=title, pages=pages, tables=tables)


def _open(data: bytes, file: str, read_only: bool) -> openpyxl.Workbook:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Data Validation extension is not supported" etc.
            return openpyxl.load_workbook(
                io.BytesIO(data), read_only=read_only, data_only=True, keep_links=False, rich_text=False
            )
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise UnreadableDocumentError("corrupt", f"openpyxl: {exc}", file) from exc


def _has_big_sheet(data: bytes, file: str) -> bool:
    """True when one sheet's XML is longer than BIG_SHEET_XML_BYTES or its declared dimension
    exceeds BIG_SHEET_ROWS. The size comes first: writers in streaming mode often declare no
    (or a wrong) dimension."""
    z = zipfile.ZipFile(io.BytesIO(data))
    if any(i.filename.startswith("xl/worksheets/") and i.file_size > BIG_SHEET_XML_BYTES for i in z.infolist()):
        return True
    wb = _open(data, file, read_only=True)
    try:
        return any((ws.max_row or 0) > BIG_SHEET_ROWS for ws in wb.worksheets)
    finally:
        wb.close()


RowTexts = tuple[int, list[str], list[str]]  # (sheet row number, cell texts, raw texts)


def _rows_to_grid(rows: Iterator[RowTexts], limit: int | None, ws=None) -> tuple[Grid, int]:  # noqa: ANN001
    """A sheet's rows as a Grid of at most `limit` rows, and how many non-empty rows came after.
    Runs of blank rows are kept only up to MAX_BLANK_RUN (a sheet formatted down to row
    1048576 must not become a million-row grid); `row_numbers` keep the real row numbers.
    `ws` (openpyxl, full mode) gives the merged ranges."""
    texts: list[list[str]] = []
    raws: list[list[str]] = []
    numbers: list[int] = []
    blank_run = 0
    for n, t, r in rows:
        if any(t):
            blank_run = 0
        else:
            blank_run += 1
            if blank_run > MAX_BLANK_RUN:
                continue
        texts.append(t)
        raws.append(r)
        numbers.append(n)
        if limit is not None and len(texts) >= limit:
            break
    extra = sum(1 for _, t, _ in rows if any(t))
    while texts and not any(texts[-1]):
        texts.pop()
        raws.pop()
        numbers.pop()
    merges = _merges(ws, numbers) if ws is not None else []
    return Grid(rows=texts, raw=raws, merges=merges, row_numbers=numbers), extra


def _openpyxl_rows(ws, formulas: FormulaValues | None = None) -> Iterator[RowTexts]:  # noqa: ANN001
    """Rows as texts. A formula without a cached value reads as its evaluated value; a row with
    a formula that could not be evaluated is left out (empty) — never counted as blank or zero."""
    # min_row=1 so numbering starts at sheet row 1 even when the used range starts lower.
    for n, cells in enumerate(ws.iter_rows(min_row=1, min_col=1), start=1):
        if formulas is not None and any((ws.title, c.coordinate) in formulas.failed for c in cells):
            yield n, [""] * len(cells), [""] * len(cells)
            continue
        pairs = [value_text(_cell_value(ws.title, c, formulas), c.number_format) for c in cells]
        yield n, [p[0] for p in pairs], [p[1] for p in pairs]


def _cell_value(sheet: str, c, formulas: FormulaValues | None) -> object:  # noqa: ANN001
    if c.value is None and formulas is not None:
        return formulas.values.get((sheet, c.coordinate))
    return c.value


def _streamed_sheets(
    data: bytes, file: str, uncached: list[tuple[str, str]] | None = None
) -> Iterator[tuple[str, Iterator[RowTexts]]]:
    """(sheet, rows) from the fast stream reader, one sheet at a time."""
    for name, rows in groupby(iter_xlsx_rows(data, file, uncached), key=itemgetter(0)):
        yield name, ((n, cells, cells) for _, n, cells in rows)


def _merges(ws, numbers: list[int]) -> list[Merge]:  # noqa: ANN001
    """Merged ranges in grid indices (sheet rows mapped through `numbers`)."""
    index = {n: i for i, n in enumerate(numbers)}
    out = []
    for rng in ws.merged_cells.ranges:
        top = index.get(rng.min_row)
        if top is None:
            continue
        bottom = bisect.bisect_right(numbers, rng.max_row) - 1
        out.append(Merge(top, rng.min_col - 1, max(top, bottom), rng.max_col - 1))
    return out


def iter_xlsx_rows(
    data: bytes, file: str = "", uncached: list[tuple[str, str]] | None = None
) -> Iterator[tuple[str, int, list[str]]]:
    """Stream every visible sheet's rows as (sheet, row number, cell texts) without building a
    Document (the fast path for a long data-collection log stored as xlsx). Uses the lean XML
    stream reader; a workbook it cannot parse is streamed by openpyxl instead. A row holding a
    formula without a cached value is yielded empty and its cell appended to `uncached`."""
    check_ooxml(data, file)
    try:
        rows = iter_sheet_rows(data, include_hidden=READ_HIDDEN_SHEETS, uncached=uncached)
        first = next(rows, None)
    except (KeyError, ValueError, etree.LxmlError, zipfile.BadZipFile) as exc:
        log.info("xlsx stream reader failed on %s (%r): openpyxl instead", file, exc)
        yield from _openpyxl_stream(data, file, uncached)
        return
    if first is None:
        return
    yield first
    try:
        yield from rows
    except (KeyError, ValueError, etree.LxmlError) as exc:
        raise UnreadableDocumentError("corrupt", f"xlsx sheet XML: {exc}", file) from exc


def _openpyxl_stream(
    data: bytes, file: str, uncached: list[tuple[str, str]] | None = None
) -> Iterator[tuple[str, int, list[str]]]:
    """The stream by openpyxl (read-only), for a workbook the lean reader cannot parse. Like it,
    a row with a formula without a cached value is yielded empty and the cell named: formulas
    are read alongside the values only when the file holds such formulas."""
    wb = _open(data, file, read_only=True)
    formula_wb = _open_formulas(data, file) if has_uncached_formulas(data) else None
    try:
        for ws in wb.worksheets:
            if not READ_HIDDEN_SHEETS and ws.sheet_state != "visible":
                continue
            formula_rows = formula_wb[ws.title].iter_rows(min_row=1, min_col=1) if formula_wb is not None else None
            for n, cells in enumerate(ws.iter_rows(min_row=1, min_col=1), start=1):
                forms = next(formula_rows, ()) if formula_rows is not None else ()
                missing = [f.coordinate for c, f in zip(cells, forms, strict=False)
                           if c.value is None and isinstance(f.value, str) and f.value.startswith("=")]
                if missing:
                    if uncached is not None:
                        uncached.extend((ws.title, m) for m in missing)
                    yield ws.title, n, []
                    continue
                yield ws.title, n, [value_text(c.value, getattr(c, "number_format", None))[0] for c in cells]
    finally:
        wb.close()
        if formula_wb is not None:
            formula_wb.close()


def _open_formulas(data: bytes, file: str) -> openpyxl.Workbook:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
