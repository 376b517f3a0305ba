"""Hostile files made by code (seeded; nothing pasted): PDFs, zips, images, workbooks, CSVs.

Big ones are generated streaming so their cost stays in the compressed size (a 1 GB-of-zeros
zip member is deflated chunk by chunk; a 1M-row sheet is written as XML straight into the zip).
"""

from __future__ import annotations

import io
import random
import struct
import tarfile
import zipfile
import zlib

from PIL import Image

FIXED_TIME = (2026, 1, 10, 9, 0, 0)


# ---------------------------------------------------------------- zips


def zip_of(entries: list[tuple[str | zipfile.ZipInfo, bytes]], utf8: bool = True) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            info = name if isinstance(name, zipfile.ZipInfo) else zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            if utf8 and not isinstance(name, zipfile.ZipInfo):
                info.flag_bits |= 0x800
            zf.writestr(info, data)
    return buf.getvalue()


class _RawNameInfo(zipfile.ZipInfo):
    """A member whose name is written as the given bytes, without the UTF-8 flag."""

    def _encodeFilenameFlags(self):  # noqa: ANN202, N802 - zipfile's own hook
        return self.filename.encode("cp437"), self.flag_bits & ~0x800


def raw_name_zip(entries: list[tuple[bytes, bytes]]) -> bytes:
    """A zip whose names are raw bytes without the UTF-8 flag (GBK from Chinese Windows, CP437)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for raw, data in entries:
            info = _RawNameInfo(raw.decode("cp437"), date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


def special_member(name: str, mode: int, data: bytes = b"") -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.create_system = 3
    info.external_attr = mode << 16
    return info


def zeros_bomb_zip(size: int, name: str = "zeros.csv") -> bytes:
    """A zip holding one member of `size` zero bytes, deflated streaming (1 GB → about 1 MB)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=size > 0xFFFFFFFF) as fh:
            chunk = bytes(1 << 22)
            left = size
            while left > 0:
                fh.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
    return buf.getvalue()


def many_members_zip(n: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for i in range(n):
            info = zipfile.ZipInfo(f"f{i:06d}.txt", date_time=FIXED_TIME)
            zf.writestr(info, b"x")
    return buf.getvalue()


def nested_zip(levels: int, inner: list[tuple[str, bytes]]) -> bytes:
    data = zip_of(inner)
    for k in range(levels - 1):
        data = zip_of([(f"level{levels - 1 - k}.zip", data)])
    return data


def encrypted_flag_zip(name: str, data: bytes) -> bytes:
    """A member marked encrypted (general-purpose flag bit 0): its bytes are not readable."""
    raw = bytearray(zip_of([(name, data)]))
    raw[6] |= 0x1  # local header flags
    cd = raw.rfind(b"PK\x01\x02")
    raw[cd + 8] |= 0x1  # central directory flags
    return bytes(raw)


def tar_with_hardlink() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        body = b"a,b\n1,2\n"
        ti = tarfile.TarInfo("ok.csv")
        ti.size = len(body)
        tf.addfile(ti, io.BytesIO(body))
        link = tarfile.TarInfo("link.csv")
        link.type = tarfile.LNKTYPE
        link.linkname = "/etc/passwd"
        tf.addfile(link)
    return buf.getvalue()


# ---------------------------------------------------------------- PDFs


def _pdf(objects: list[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (1-based), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, trailer_extra, xref
    )
    return bytes(out)


def _text_stream(text: str) -> bytes:
    body = b"BT /F1 12 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET"
    return b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"


def pdf_many_pages(pages: int) -> bytes:
    """`pages` pages sharing one small content stream (a 2,000-page PDF of ~200 KB)."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _text_stream("Appendix page of a very long document"),
    ]
    objs += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>"
    ] * pages
    return _pdf(objs)


def pdf_page(width: float, height: float, text: str = "Drawing sheet 1") -> bytes:
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 5 0 R /Resources << /Font << /F1 3 0 R >> >> >>"
        % (width, height),
        _text_stream(text),
    ])


def pdf_scan_page(width: float, height: float) -> bytes:
    """One page of width×height points with no text layer (a frame and a few strokes): it goes
    to OCR like a scan."""
    w, h = int(width), int(height)
    body = (b"4 w 20 20 %d %d re S " % (w - 40, h - 40)
            + b"".join(b"%d %d m %d %d l S " % (w // 10, h // 10 * k, w // 10 * 9, h // 10 * k) for k in range(2, 9)))
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R >>" % (w, h),
        b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream",
    ])


def big_text_png(width: int, height: int) -> bytes:
    """A width×height grayscale PNG, white with a line of text in the corner (within the pixel
    limit: it is OCR'd, not refused as a bomb)."""
    img = _inked("L", (width, height), 255, 0)
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def pdf_javascript() -> bytes:
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R /Names << /JavaScript << /Names [(x) 6 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources << /Font << /F1 3 0 R >> >> >>",
        _text_stream("Notice with an embedded script"),
        b"<< /S /JavaScript /JS (app.launchURL\\('http://127.0.0.1:9/x'\\); this.exportDataObject\\({cName: 'a'}\\);) >>",
    ])


def pdf_stream_bomb(inflated: int) -> bytes:
    """A content stream that inflates to `inflated` bytes of spaces (compressed streaming)."""
    comp = zlib.compressobj(9)
    parts = []
    chunk = b" " * (1 << 22)
    left = inflated
    while left > 0:
        parts.append(comp.compress(chunk[: min(left, len(chunk))]))
        left -= len(chunk)
    parts.append(comp.flush())
    body = b"".join(parts)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream,
    ])


