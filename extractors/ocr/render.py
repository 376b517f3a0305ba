"""The page image kept for the report and the review UI: the normalised page with the boxes of
the extracted cells drawn on it (green: confident, red: below the confidence threshold)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw

from extractors.ocr.confidence import OCR_CONFIDENCE_THRESHOLD
from extractors.ocr.table import OcrChunk

OK_COLOUR = (0, 160, 60)
LOW_COLOUR = (220, 30, 30)
# PNG compression level: 1 keeps a noisy 200 dpi page at a fraction of a second (level 6 took
# seconds, FIELD-NOTES) for files ~20% larger.
PNG_COMPRESS_LEVEL = 1
# The page is stored as a palette image: 64 grey levels (plenty for reading a scan) plus the box
# colours, one byte a pixel — a third of the RGB encoding time.
GREY_LEVELS = 64
_OK, _LOW = GREY_LEVELS, GREY_LEVELS + 1
PAPER_WHITE = 224


def _palette_page(image: Image.Image) -> Image.Image:
    arr = np.asarray(image.convert("L"))
    # paper noise whitened: a third of the file size, nothing a reviewer reads is lost
    grey = np.where(arr >= PAPER_WHITE, 255, arr) // (256 // GREY_LEVELS)
    pal = Image.fromarray(grey.astype(np.uint8), "P")
    levels = [round(i * 255 / (GREY_LEVELS - 1)) for i in range(GREY_LEVELS)]
    palette = [v for lv in levels for v in (lv, lv, lv)] + list(OK_COLOUR) + list(LOW_COLOUR)
    pal.putpalette(palette + [0] * (768 - len(palette)))
    return pal


def page_png(
    image: Image.Image, chunks: list[OcrChunk], threshold: float = OCR_CONFIDENCE_THRESHOLD
) -> bytes:
    """PNG bytes of the page image with every table cell's box (coordinates: page pixels)."""
    canvas = _palette_page(image)
    draw = ImageDraw.Draw(canvas)
    for ch in chunks:
        seen: set[tuple[float, float, float, float]] = set()
        for box_row, conf_row in zip(ch.bboxes, ch.confidences):
            for b, conf in zip(box_row, conf_row):
                if b is None or (b.x0, b.y0, b.x1, b.y1) in seen:
                    continue
                seen.add((b.x0, b.y0, b.x1, b.y1))
                low = conf is not None and conf < threshold
                draw.rectangle(
                    [b.x0 + 2, b.y0 + 2, b.x1 - 2, b.y1 - 2], outline=_LOW if low else _OK, width=2
                )
    buf = io.BytesIO()
    canvas.save(buf, format="PNG", compress_level=PNG_COMPRESS_LEVEL, dpi=image.info.get("dpi", (200, 200)))
    return buf.getvalue()
