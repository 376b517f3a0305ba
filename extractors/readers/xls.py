"""Legacy .xls workbooks (BIFF, via xlrd): the same output as the xlsx reader."""

from __future__ import annotations

import xlrd
from xlrd.biffh import XLRDError
from xlrd.compdoc import CompDocError

from extractors.errors import UnreadableDocumentError
from extractors.readers.cells import value_text
from extractors.readers.html_table import looks_like_html_table, read_html_tables
from extractors.readers.layout import Grid, HeaderScorer, Merge, grid_text, grid_to_tables
from extractors.readers.xlsx import PAGE_TEXT_MAX_ROWS, READ_HIDDEN_SHEETS
from models import Document, Engine, EvidenceRef, PageText, SourceFormat, Table


def read_xls(
    data: bytes,
    file: str,
    header_scorer: HeaderScorer | None = None,
    max_rows: int | None = None,
) -> Document:
    """Read a BIFF .xls workbook; merged ranges come from `sheet.merged_cells`. An ".xls" that
    is an HTML table export is read by the HTML table reader."""
    if looks_like_html_table(data):
        return read_html_tables(data, file, header_scorer, max_rows)
    book = _open(data, file)
    pages: list[PageText] = []
    tables: list[Table] = []
    try:
        for sheet in book.sheets():
            if not READ_HIDDEN_SHEETS and getattr(sheet, "visibility", 0) != 0:
                continue
            grid = _sheet_grid(book, sheet)
            if not any(any(r) for r in grid.rows):
                continue
            base = EvidenceRef(file=file, sheet=sheet.name, engine=Engine.SPREADSHEET)
            tables.extend(grid_to_tables(grid, base, len(tables), header_scorer, max_rows))
            pages.append(
                PageText(number=len(pages) + 1, sheet=sheet.name, text=grid_text(grid.rows, PAGE_TEXT_MAX_ROWS))
            )
    finally:
        book.release_resources()
    if not pages:
        raise UnreadableDocumentError("empty", "workbook has no non-empty visible sheet", file)
    title = next((t.title for t in tables if t.title), None)
    return Document(file=file, format=SourceFormat.XLS, title=title, pages=pages, tables=tables)


def _open(data: bytes, file: str) -> xlrd.book.Book:
    try:
        return xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=False)
    except XLRDError as exc:
        reason = "encrypted" if "encrypt" in str(exc).lower() else "corrupt"
        raise UnreadableDocumentError(reason, f"xlrd: {exc}", file) from exc
    except NotImplementedError:
        # formatting_info is not implemented for some writers' files: read values only.
        try:
            return xlrd.open_workbook(file_contents=data, formatting_info=False)
        except XLRDError as exc:
            reason = "encrypted" if "encrypt" in str(exc).lower() else "corrupt"
            raise UnreadableDocumentError(reason, f"xlrd: {exc}", file) from exc
    except (CompDocError, AssertionError, IndexError, KeyError, ValueError, EOFError, OSError) as exc:
        raise UnreadableDocumentError("corrupt", f"xlrd: {type(exc).__name__}: {exc}", file) from exc


def _sheet_grid(book: xlrd.book.Book, sheet: xlrd.sheet.Sheet) -> Grid:
    texts: list[list[str]] = []
    raws: list[list[str]] = []
    for r in range(sheet.nrows):
        t, w = [], []
        for c in range(sheet.ncols):
            text, raw = _cell_text(book, sheet.cell(r, c))
            t.append(text)
            w.append(raw)
        texts.append(t)
        raws.append(w)
    merges = [Merge(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
    return Grid(rows=texts, raw=raws, merges=merges, row_numbers=list(range(1, len(texts) + 1)))


def _cell_text(book: xlrd.book.Book, cell: xlrd.sheet.Cell) -> tuple[str, str]:
    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return "", ""
    if kind == xlrd.XL_CELL_DATE:
        try:
            return value_text(xlrd.xldate.xldate_as_datetime(value, book.datemode))
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return value_text(value)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return value_text(bool(value))
    return value_text(value)
