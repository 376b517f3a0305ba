"""DocContent → bytes in each container. Output is byte-for-byte deterministic."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime
from functools import lru_cache

from tests.packetgen.content import DocContent, TableContent
from tests.packetgen.spec import DocStyle, FileFormat

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FONT = "wqy"
FIXED_TIME = (2026, 1, 10, 9, 0, 0)  # every zip entry and document property carries this time
_FIXED_ISO = "2026-01-10T09:00:00Z"


def write(doc: DocContent, style: DocStyle) -> bytes:
    fmt = style.format
    if fmt is FileFormat.XLSX:
        return to_xlsx(doc, style)
    if fmt is FileFormat.PDF:
        return to_pdf(doc, style)
    if fmt is FileFormat.SCAN_PDF:
        return to_scan_pdf(doc, style)
    if fmt is FileFormat.DOCX:
        return to_docx(doc, style)
    return to_csv(doc, style)


def _header_rows(t: TableContent) -> list[list[str]]:
    """The header as 1 or 2 rows of text (merged cells repeat nothing: blank after the first)."""
    if not t.group_header:
        return [list(t.header)]
    top: list[str] = []
    for label, span in t.group_header:
        top += [label] + [""] * (span - 1)
    return [top, list(t.header)]


def _merges(t: TableContent) -> list[tuple[int, int, int, int]]:
    """(row0, col0, row1, col1) merges of a two-row header, 0-based, inclusive."""
    out = []
    col = 0
    for label, span in t.group_header or []:
        if span == 1 and label == t.header[col]:
            out.append((0, col, 1, col))
        elif span > 1:
            out.append((0, col, 0, col + span - 1))
        col += span
    return out


def _normalise_zip(data: bytes, core_name: str = "docProps/core.xml") -> bytes:
    """Rewrite a zip (xlsx/docx) with fixed entry times and fixed created/modified properties."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == core_name:
                text = body.decode("utf-8")
                text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rf"\g<1>{_FIXED_ISO}\g<2>", text)
                body = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, body)
    return out.getvalue()


