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
) -> bytes:
    """A born-digital PDF: title paragraph, enterprise line, a ruled table long enough to run
    onto the next page (reportlab splits it; `repeat_header` repeats the header rows)."""
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
    doc.build(story)
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
