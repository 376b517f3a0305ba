"""Generated scans for the OCR tests: ruled (or borderless) Chinese tables rendered with PIL at a
given dpi, then degraded like a scanner or a phone would (rotation, noise, perspective, light).

Seeded, in memory, no binary fixtures. `TableSpec` keeps the ground truth of every cell.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
A4_INCH = (8.27, 11.69)

EQUIPMENT_HEADER = ["序号", "设备名称", "规格型号", "资产编号", "数量", "所属工序", "控制方式", "是否联网"]
_NAMES = [
    "数控车床",
    "立式加工中心",
    "数控折弯机",
    "激光切割机",
    "焊接机器人",
    "空气压缩机",
    "数控铣床",
    "注塑机",
    "三坐标测量机",
    "自动装配线",
    "喷涂机器人",
    "液压机",
    "叉车",
    "储气罐",
]
_MODELS = [
    "CK6150",
    "VMC850",
    "WC67K-100",
    "G3015",
    "M-10iA",
    "SA-90",
    "XK7132",
    "HTF860X",
    "CMM-5106",
    "ZP-20",
    "IRB5500",
    "YH32-315",
    "CPD30",
    "C-2.0/0.8",
]
_PROCESSES = ["下料", "机加工", "折弯", "焊接", "装配", "检测", "喷涂"]
_CONTROLS = ["CNC", "PLC", "手动", "DCS", "NC"]


@dataclass
class TableSpec:
    title: str
    header: list[str]
    rows: list[list[str]]
    group_header: tuple[str, int, int] | None = None  # (text, first col, last col) spanning above
    lines_above: list[str] = field(default_factory=list)


def equipment_spec(n_rows: int, seed: int = 1, group_header: bool = False) -> TableSpec:
    rnd = random.Random(seed)
    rows = []
    for i in range(n_rows):
        k = rnd.randrange(len(_NAMES))
        rows.append(
            [
                str(i + 1),
                _NAMES[k],
                _MODELS[k],
                f"SB-{rnd.randrange(1, 400):03d}",
                str(rnd.randrange(1, 13)),
                rnd.choice(_PROCESSES),
                rnd.choice(_CONTROLS),
                rnd.choice(["是", "否"]),
            ]
        )
    return TableSpec(
        title="北京某某精密机械有限公司生产设备清单",
        header=list(EQUIPMENT_HEADER),
        rows=rows,
        group_header=("设备信息", 1, 3) if group_header else None,
        lines_above=["统一社会信用代码：91110108MA01ABCD2X"],
    )


def _font(px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_PATH, px, index=0)


def continuation(spec: TableSpec, start: int, repeat_header: bool = False) -> TableSpec:
    """The rest of a long table as the next page shows it: no title, rows from `start`, the
    header repeated or not."""
    return TableSpec(title="", header=list(spec.header) if repeat_header else [], rows=spec.rows[start:])


def render_table(
    spec: TableSpec, dpi: int = 200, ruled: bool = True, pt: float = 10.5, footer: bool = True
) -> Image.Image:
    """An A4 page (grayscale, white) with a title, a line of text and the table. A spec with an
    empty header renders only rows (a table continued from the previous page)."""
    w, h = int(A4_INCH[0] * dpi), int(A4_INCH[1] * dpi)
    img = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(img)
    fpx = round(pt / 72 * dpi)
    font, tfont = _font(fpx), _font(round(fpx * 1.4))
    margin = int(0.8 * dpi)
    y = margin
    if spec.title:
        d.text((w // 2, y), spec.title, font=tfont, fill=0, anchor="mt")
        y += int(fpx * 2.6)
    for ln in spec.lines_above:
        d.text((margin, y), ln, font=font, fill=0)
        y += int(fpx * 1.8)
    ncol = len(spec.header) or len(spec.rows[0])
    all_rows = ([spec.header] if spec.header else []) + spec.rows
    width_rows = [EQUIPMENT_HEADER] + all_rows if ncol == len(EQUIPMENT_HEADER) else all_rows
    pad = int(fpx * 0.6)
    widths = [max(font.getlength(r[c]) for r in width_rows) + 2 * pad for c in range(ncol)]
    avail = w - 2 * margin
    extra = max(0.0, (avail - sum(widths)) / ncol)
    widths = [wd + extra for wd in widths]
    xs = [margin]
    for wd in widths:
        xs.append(xs[-1] + wd)
    row_h = int(fpx * 2.0)
    lw = max(1, round(dpi / 100))
    top = y
    if spec.group_header:
        text, c0, c1 = spec.group_header
        y_mid = top + row_h
        y_bot = top + 2 * row_h
        for c in range(ncol):
            if c0 <= c <= c1:
                d.text(
                    ((xs[c] + xs[c + 1]) / 2, (y_mid + y_bot) / 2),
                    spec.header[c],
                    font=font,
                    fill=0,
                    anchor="mm",
                )
            else:
                d.text(
                    ((xs[c] + xs[c + 1]) / 2, (top + y_bot) / 2),
                    spec.header[c],
                    font=font,
                    fill=0,
                    anchor="mm",
                )
        d.text(((xs[c0] + xs[c1 + 1]) / 2, (top + y_mid) / 2), text, font=font, fill=0, anchor="mm")
        if ruled:
            d.line([(xs[c0], y_mid), (xs[c1 + 1], y_mid)], fill=0, width=lw)
            for c in range(ncol + 1):
                y_start = y_mid if c0 < c <= c1 else top
                d.line([(xs[c], y_start), (xs[c], y_bot)], fill=0, width=lw)
            d.line([(xs[0], top), (xs[-1], top)], fill=0, width=lw)
        y = y_bot
        body = spec.rows
    else:
        y = top
        body = all_rows
    for r in body:
        for c, text in enumerate(r):
            d.text((xs[c] + pad, y + row_h / 2), text, font=font, fill=0, anchor="lm")
        if ruled:
            d.line([(xs[0], y), (xs[-1], y)], fill=0, width=lw)
        y += row_h
    if ruled:
        d.line([(xs[0], y), (xs[-1], y)], fill=0, width=lw)
        ystart = top + (2 * row_h if spec.group_header else 0)
        for x in xs:
            d.line([(x, ystart), (x, y)], fill=0, width=lw)
    if footer:
        d.text((margin, y + fpx * 2), "单位名称（盖章）：北京某某精密机械有限公司", font=font, fill=0)
    img.info["dpi"] = (dpi, dpi)
    return img


def degrade(
    img: Image.Image,
    seed: int = 0,
    angle: float = 0.0,
    quarter: int = 0,
    noise: float = 8.0,
    speckle: float = 0.0005,
) -> Image.Image:
    """A flatbed scan: small rotation, optional 90/180/270 turn, gaussian noise and speckles."""
    rnd = np.random.default_rng(seed)
    out = img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255) if angle else img
    a = np.asarray(out, dtype=np.float32)
    a = a * 0.92 + 10  # a scanner never gives pure black/white
    a = a + rnd.normal(0, noise, a.shape)
    spots = rnd.random(a.shape) < speckle
    a[spots] = rnd.uniform(0, 120, spots.sum())
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    if quarter:
        out = out.rotate(90 * quarter, expand=True)
    out.info["dpi"] = img.info.get("dpi", (200, 200))
    return out


def phone_photo(img: Image.Image, seed: int = 0, skew: float = 0.06, shadow: float = 0.45) -> Image.Image:
    """A phone photo of the page: perspective (keystone), uneven lighting, blur-ish noise, RGB."""
    rnd = np.random.default_rng(seed)
    w, h = img.size
    dx, dy = skew * w, skew * h * 0.5
    # Quad of the source that maps onto the output rectangle (keystone: top narrower).
    quad = (-dx, -dy * 0.3, -dx * 0.2, h + dy * 0.2, w + dx * 0.2, h + dy * 0.4, w + dx, -dy * 0.1)
    out = img.transform((w, h), Image.QUAD, quad, resample=Image.BICUBIC, fillcolor=200)
    a = np.asarray(out, dtype=np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 1.0 - shadow * (xx / w) * (0.6 + 0.4 * yy / h)  # darker towards one corner
    a = a * light + rnd.normal(0, 6, a.shape)
    g = np.clip(a, 0, 255).astype(np.uint8)
    rgb = np.stack(
        [g, np.clip(g * 0.97, 0, 255).astype(np.uint8), np.clip(g * 0.9, 0, 255).astype(np.uint8)], -1
    )
    photo = Image.fromarray(rgb, "RGB")
    photo.info["dpi"] = (72, 72)  # phones write 72 dpi whatever the distance
    return photo


def render_pdf_page(pdf: bytes, index: int, dpi: int) -> Image.Image:
    """Page `index` (0-based) of a PDF as a grayscale image, the way a scanner would see it."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    img = doc[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    doc.close()
    img.info["dpi"] = (dpi, dpi)
    return img


def scan_pdf(pdf: bytes, scans: dict[int, dict], dpi: int = 200) -> bytes:
    """The PDF with the pages in `scans` (0-based index → `degrade` arguments) replaced by
    degraded scans of themselves: image-only pages, no text layer. Other pages stay born-digital."""
    import io

    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(pdf)
    out = pdfium.PdfDocument.new()
    for i in range(len(src)):
        if i not in scans:
            out.import_pages(src, [i])
            continue
        img = degrade(render_pdf_page(pdf, i, dpi), **scans[i])
        buf = io.BytesIO()
        img.save(buf, format="PDF", resolution=dpi)
        page_pdf = pdfium.PdfDocument(buf.getvalue())
        out.import_pages(page_pdf, [0])
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()
