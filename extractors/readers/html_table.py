"""Web-system exports saved as ".xls" that are really HTML (<table> markup) — common from
Chinese ERP/MES/HR systems. Excel opens them as a sheet, so they are read like one: each
<table> becomes a Table, rowspan/colspan become merged ranges, row = the <tr> number."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from extractors.errors import UnreadableDocumentError
from extractors.normalize import clean_text, join_lines
from extractors.readers.layout import Grid, HeaderScorer, Merge, grid_text, grid_to_tables
from extractors.sniff import decode_text, looks_like_html_table
from models import Document, Engine, EvidenceRef, PageText, SourceFormat, Table

# Policy: the largest span honoured (a rowspan of 65535 in a broken export must not allocate rows).
MAX_SPAN = 1000


def read_html_tables(
    data: bytes,
    file: str,
    header_scorer: HeaderScorer | None = None,
    max_rows: int | None = None,
    source_format: SourceFormat = SourceFormat.XLS,
) -> Document:
    """Read every top-level <table> of an HTML export; the page text keeps the prose around
    them and the tables row by row."""
    decoded = decode_text(data)
    if decoded is None:
        raise UnreadableDocumentError("corrupt", "HTML export in an unknown encoding", file)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", decoded[0])  # lxml refuses str input with an encoding declaration
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableDocumentError("corrupt", f"html: {exc}", file) from exc
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    tables: list[Table] = []
    top_level = [t for t in root.iter("table") if not t.xpath("ancestor::table")]
    for k, element in enumerate(top_level):
        grid = _grid(element)
        stand_in = lxml.html.Element("pre")  # the table in the page text: rows of tab-separated cells
        stand_in.text = "\n" + grid_text(grid.rows) + "\n"
        stand_in.tail = element.tail
        element.getparent().replace(element, stand_in)
        if not any(any(r) for r in grid.rows):
            continue
        base = EvidenceRef(file=file, sheet=f"table{k + 1}", engine=Engine.SPREADSHEET)
        tables.extend(grid_to_tables(grid, base, len(tables), header_scorer, max_rows))
    for block in root.iter("p", "div", "h1", "h2", "h3", "h4", "li", "title"):
        block.tail = "\n" + (block.tail or "")
    lines = [ln.strip() for ln in root.text_content().splitlines()]
    body_text = "\n".join(ln for ln in lines if ln)
    if not body_text:
        raise UnreadableDocumentError("empty", "HTML export without text", file)
    title = next((t.title for t in tables if t.title), None)
    return Document(
        file=file, format=source_format, title=title, pages=[PageText(number=1, text=body_text)], tables=tables
    )


def _grid(table: lxml.html.HtmlElement) -> Grid:
    rows: list[list[str]] = []
    raws: list[list[str]] = []
    merges: list[Merge] = []
    occupied: set[tuple[int, int]] = set()
    trs = [tr for tr in table.iter("tr") if tr.xpath("ancestor::table[1]")[0] is table]
    for r, tr in enumerate(trs):
        while len(rows) <= r:
            rows.append([])
            raws.append([])
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in occupied:
                c += 1
            raw = cell.text_content().strip()
            rowspan = _span(cell.get("rowspan"))
            colspan = _span(cell.get("colspan"))
            _put(rows[r], c, clean_text(join_lines(raw)))
            _put(raws[r], c, raw)
            if rowspan > 1 or colspan > 1:
                merges.append(Merge(r, c, r + rowspan - 1, c + colspan - 1))
                for rr in range(r, r + rowspan):
                    for cc in range(c, c + colspan):
                        occupied.add((rr, cc))
            c += colspan
    ncols = max((len(r) for r in rows), default=0)
    for r in rows + raws:
        r.extend([""] * (ncols - len(r)))
    merges = [m for m in merges if m.r1 < len(rows)] + [
        Merge(m.r0, m.c0, len(rows) - 1, m.c1) for m in merges if m.r1 >= len(rows) and m.r0 < len(rows)
    ]
    return Grid(rows=rows, raw=raws, merges=merges, row_numbers=list(range(1, len(rows) + 1)))


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), MAX_SPAN))
    except ValueError:
        return 1


def _put(row: list[str], c: int, text: str) -> None:
    while len(row) <= c:
        row.append("")
    row[c] = text


__all__ = ["looks_like_html_table", "read_html_tables"]
