"""Generators of small evidence files for the reader tests (seeded, built in memory)."""

from __future__ import annotations

import io
import random

WQY_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
ENTERPRISE = "北京某某精密机械有限公司"


def device_rows(n: int, seed: int = 7) -> list[list[object]]:
    rng = random.Random(seed)
    names = ["数控车床", "加工中心", "数控铣床", "激光切割机", "折弯机", "焊接机器人", "三坐标测量机"]
    procs = ["下料", "机加工", "焊接", "装配", "检测"]
    rows = []
    for i in range(1, n + 1):
        rows.append(
            [i, rng.choice(names), f"CK{rng.randint(1000, 9999)}", f"SB-{i:03d}", rng.randint(1, 5),
             rng.choice(procs), rng.choice(["是", "否"])]
        )
    return rows


DEVICE_HEADER = ["序号", "设备名称", "型号", "资产编号", "数量", "所属工序", "是否联网"]


def _register_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "wqy" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("wqy", WQY_FONT, subfontIndex=0))
    return "wqy"


def pdf_with_table(
    rows: list[list[object]],
    header: list[str] = DEVICE_HEADER,
    repeat_header: bool = True,
    title: str = f"{ENTERPRISE}生产设备清单",
    group_header: bool = False,
    encrypt: str | None = None,
    running_header: str | None = None,
) -> bytes:
    """A born-digital PDF: title paragraph, enterprise line, a ruled table long enough to run
    onto the next page (reportlab splits it; `repeat_header` repeats the header rows;
    `running_header` is printed at the top of every page)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _register_font()
    buf = io.BytesIO()
    kwargs = {"encrypt": encrypt} if encrypt else {}
    doc = SimpleDocTemplate(buf, pagesize=A4, topMargin=40, bottomMargin=40, **kwargs)
    style = ParagraphStyle("zh", fontName=font, fontSize=14, leading=20)
    small = ParagraphStyle("zh-small", fontName=font, fontSize=10, leading=14)
    data: list[list[object]] = []
    commands = [
        ("FONT", (0, 0), (-1, -1), font, 9),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ]
    if group_header:
        top = [header[0], "设备信息", "", ""] + header[4:]
        sub = ["", header[1], header[2], header[3]] + [""] * (len(header) - 4)
        data += [top, sub]
        commands += [("SPAN", (1, 0), (3, 0)), ("SPAN", (0, 0), (0, 1))]
        commands += [("SPAN", (c, 0), (c, 1)) for c in range(4, len(header))]
        n_header = 2
    else:
        data.append(header)
        n_header = 1
    data += [[str(v) for v in r] for r in rows]
    table = Table(data, repeatRows=n_header if repeat_header else 0)
    table.setStyle(TableStyle(commands))
    story = [
        Paragraph(title, style),
        Paragraph(f"企业名称：{ENTERPRISE}　统一社会信用代码：91110108MA01ABCD2X", small),
        Spacer(1, 8),
        table,
        Spacer(1, 12),
        Paragraph("（盖章）", small),
    ]
    def page_header(canvas, _doc) -> None:  # noqa: ANN001
        if running_header:
            canvas.setFont(font, 9)
            canvas.drawString(60, A4[1] - 25, running_header)

    doc.build(story, onFirstPage=page_header, onLaterPages=page_header)
    return buf.getvalue()


def pdf_text_only(lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = _register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont(font, 12)
    y = 800
    for line in lines:
        c.drawString(60, y, line)
        y -= 20
    c.save()
    return buf.getvalue()


def pdf_blank_page() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.rect(100, 100, 200, 200)  # drawn content, no text: what a scan looks like to the text layer
    c.showPage()
    c.save()
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# Spreadsheets, CSV, docx


def xlsx_device_list(n: int = 5, two_row_header: bool = True, with_total: bool = True) -> bytes:
    """Title row merged across the table, a 填报单位/日期 line, a two-row merged header
    (设备信息 over 设备名称/型号/资产编号), n devices, a blank row and a 合计 row."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "生产设备"
    ws.append([f"{ENTERPRISE}生产设备清单"])
    ws.merge_cells("A1:G1")
    ws.append(["填报单位：" + ENTERPRISE, None, None, None, "填报日期：2026年1月10日"])
    if two_row_header:
        ws.append(["序号", "设备信息", None, None, "数量（台）", "所属工序", "是否联网"])
        ws.append([None, "设备名称", "型号", "资产编号", None, None, None])
        ws.merge_cells("B3:D3")
        for col in "AEFG":
            ws.merge_cells(f"{col}3:{col}4")
    else:
        ws.append(DEVICE_HEADER)
    rows = device_rows(n)
    for r in rows:
        r = list(r)
        r[4] = float(r[4])  # numbers stored as 12.0 must read "12"
        ws.append(r)
    if with_total:
        ws.append([None] * 7)
        ws.append(["合 计", None, None, None, float(sum(int(r[4]) for r in rows)), None, None])
    notes = wb.create_sheet("填表说明")
    notes.append(["本表由设备管理部门填写。"])
    wb.create_sheet("空白")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xls_device_list(n: int = 4) -> bytes:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("设备清单")
    ws.write_merge(0, 0, 0, 6, f"{ENTERPRISE}生产设备清单")
    ws.write_merge(1, 2, 0, 0, "序号")
    ws.write_merge(1, 1, 1, 3, "设备信息")
    for j, h in enumerate(["设备名称", "型号", "资产编号"], start=1):
        ws.write(2, j, h)
    for j, h in enumerate(["数量", "所属工序", "是否联网"], start=4):
        ws.write_merge(1, 2, j, j, h)
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for i, r in enumerate(device_rows(n), start=3):
        for j, v in enumerate(r):
            ws.write(i, j, float(v) if j == 4 else v)
    ws.write(3 + n, 0, "合计")
    ws.write(3 + n, 4, float(sum(int(r[4]) for r in device_rows(n))))
    sheet2 = wb.add_sheet("日期")
    sheet2.write(0, 0, "上线时间")
    sheet2.write(0, 1, "系统名称")
    import datetime as _dt

    sheet2.write(1, 0, _dt.date(2024, 5, 6), date_style)
    sheet2.write(1, 1, "MES")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_log(n: int, encoding: str = "utf-8", delimiter: str = ",", title: bool = True) -> bytes:
    lines = []
    if title:
        lines.append(f"{ENTERPRISE}设备数据采集记录")
    lines.append(delimiter.join(["设备编号", "采集时间", "运行状态", "主轴转速"]))
    for i in range(n):
        lines.append(delimiter.join([f"SB-{i % 3 + 1:03d}", f"2025-03-01 08:{i % 60:02d}:00", "运行", str(1000 + i)]))
    text = "\r\n".join(lines) + "\r\n"
    if encoding == "utf-8-sig":
        return text.encode("utf-8-sig")
    return text.encode(encoding)


