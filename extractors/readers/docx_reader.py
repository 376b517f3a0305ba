"""Word documents (python-docx): paragraphs and tables in body order. Pages split on explicit
page breaks; every table becomes a Table with merged cells read once."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from extractors.errors import UnreadableDocumentError
from extractors.normalize import clean_text, join_lines
from extractors.readers.layout import Grid, HeaderScorer, Merge, grid_text, grid_to_tables
from extractors.readers.ooxml import check_ooxml
from models import Document, Engine, EvidenceRef, PageText, SourceFormat, Table


def read_docx(
    data: bytes,
    file: str,
    header_scorer: HeaderScorer | None = None,
    max_rows: int | None = None,
) -> Document:
    """Read a .docx: page texts (paragraphs and table rows, header/footer text on page 1) and
    its tables (EvidenceRef.row = table row, header 0; `page` = page by explicit breaks)."""
    check_ooxml(data, file)
    doc = _open(data, file)
    pages_lines: list[list[str]] = [_header_footer_lines(doc)]
    tables: list[Table] = []
    caption: str | None = None  # the last paragraph line, the caption of a table right after it
    for block in _iter_blocks(doc):
        if isinstance(block, Paragraph):
            if _page_break_before(block) and any(pages_lines[-1]):
                pages_lines.append([])
            text = clean_text(block.text)
            if text:
                pages_lines[-1].append(text)
                caption = text
            pages_lines[-1].extend(_text_box_lines(block))
            if _has_page_break(block):
                pages_lines.append([])
            continue
        grid = table_grid(block)
        if not any(any(r) for r in grid.rows):
            continue
        page_no = len(pages_lines)
        base = EvidenceRef(file=file, page=page_no, engine=Engine.DOCX)
        found = grid_to_tables(grid, base, len(tables), header_scorer, max_rows)
        for t in found:
            t.title = "\n".join(x for x in (caption, t.title) if x) or None
        tables.extend(found)
        pages_lines[-1].append(grid_text(grid.rows))
        caption = None  # a table straight after this one has no caption of its own
    pages = [
        PageText(number=i + 1, text="\n".join(lines)) for i, lines in enumerate(pages_lines) if lines or i == 0
    ]
    if not any(p.text.strip() for p in pages) and not tables:
        raise UnreadableDocumentError("empty", "document has no text", file)
    first = next((ln for p in pages for ln in p.text.splitlines() if ln.strip()), None)
    return Document(file=file, format=SourceFormat.DOCX, title=first, pages=pages, tables=tables)


def _open(data: bytes, file: str) -> DocxDocument:
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableDocumentError("corrupt", f"python-docx: {exc}", file) from exc
    except Exception as exc:  # lxml XMLSyntaxError, PackageNotFoundError …
        raise UnreadableDocumentError("corrupt", f"python-docx: {type(exc).__name__}: {exc}", file) from exc


def _iter_blocks(doc: DocxDocument):  # noqa: ANN202
    """Paragraphs and tables of the body, in document order."""
    yield from _blocks_in(doc.element.body, doc)


def _blocks_in(parent, doc: DocxDocument):  # noqa: ANN001, ANN202
    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, doc)
        elif child.tag == qn("w:tbl"):
            yield DocxTable(child, doc)
        elif child.tag == qn("w:sdt"):  # content controls of form templates wrap paragraphs/tables
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks_in(content, doc)


def _text_box_lines(p: Paragraph) -> list[str]:
    """Text of text boxes anchored in the paragraph (a stamp caption, a title in a box). Word
    stores each box twice (DrawingML and a VML fallback): each line is kept once."""
    lines: list[str] = []
    for box in p._p.iter(qn("w:txbxContent")):
        for para in box.iter(qn("w:p")):
            text = clean_text("".join(t.text or "" for t in para.iter(qn("w:t"))))
            if text and text not in lines:
                lines.append(text)
    return lines


def _has_page_break(p: Paragraph) -> bool:
    return any(br.get(qn("w:type")) == "page" for br in p._p.iter(qn("w:br")))


def _page_break_before(p: Paragraph) -> bool:
    return bool(p.paragraph_format.page_break_before)


def _header_footer_lines(doc: DocxDocument) -> list[str]:
    """Header/footer text of the first section (企业名称 often sits in the page header)."""
    lines: list[str] = []
    try:
        section = doc.sections[0]
    except IndexError:
        return lines
    for part in (section.header, section.footer):
        for p in part.paragraphs:
            text = clean_text(p.text)
            if text:
                lines.append(text)
    return lines


def table_grid(table: DocxTable) -> Grid:
    """A docx table as a Grid. python-docx repeats a merged cell in every slot it spans (the
    same <w:tc>): we keep its text once, at the top-left slot, and record the merged range."""
    slots: list[list[object]] = []
    for row in table.rows:
        cells = list(row.cells)
        before = [None] * (row.grid_cols_before or 0)
        slots.append(before + [c._tc for c in cells])
        slots[-1] += [None] * (row.grid_cols_after or 0)
    ncols = max((len(r) for r in slots), default=0)
    for r in slots:
        r.extend([None] * (ncols - len(r)))
    texts: dict[int, tuple[str, str]] = {}
    origin: dict[int, tuple[int, int]] = {}
    extent: dict[int, tuple[int, int]] = {}
    rows: list[list[str]] = []
    raws: list[list[str]] = []
    for r, slot_row in enumerate(slots):
        t_row, w_row = [], []
        for c, tc in enumerate(slot_row):
            if tc is None:
                t_row.append("")
                w_row.append("")
                continue
            key = id(tc)
            if key not in origin:
                origin[key] = (r, c)
                raw = _tc_text(tc)
                texts[key] = (clean_text(join_lines(raw)), raw.strip())
                t_row.append(texts[key][0])
                w_row.append(texts[key][1])
            else:
                r1, c1 = extent.get(key, origin[key])
                extent[key] = (max(r1, r), max(c1, c))
                t_row.append("")
                w_row.append("")
        rows.append(t_row)
        raws.append(w_row)
    merges = [Merge(*origin[k], *extent[k]) for k in extent]
    return Grid(rows=rows, raw=raws, merges=merges, row_numbers=None)


def _tc_text(tc) -> str:  # noqa: ANN001
    return "\n".join(
        "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))
    )
