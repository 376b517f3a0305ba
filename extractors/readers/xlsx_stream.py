"""A fast streaming reader of xlsx sheet XML (lxml iterparse), for long machine exports.

openpyxl's read-only mode reads about 15–20k rows a second here; a 500k-row data-collection
log needs something leaner. This reads only what a log needs — cell values, shared strings,
date formats — and yields each row's cell texts as the xlsx reader would show them.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

from extractors.normalize import clean_text
from extractors.readers.cells import datetime_text, number_text

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_EPOCH_1900 = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)


def iter_sheet_rows(
    data: bytes, include_hidden: bool = False, uncached: list[tuple[str, str]] | None = None
) -> Iterator[tuple[str, int, list[str]]]:
    """(sheet name, row number, cell texts) for every row of every (visible) sheet, rows without
    cells included as empty lists so numbers stay consecutive.

    A formula cell without a cached value (export scripts that never ran Excel) is not evaluated
    here — a streamed sheet is tens of thousands of rows — and must not read as blank: its row is
    yielded empty (left out, never counted) and (sheet, cell) is appended to `uncached` for the
    caller's note."""
    z = zipfile.ZipFile(io.BytesIO(data))
    names = set(z.namelist())
    strings = _shared_strings(z) if "xl/sharedStrings.xml" in names else []
    formats = _cell_formats(z) if "xl/styles.xml" in names else []
    sheets, epoch = _sheets(z)
    for name, path, state in sheets:
        if state != "visible" and not include_hidden:
            continue
        if path not in names:
            continue
        found: list[str] = []
        yield from ((name, n, cells) for n, cells in _rows(z, path, strings, formats, epoch, found))
        if uncached is not None:
            uncached.extend((name, ref) for ref in found)


def _sheets(z: zipfile.ZipFile) -> tuple[list[tuple[str, str, str]], datetime]:
    wb = etree.fromstring(z.read("xl/workbook.xml"))
    rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{_PKG_REL_NS}Relationship")}
    pr = wb.find(f"{_NS}workbookPr")
    epoch = _EPOCH_1904 if pr is not None and pr.get("date1904") in ("1", "true") else _EPOCH_1900
    out = []
    for s in wb.iter(f"{_NS}sheet"):
        target = targets.get(s.get(f"{_REL_NS}id"), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        out.append((s.get("name", ""), path, s.get("state", "visible")))
    return out, epoch


def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    out = []
    with z.open("xl/sharedStrings.xml") as f:
        for _, si in etree.iterparse(f, tag=f"{_NS}si"):
            # rich text runs <r><t>; phonetic runs <rPh> are not part of the value
            text = "".join(t.text or "" for t in si.iter(f"{_NS}t") if t.getparent().tag != f"{_NS}rPh")
            out.append(clean_text(text))
            si.clear()
    return out


def _cell_formats(z: zipfile.ZipFile) -> list[str]:
    """Number-format code of each cell style (cellXfs index)."""
    styles = etree.fromstring(z.read("xl/styles.xml"))
    custom = {int(n.get("numFmtId")): n.get("formatCode", "") for n in styles.iter(f"{_NS}numFmt")}
    xfs = styles.find(f"{_NS}cellXfs")
    out = []
    for xf in xfs if xfs is not None else []:
        fid = int(xf.get("numFmtId", "0"))
        out.append(custom.get(fid) or BUILTIN_FORMATS.get(fid, "General"))
    return out


def _rows(
    z: zipfile.ZipFile, path: str, strings: list[str], formats: list[str], epoch: datetime,
    uncached: list[str] | None = None,
) -> Iterator[tuple[int, list[str]]]:
    date_styles = {i for i, f in enumerate(formats) if is_date_format(f)}
    cols: dict[str, int] = {}
    c_tag, v_tag, is_tag, f_tag = f"{_NS}c", f"{_NS}v", f"{_NS}is", f"{_NS}f"
    expected = 1
    with z.open(path) as f:
        for _, row in etree.iterparse(f, tag=f"{_NS}row"):
            number = int(row.get("r") or expected)
            while expected < number:  # rows the file leaves out are empty rows
                yield expected, []
                expected += 1
            cells: list[str] = []
            left_out = False
            for c in row:
                if c.tag != c_tag:
                    continue
                ref = c.get("r")
                if ref:
                    letters = ref.rstrip("0123456789")
                    col = cols.get(letters)
                    if col is None:
                        col = cols[letters] = _col_index(letters)
                    if col > len(cells):
                        cells.extend([""] * (col - len(cells)))
                kind = c.get("t")
                v = None
                inline = None
                formula = False
                for child in c:
                    if child.tag == v_tag:
                        v = child.text
                    elif child.tag == is_tag:
                        inline = child
                    elif child.tag == f_tag:
                        formula = True
                if formula and (v is None or v == "") and inline is None:
                    left_out = True
                    if uncached is not None:
                        uncached.append(ref or f"{_col_letters(len(cells))}{number}")
                    cells.append("")
                elif kind == "s" and v:
                    i = int(v)
                    cells.append(strings[i] if 0 <= i < len(strings) else "")
                elif v is None or v == "":
                    cells.append(clean_text("".join(t.text or "" for t in inline.iter(f"{_NS}t"))) if inline is not None else "")
                else:
                    cells.append(_value(kind or "n", v, c.get("s"), formats, date_styles, epoch))
            yield number, ([] if left_out else cells)
            expected = number + 1
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]


def _col_letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters or "A":
        n = n * 26 + ord(ch) - 64
    return n - 1


def _value(kind: str, text: str, style_attr: str | None, formats: list[str], date_styles: set[int], epoch: datetime) -> str:
    if kind in ("str", "d", "inlineStr"):
        return clean_text(text)
    if kind == "b":
        return "TRUE" if text.strip() in ("1", "true") else "FALSE"
    if kind == "e":
        return ""
    try:
        x = float(text)
    except ValueError:
        return clean_text(text)
    style = int(style_attr) if style_attr else 0
    if style in date_styles:
        try:
            # to the millisecond, as Excel and openpyxl do (a minute stored as 0.000694… must not
            # read as 59.999 s)
            return datetime_text(epoch + timedelta(milliseconds=round(x * 86_400_000)))
        except OverflowError:
            return number_text(x)
    fmt = formats[style] if style < len(formats) else None
    return number_text(x, fmt)