def docx_with_tables(page_break: bool = True) -> bytes:
    """Title and prose, a table with a merged two-row header and a wrapped cell, a page break,
    then a roster table with a 合计 row."""
    import docx

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = f"{ENTERPRISE}"
    d.add_paragraph(f"{ENTERPRISE}生产工序说明")
    d.add_paragraph("关键工序：下料、焊接、机加工、装配、检测")
    d.add_paragraph("表1 生产设备")
    t = d.add_table(rows=4, cols=5)
    t.cell(0, 0).text = "序号"
    t.cell(0, 1).text = "设备信息"
    t.cell(0, 1).merge(t.cell(0, 2))
    t.cell(0, 3).text = "数量"
    t.cell(0, 4).text = "所属工序"
    for c in (0, 3, 4):
        t.cell(0, c).merge(t.cell(1, c))
    t.cell(1, 1).text = "设备名称"
    t.cell(1, 2).text = "型号"
    for c, v in enumerate(["1", "数控\n车床", "CK6140", "１２", "机加工"]):
        t.cell(2, c).text = v
    for c, v in enumerate(["2", "焊接机器人", "M-10iA", "3", "焊接"]):
        t.cell(3, c).text = v
    if page_break:
        d.add_page_break()
    d.add_paragraph("生产人员清单")
    t2 = d.add_table(rows=4, cols=3)
    for r, row in enumerate([["岗位", "人数", "备注"], ["操作工", "12", ""], ["质检员", "3", ""], ["合计", "15", ""]]):
        for c, v in enumerate(row):
            t2.cell(r, c).text = v
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# A password-protected OOXML: an OLE2 compound file holding EncryptionInfo + EncryptedPackage


