"""Builders for Tables and Documents as a reader would produce them (for record tests)."""

from __future__ import annotations

import re

from models import Cell, Document, Engine, EvidenceRef, PageText, SourceFormat, Table, TableRow

_TOTAL = re.compile(r"^(合计|总计|小计)")


def make_table(
    header: list[str],
    rows: list[list[str]],
    *,
    file: str = "evidence.xlsx",
    title: str | None = None,
    sheet: str | None = "Sheet1",
    first_row: int = 3,
    index: int = 0,
    confidence: float | None = None,
) -> Table:
    """A table whose header sits on row first_row-1 and data rows follow; rows starting with
    合计/总计/小计 (in any of their first two cells) are marked is_total."""
    engine = Engine.SPREADSHEET if sheet else Engine.PDF_TEXT
    out: list[TableRow] = []
    for i, texts in enumerate(rows):
        n = first_row + i
        ref = EvidenceRef(file=file, sheet=sheet, row=n, engine=engine, confidence=confidence)
        cells = [
            Cell(text=t, ref=ref.model_copy(update={"column": header[j] if j < len(header) else None}))
            for j, t in enumerate(texts)
        ]
        is_total = any(_TOTAL.match(t.strip()) for t in texts[:2])
        out.append(TableRow(cells=cells, ref=ref, is_total=is_total))
    return Table(
        file=file,
        index=index,
        title=title,
        header=header,
        rows=out,
        ref=EvidenceRef(file=file, sheet=sheet, row=first_row - 1, engine=engine),
    )


def make_doc(
    tables: list[Table] | None = None,
    text: str = "",
    *,
    file: str = "evidence.xlsx",
    title: str | None = None,
    fmt: SourceFormat = SourceFormat.XLSX,
    pages: list[str] | None = None,
    ocr_confidence: float | None = None,
) -> Document:
    """A document with the given tables and page texts (one page per string)."""
    texts = pages if pages is not None else ([text] if text else [])
    page_list = [
        PageText(number=i + 1, text=t, ocr_confidence=ocr_confidence, has_text_layer=ocr_confidence is None)
        for i, t in enumerate(texts)
    ]
    for t in tables or []:
        t.file = file
    return Document(file=file, format=fmt, title=title, pages=page_list, tables=tables or [])
