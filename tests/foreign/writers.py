"""The foreign generator's writers: a sheet model of its own and xlsx / csv / docx / scanned-image output.

Only generic libraries (openpyxl, python-docx, PIL); nothing of tests/packetgen's writers.
"""

from __future__ import annotations

import csv
import io
import math
import random
from dataclasses import dataclass, field

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FONT_INDEX = 1  # the Mono face: not the one tests/packetgen draws with


@dataclass
class Grid:
    """One table as an enterprise lays it out: lines above, one or two header rows (a top row with
    spans), data rows, lines below (notes). `spans`: (row, first col, last col) merges of the header."""

    title: list[str]
    header: list[list[str]]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    spans: list[tuple[int, int, int]] = field(default_factory=list)
    sheet: str = "Sheet1"

    @property
    def width(self) -> int:
        return max(len(r) for r in self.header + self.rows)


def _to_value(s: str) -> object:
    if s.isdigit() and not s.startswith("0") and len(s) < 10:
        return int(s)
    return s


def xlsx(grids: list[Grid], numbers_as_text: bool = False) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for g in grids:
        ws = wb.create_sheet(g.sheet[:31])
        r = 1
        for line in g.title:
            ws.cell(r, 1, line)
            if g.width > 1:
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=g.width)
            r += 1
        top = r
        for hr in g.header:
            for c, text in enumerate(hr, 1):
                if text:
                    ws.cell(r, c, text)
            r += 1
        for (hr, c0, c1) in g.spans:
            ws.merge_cells(start_row=top + hr, start_column=c0 + 1, end_row=top + hr, end_column=c1 + 1)
        for row in g.rows:
            for c, text in enumerate(row, 1):
                if text != "":
                    ws.cell(r, c, text if numbers_as_text else _to_value(text))
            r += 1
        for line in g.notes:
            ws.cell(r, 1, line)
            r += 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(g: Grid, encoding: str = "gbk") -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for line in g.title:
        w.writerow([line])
    for hr in g.header:
        w.writerow(hr)
    w.writerows(g.rows)
    for line in g.notes:
        w.writerow([line])
    return buf.getvalue().encode(encoding, errors="replace")


def docx(paragraphs: list[str], grids: list[Grid] = (), heading: str | None = None) -> bytes:  # type: ignore[assignment]
    from docx import Document

    d = Document()
    if heading:
        d.add_heading(heading, level=1)
    for p in paragraphs:
        d.add_paragraph(p)
    for g in grids:
        for line in g.title:
            d.add_paragraph(line)
        t = d.add_table(rows=len(g.header) + len(g.rows), cols=g.width)
        t.style = "Table Grid"
        for i, row in enumerate(g.header + g.rows):
            for j in range(g.width):
                t.cell(i, j).text = row[j] if j < len(row) else ""
        for hr, c0, c1 in g.spans:
            t.cell(hr, c0).merge(t.cell(hr, c1))
            t.cell(hr, c0).text = g.header[hr][c0]
        for line in g.notes:
            d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# ---- scans -------------------------------------------------------------------------------------------

def _font(size: int):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    return ImageFont.truetype(FONT, size, index=FONT_INDEX)


def _text_w(draw, text: str, font) -> int:  # type: ignore[no-untyped-def]
    return int(draw.textlength(text, font=font))


def render_grid(g: Grid, rng: random.Random, red_title: bool = False):  # type: ignore[no-untyped-def]
    """The table drawn as a page: ruled cells, title lines above, notes below (an RGB image)."""
    from PIL import Image, ImageDraw

    size = 26
    font, tfont = _font(size), _font(size + 8)
    probe = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    cols = g.width
    rows = g.header + g.rows
    widths = [0] * cols
    spanned = {(hr, c) for hr, c0, c1 in g.spans for c in range(c0 + 1, c1 + 1)}
    for ri, row in enumerate(rows):
        for c in range(cols):
            text = row[c] if c < len(row) else ""
            if ri < len(g.header) and any(ri == hr and c0 == c and c1 > c0 for hr, c0, c1 in g.spans):
                continue
            widths[c] = max(widths[c], _text_w(probe, text, font) + 24, 60)
    row_h = size + 22
    margin = 70
    table_w = sum(widths)
    width = max(table_w + 2 * margin, 900)
    height = margin * 2 + (len(g.title) + len(g.notes)) * (size + 26) + len(rows) * row_h + 40
    img = Image.new("RGB", (width, height), (250, 250, 246))
    d = ImageDraw.Draw(img)
    y = margin
    for i, line in enumerate(g.title):
        f = tfont if i == 0 else font
        color = (200, 30, 30) if red_title and i == 0 else (20, 20, 20)
        d.text(((width - _text_w(d, line, f)) // 2 if i == 0 else margin, y), line, font=f, fill=color)
        y += size + 26
    x0 = margin
    for ri, row in enumerate(rows):
        x = x0
        c = 0
        while c < cols:
            span_end = c
            if ri < len(g.header):
                for hr, c0, c1 in g.spans:
                    if hr == ri and c0 == c:
                        span_end = c1
            w = sum(widths[c:span_end + 1])
            d.rectangle([x, y, x + w, y + row_h], outline=(30, 30, 30), width=2)
            text = row[c] if c < len(row) else ""
            if (ri, c) not in spanned:
                d.text((x + (w - _text_w(d, text, font)) // 2, y + 10), text, font=font, fill=(15, 15, 15))
            x += w
            c = span_end + 1
        y += row_h
    y += 16
    for line in g.notes:
        d.text((margin, y), line, font=font, fill=(20, 20, 20))
        y += size + 26
    return img


def render_lines(lines: list[str], red_first: bool = False):  # type: ignore[no-untyped-def]
    from PIL import Image, ImageDraw

    size = 28
    font, tfont = _font(size), _font(size + 12)
    width = 1400
    img = Image.new("RGB", (width, 140 + len(lines) * (size + 30)), (252, 250, 244))
    d = ImageDraw.Draw(img)
    y = 70
    for i, line in enumerate(lines):
        f = tfont if i == 0 else font
        color = (205, 25, 25) if red_first and i == 0 else (20, 20, 20)
        x = (width - _text_w(d, line, f)) // 2 if i == 0 else 110
        d.text((x, y), line, font=f, fill=color)
        y += size + 30 + (10 if i == 0 else 0)
    return img


def degrade(img, rng: random.Random, stamp_text: str | None = None) -> bytes:  # type: ignore[no-untyped-def]
    """Another scanner: a red stamp, slight rotation, blur, speckle; PNG bytes."""
    from PIL import Image, ImageDraw, ImageFilter

    img = img.convert("RGB")
    if stamp_text:
        d = ImageDraw.Draw(img)
        r = 110
        cx, cy = img.width - r - 60, img.height - r - 40
        d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(215, 40, 40), width=6)
        f = _font(24)
        for i, ch in enumerate(stamp_text[:12]):
            a = math.pi * (0.85 + 1.3 * i / max(1, len(stamp_text[:12]) - 1))
            d.text((cx + 0.72 * r * math.cos(a) - 12, cy + 0.72 * r * math.sin(a) - 12), ch, font=f, fill=(215, 40, 40))
        d.text((cx - 14, cy - 14), "★", font=_font(30), fill=(215, 40, 40))
    img = img.rotate(rng.uniform(-1.2, 1.2), resample=Image.BICUBIC, expand=True, fillcolor=(250, 250, 246))
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9)))
    px = img.load()
    for _ in range(img.width * img.height // 900):
        x, y = rng.randrange(img.width), rng.randrange(img.height)
        v = rng.randint(60, 140)
        px[x, y] = (v, v, v)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()