def ole2_encrypted_package(seed: int = 1) -> bytes:
    """What Office writes for a password-protected xlsx/docx: an OLE2 file with EncryptionInfo
    and EncryptedPackage streams (random contents: only the container matters)."""
    rng = random.Random(seed)
    return ole2_file(
        {
            "EncryptionInfo": bytes(rng.getrandbits(8) for _ in range(4096)),
            "EncryptedPackage": bytes(rng.getrandbits(8) for _ in range(8192)),
        }
    )


def ole2_file(streams: dict[str, bytes]) -> bytes:
    """A minimal valid OLE2/CFB file (v3, 512-byte sectors) with up to three streams, each padded
    to a multiple of 4096 bytes (so no mini-stream is needed)."""
    import struct

    assert len(streams) in (1, 2, 3)
    sector = 512
    end_chain, fat_sect, free = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    padded = {name: body + bytes(-len(body) % 4096 or 0) for name, body in streams.items()}
    padded = {name: body if len(body) >= 4096 else body + bytes(4096 - len(body)) for name, body in padded.items()}
    fat = [fat_sect, end_chain]  # sector 0: FAT, sector 1: directory, then the streams
    starts = []
    for body in padded.values():
        start, n = len(fat), len(body) // sector
        starts.append(start)
        fat += [start + k + 1 for k in range(n - 1)] + [end_chain]
    assert len(fat) <= sector // 4
    fat += [free] * (sector // 4 - len(fat))
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 0x28, 0, 1, 1, 0, 0x1000, end_chain, 0, end_chain)
    struct.pack_into("<I", header, 0x44, 0)
    struct.pack_into("<109I", header, 0x4C, *([0] + [free] * 108))

    def entry(name: str, kind: int, start: int, size: int, right: int = free, child: int = free) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        e = bytearray(128)
        e[0 : len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw), kind, 1)
        struct.pack_into("<III", e, 68, free, right, child)
        struct.pack_into("<II", e, 116, start, size)
        return bytes(e)

    names = list(padded)
    directory = entry("Root Entry", 5, end_chain, 0, child=1)
    for i, name in enumerate(names, start=1):
        directory += entry(name, 2, starts[i - 1], len(padded[name]), right=i + 1 if i < len(names) else free)
    directory += bytes(128 * (4 - 1 - len(names)))
    return bytes(header) + struct.pack(f"<{sector // 4}I", *fat) + directory + b"".join(padded.values())


def pdf_blocks(blocks: list[tuple]) -> bytes:
    """A PDF from a list of blocks: ("p", text), ("table", rows, repeat_rows), ("break",)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    font = _register_font()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, topMargin=40, bottomMargin=40)
    style = ParagraphStyle("zh", fontName=font, fontSize=12, leading=18)
    story = []
    for block in blocks:
        if block[0] == "p":
            story.append(Paragraph(block[1], style))
        elif block[0] == "break":
            story.append(PageBreak())
        else:
            table = Table([[str(v) for v in r] for r in block[1]], repeatRows=block[2])
            table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, 9), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story.append(table)
    doc.build(story)
    return buf.getvalue()


def pdf_rule_only_table(rows: list[list[str]], three_line: bool = True, title: str = "利润表") -> bytes:
    """A table ruled with horizontal lines only: 三线表 (top, under the header, bottom) or a
    rule under every row."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = _register_font()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4)
    table = Table(rows, colWidths=[150, 130, 130])
    style = [("FONT", (0, 0), (-1, -1), font, 10), ("LINEABOVE", (0, 0), (-1, 0), 1, colors.black)]
    if three_line:
        style += [("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black), ("LINEBELOW", (0, -1), (-1, -1), 1, colors.black)]
    else:
        style += [("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.black)]
    table.setStyle(TableStyle(style))
    prose = ParagraphStyle("p", fontName=font, fontSize=10, leading=15)
    doc.build(
        [
            Paragraph(title, ParagraphStyle("t", fontName=font, fontSize=14, leading=20)),
            table,
            Paragraph("我们审计了北京某某精密机械有限公司2025年12月31日的资产负债表、2025年度的利润表。", prose),
        ]
    )
    return buf.getvalue()