def pdf_encrypted(user_password: str) -> bytes:
    """A real encrypted PDF (reportlab's standard encryption); empty user password = owner-only."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    enc = pdfencrypt.StandardEncryption(user_password, ownerPassword="owner-secret", canPrint=0, canCopy=0)
    c = canvas.Canvas(buf, encrypt=enc, invariant=1)
    c.drawString(72, 720, "Confidential appendix")
    c.showPage()
    c.save()
    return buf.getvalue()


# ---------------------------------------------------------------- images


def png_bomb(width: int, height: int) -> bytes:
    """A 1-bit PNG of width×height zero pixels, deflated streaming (30k×30k → ~100 KB)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    row = b"\x00" + bytes((width + 7) // 8)
    comp = zlib.compressobj(9)
    block = row * 256
    parts = []
    left = height
    while left > 0:
        n = min(left, 256)
        parts.append(comp.compress(block[: n * len(row)]))
        left -= n
    parts.append(comp.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header claims width×height."""
    buf = io.BytesIO()
    Image.new("L", (16, 16), 255).save(buf, "JPEG")
    data = bytearray(buf.getvalue())
    sof = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


def tiff_bomb(width: int, height: int) -> bytes:
    img = Image.new("1", (width, height), 1)
    buf = io.BytesIO()
    img.save(buf, "TIFF", compression="group4")
    return buf.getvalue()


def tiff_frames(n: int, size: tuple[int, int] = (48, 48)) -> bytes:
    frames = [Image.new("1", size, 1) for _ in range(n)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], compression="group4")
    return buf.getvalue()


def _inked(mode: str, size: tuple[int, int], paper: object, ink: object) -> Image.Image:
    """A page with a line of text on it (so it is OCR'd, not skipped as blank)."""
    from PIL import ImageDraw

    img = Image.new(mode, size, paper)
    ImageDraw.Draw(img).text((10, size[1] // 3), "SB-001 CNC 12", fill=ink)
    return img


def cmyk_jpeg() -> bytes:
    buf = io.BytesIO()
    _inked("CMYK", (200, 120), (0, 0, 0, 0), (0, 0, 0, 255)).save(buf, "JPEG")
    return buf.getvalue()


def exif_rotated_jpeg(orientation: int) -> bytes:
    img = _inked("L", (240, 160), 255, 0)
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    return buf.getvalue()


# ---------------------------------------------------------------- OOXML


_CT_XLSX = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="{wb}"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_WB_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_WB_XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WB = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
_SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_SHEET_TAIL = "</sheetData></worksheet>"
_SST_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def xlsx_parts(sheet_rows_xml: bytes | None = None, shared_strings: bytes | None = None, macro: bool = False,
               extra: dict[str, bytes] | None = None, replace: dict[str, bytes] | None = None) -> bytes:
    """A minimal xlsx (or .xlsm) from raw part contents (`replace`: whole parts by name)."""
    sheet = sheet_rows_xml if sheet_rows_xml is not None else (
        b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    )
    sst = shared_strings if shared_strings is not None else (
        f'<?xml version="1.0" encoding="UTF-8"?><sst {_SST_NS}><si><t>说明</t></si><si><t>内容</t></si></sst>'.encode()
    )
    entries: list[tuple[str, bytes]] = [
        ("[Content_Types].xml", _CT_XLSX.format(wb=_WB_XLSM if macro else _WB_XLSX).encode()),
        ("_rels/.rels", _RELS.encode()),
        ("xl/workbook.xml", _WB.encode()),
        ("xl/_rels/workbook.xml.rels", _WB_RELS.encode()),
        ("xl/worksheets/sheet1.xml", _SHEET_HEAD.encode() + sheet + _SHEET_TAIL.encode()),
        ("xl/sharedStrings.xml", sst),
    ]
    entries = [(n, (replace or {}).get(n, b)) for n, b in entries] + list((extra or {}).items())
    return zip_of(entries, utf8=False)


def with_entity_bomb(xml: str, encoding: str = "utf-8") -> bytes:
    """The XML part `xml` (starting with its root element) with a nested-entity DTD in front
    of it, the root's first text or attribute unchanged: a billion laughs in any part."""
    root = xml.split("<", 1)[1].split()[0].rstrip(">/")
    ents = ['<!ENTITY l0 "ha">'] + [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    return (f'<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE {root} [{"".join(ents)}]>' + xml).encode(encoding)



def xlsx_entity_bomb(part: str, encoding: str = "utf-8") -> bytes:
    """The minimal xlsx with a billion laughs put in front of `part` ([Content_Types].xml,
    xl/workbook.xml, xl/worksheets/sheet1.xml, xl/sharedStrings.xml, …), in `encoding`."""
    z = zipfile.ZipFile(io.BytesIO(xlsx_parts()))
    xml = z.read(part).decode()
    xml = xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml
    return xlsx_parts(replace={part: with_entity_bomb(xml, encoding)})


def big_sheet_with_uncached_formulas(rows: int, formula_rows: set[int]) -> bytes:
    """A one-sheet workbook longer than BIG_SHEET_ROWS (so it is streamed); the rows in
    `formula_rows` hold a count as a formula without a cached value (=5+1, shared or not)."""
    body = ['<row r="1"><c r="A1" t="inlineStr"><is><t>设备编号</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>数量</t></is></c></row>'.encode()]
    for r in range(2, rows + 2):
        count = b'<c r="B%d"><f>5+1</f></c>' % r if r in formula_rows else b'<c r="B%d"><v>6</v></c>' % r
        if r in formula_rows and r % 2:
            count = b'<c r="B%d"><f t="shared" si="0"/><v></v></c>' % r  # shared, empty value
        note = b'<c r="C%d" t="inlineStr"><is><t>%s</t></is></c>' % (r, b"x" * 80)  # XML past BIG_SHEET_XML_BYTES
        body.append(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>SB-%05d</t></is></c>%s%s</row>' % (r, r, r, count, note))
    return xlsx_parts(sheet_rows_xml=b"".join(body))


def billion_laughs(root: str, ns: str = _SST_NS) -> bytes:
    ents = ['<!ENTITY l0 "ha">'] + [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    return (
        f'<?xml version="1.0"?><!DOCTYPE {root} [{"".join(ents)}]>'
        f"<{root} {ns}><si><t>&l9;</t></si></{root}>"
    ).encode()


def xlsx_million_rows(rows: int) -> bytes:
    """A one-sheet xlsx of `rows` short unrelated rows, the sheet XML written streaming."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, body in [
            ("[Content_Types].xml", _CT_XLSX.format(wb=_WB_XLSX).encode()),
            ("_rels/.rels", _RELS.encode()),
            ("xl/workbook.xml", _WB.encode()),
            ("xl/_rels/workbook.xml.rels", _WB_RELS.encode()),
            ("xl/sharedStrings.xml", f'<sst {_SST_NS}><si><t>记录</t></si></sst>'.encode()),
        ]:
            zf.writestr(name, body)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(_SHEET_HEAD.encode())
            block = []
            for r in range(1, rows + 1):
                block.append(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c><c r="B{r}"><v>{r}</v></c></row>')
                if len(block) == 10_000:
                    fh.write("".join(block).encode())
                    block = []
            fh.write("".join(block).encode() + _SHEET_TAIL.encode())
    return buf.getvalue()


def shared_strings_bomb(count: int, length: int) -> bytes:
    body = io.BytesIO()
    body.write(f'<?xml version="1.0" encoding="UTF-8"?><sst {_SST_NS}>'.encode())
    s = ("字" * length).encode()
    for _ in range(count):
        body.write(b"<si><t>" + s + b"</t></si>")
    body.write(b"</sst>")
    return xlsx_parts(shared_strings=body.getvalue())


def docx_with_document_xml(document_xml: bytes) -> bytes:
    ct = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    )
    return zip_of([("[Content_Types].xml", ct.encode()), ("_rels/.rels", rels.encode()),
                   ("word/document.xml", document_xml)], utf8=False)


def docx_billion_laughs() -> bytes:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ents = ['<!ENTITY l0 "ha">'] + [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    return docx_with_document_xml(
        (f'<?xml version="1.0"?><!DOCTYPE w:document [{"".join(ents)}]>'
         f"<w:document {w}><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>").encode()
    )


def ole2_with(stream_names: list[str], size: int = 4096) -> bytes:
    """Bytes that carry the OLE2 magic and the given directory stream names (UTF-16LE), enough
    for the sniffer to call it a legacy .doc or an encrypted OOXML; not a readable container."""
    body = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    for name in stream_names:
        body += name.encode("utf-16-le") + bytes(64 - 2 * len(name))
    body += bytes(max(0, size - len(body)))
    return bytes(body)


def random_bytes(rng: random.Random, n: int) -> bytes:
    return bytes(rng.randrange(256) for _ in range(n))