# --- xlsx ----------------------------------------------------------------------------------------
def to_xlsx(doc: DocContent, style: DocStyle) -> bytes:
    """One sheet, or `style.sheets` sheets (一车间, 二车间 …) each with its own title and header;
    a split table carries no 合计 row (a per-sheet total of the whole would mislead)."""
    from openpyxl import Workbook

    from tests.packetgen.zhtext import chinese_numeral

    t = doc.table
    assert t is not None, "xlsx documents are tables"
    wb = Workbook()
    n = max(1, min(style.sheets, len(t.rows)))
    if n == 1:
        _xlsx_sheet(wb.active, doc, t, style, doc.sheet_name)
    else:
        size = -(-len(t.rows) // n)
        for i in range(n):
            part = t.model_copy(update={"rows": t.rows[i * size : (i + 1) * size], "total": None})
            ws = wb.active if i == 0 else wb.create_sheet()
            _xlsx_sheet(ws, doc, part, style, f"{chinese_numeral(i + 1)}车间")
    if style.title_rows == 0:  # no room above the header: the enterprise is named on a notes sheet
        notes = wb.create_sheet("填报说明")
        for i, line in enumerate([doc.title, *doc.lines_before, *doc.lines_after], start=1):
            notes.cell(i, 1, line)
    wb.properties.creator = "evidence-packetgen"
    buf = io.BytesIO()
    wb.save(buf)
    return _normalise_zip(buf.getvalue())


def _xlsx_sheet(ws, doc: DocContent, t: TableContent, style: DocStyle, name: str) -> None:  # type: ignore[no-untyped-def]
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.title = name
    width = len(t.header)
    r = 1
    if style.title_rows >= 1:
        ws.cell(r, 1, doc.title).font = Font(bold=True, size=14)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        ws.cell(r, 1).alignment = Alignment(horizontal="center")
        r += 1
    if style.title_rows >= 2:
        ws.cell(r, 1, "    ".join(doc.lines_before))
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        r += 1
    if style.title_rows >= 1 and t.caption:
        ws.cell(r, 1, t.caption)
        r += 1
    head = _header_rows(t)
    for i, row in enumerate(head):
        for c, text in enumerate(row, start=1):
            if text:
                ws.cell(r + i, c, text).font = Font(bold=True)
    for r0, c0, r1, c1 in _merges(t):
        ws.merge_cells(start_row=r + r0, start_column=c0 + 1, end_row=r + r1, end_column=c1 + 1)
    r += len(head)
    for row in t.rows + ([t.total] if t.total else []):
        for c, value in enumerate(row, start=1):
            if value != "":
                ws.cell(r, c, value)
        r += 1
    if style.title_rows >= 1:
        for line in doc.lines_after:
            r += 1
            ws.cell(r, 1, line)
    for c in range(1, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 16


# --- csv -----------------------------------------------------------------------------------------
def to_csv(doc: DocContent, style: DocStyle) -> bytes:
    t = doc.table
    assert t is not None, "csv documents are tables"
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=style.csv_sep, lineterminator="\r\n")
    if style.title_rows >= 1:
        w.writerow([doc.title])
    if style.title_rows >= 2:
        w.writerow(doc.lines_before)
    if style.title_rows >= 1 and t.caption:
        w.writerow([t.caption])
    for row in _header_rows(t):
        w.writerow(row)
    for row in t.rows:
        w.writerow(row)
    if t.total:
        w.writerow(t.total)
    enc = style.format.encoding or "utf-8"
    return buf.getvalue().encode(enc)


# --- pdf -----------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))


def _col_widths(rows: list[list], width: float) -> list[float]:
    """Widths from the widest text of each column (padding included), fitted to the page: short
    headers such as 序号 stay on one line; long cells wrap only when the page is too narrow."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    need = [max(stringWidth(str(r[c]), FONT, 8.5) for r in rows if c < len(r)) + 13 for c in range(len(rows[0]))]
    total = sum(need)
    if total <= width:
        return [n + (width - total) * n / total for n in need]
    floor = [min(n, 48.0) for n in need]  # keep narrow columns whole, shrink the wide ones
    spare = width - sum(floor)
    wide = [n - f for n, f in zip(need, floor)]
    return [f + spare * w / sum(wide) if sum(wide) else f for f, w in zip(floor, wide)]


def to_pdf(doc: DocContent, style: DocStyle) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _register_font()
    title_style = ParagraphStyle("t", fontName=FONT, fontSize=15, leading=22, alignment=1, spaceAfter=6)
    body = ParagraphStyle("b", fontName=FONT, fontSize=10.5, leading=17, wordWrap="CJK", spaceAfter=4)
    cell = ParagraphStyle("c", fontName=FONT, fontSize=8.5, leading=11, wordWrap="CJK")
    story: list = [Paragraph(doc.title, title_style)]
    story += [Paragraph(line, body) for line in doc.lines_before]
    story += [Paragraph(p, body) for p in doc.paragraphs]
    t = doc.table
    if t is not None:
        if t.caption:
            story.append(Paragraph(t.caption, body))
        head = _header_rows(t)
        data = [[Paragraph(str(v), cell) for v in row] for row in head + t.rows + ([t.total] if t.total else [])]
        table = Table(data, colWidths=_col_widths([t.header] + t.rows[:60], A4[0] - 30 * mm),
                      repeatRows=len(head) if style.repeat_header else 0, hAlign="CENTER")
        cmds = [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, len(head) - 1), colors.HexColor("#E8E8E8")),
        ]
        cmds += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in _merges(t)]
        table.setStyle(TableStyle(cmds))
        story += [Spacer(1, 4), table]
    story.append(Spacer(1, 10))
    story += [Paragraph(line, body) for line in doc.lines_after]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=18 * mm,
                      bottomMargin=18 * mm, title=doc.title, author="", creator="", invariant=1).build(story)
    return buf.getvalue()


# --- scanned pdf -----------------------------------------------------------------------------------
SCAN_DPI = 200


def to_scan_pdf(doc: DocContent, style: DocStyle) -> bytes:
    """The born-digital PDF printed and scanned: each page rasterised (pdftoppm, 200 dpi, grey),
    rotated by `scan_skew_deg`, speckled, JPEG-compressed, and wrapped in a PDF with no text layer."""
    import hashlib
    import random
    import subprocess
    import tempfile
    from pathlib import Path

    from PIL import Image, ImageChops
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    pdf = to_pdf(doc, style)
    rng = random.Random(hashlib.sha256(pdf).hexdigest())  # same document → same scan
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    with tempfile.TemporaryDirectory(prefix="packetgen-scan-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(SCAN_DPI), "-gray", "-png", str(src), str(Path(tmp) / "p")],
                       check=True, capture_output=True)
        for png in sorted(Path(tmp).glob("p-*.png")):
            page = Image.open(png).convert("L")
            skew = style.scan_skew_deg * rng.choice((-1, 1))
            page = page.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
            if style.scan_noise > 0:
                cut = int(style.scan_noise * 256)
                noise = Image.frombytes("L", page.size, rng.randbytes(page.size[0] * page.size[1]))
                page = ImageChops.darker(page, noise.point(lambda v, cut=cut: 90 if v < cut else 255))
            jpg = io.BytesIO()
            page.save(jpg, "JPEG", quality=70, dpi=(SCAN_DPI, SCAN_DPI))
            jpg.seek(0)
            canvas.drawImage(ImageReader(jpg), 0, 0, width=A4[0], height=A4[1])
            canvas.showPage()
    canvas.save()
    return out.getvalue()


# --- docx ----------------------------------------------------------------------------------------
def to_docx(doc: DocContent, style: DocStyle) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "宋体"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    head_p = d.add_paragraph()
    head_p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head_p.add_run(doc.title)
    run.bold = True
    for line in doc.lines_before:
        d.add_paragraph(line)
    for p in doc.paragraphs:
        d.add_paragraph(p)
    t = doc.table
    if t is not None:
        if t.caption:
            d.add_paragraph(t.caption)
        head = _header_rows(t)
        rows = head + [[str(v) for v in r] for r in t.rows] + ([[str(v) for v in t.total]] if t.total else [])
        table = d.add_table(rows=len(rows), cols=len(t.header))
        table.style = "Table Grid"
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                if text:
                    table.cell(i, j).text = str(text)
        for r0, c0, r1, c1 in _merges(t):
            table.cell(r0, c0).merge(table.cell(r1, c1))
        if style.repeat_header:
            for i in range(len(head)):
                tr_pr = table.rows[i]._tr.get_or_add_trPr()
                flag = OxmlElement("w:tblHeader")
                flag.set(qn("w:val"), "true")
                tr_pr.append(flag)
    for line in doc.lines_after:
        d.add_paragraph(line)
    props = d.core_properties
    props.author = ""
    props.last_modified_by = ""
    props.created = props.modified = datetime(*FIXED_TIME)
    props.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    return _normalise_zip(buf.getvalue())
