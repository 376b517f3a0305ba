"""A second look at the cells the page pass read poorly.

Read as part of a whole table, Tesseract drops lone characters (a quantity 四, a 序号 7) and
misreads short cells; cut out and stacked one above the other (--psm 4), the same pixels read
correctly far more often. Only cells below the confidence bar are looked at again, all in one
engine call per page. A new reading replaces the old one only when it is more confident; when
the page pass had read something else, the cell stays below the bar (flagged for review).
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import ndimage

from extractors.ocr.confidence import OCR_CONFIDENCE_THRESHOLD
from extractors.ocr.engine import OcrEngine, OcrWord
from extractors.ocr.postprocess import is_suspect, normalise_cell_text
from extractors.ocr.table import Region
from extractors.ocr.text import is_noise, words_to_text

# Policy: at most this many cells per page get a second look (bounds the extra cost).
MAX_CELLS = 80
# Pixels (at 200 dpi) around each cut-out and between two of them.
MARGIN = 8
GAP = 30
INSET = 3  # stay clear of the erased rule's halo
INK_MIN = 2  # ink pixels for a row/column of a cell to count as written


def _ink_box(ink: np.ndarray, g: Region) -> tuple[int, int, int, int] | None:
    h, w = ink.shape
    x0, y0 = max(0, int(g.bbox[0]) + INSET), max(0, int(g.bbox[1]) + INSET)
    x1, y1 = min(w, int(g.bbox[2]) - INSET), min(h, int(g.bbox[3]) - INSET)
    sub = ink[y0:y1, x0:x1]
    if sub.size == 0:
        return None
    rows = np.nonzero(sub.sum(axis=1) >= INK_MIN)[0]
    cols = np.nonzero(sub.sum(axis=0) >= INK_MIN)[0]
    if len(rows) == 0 or len(cols) == 0:
        return None
    return x0 + int(cols[0]), y0 + int(rows[0]), x0 + int(cols[-1]) + 1, y0 + int(rows[-1]) + 1


def second_look(
    regions: list[Region],
    page: np.ndarray,
    ink: np.ndarray,
    engine: OcrEngine,
    dpi: int,
    threshold: float = OCR_CONFIDENCE_THRESHOLD,
) -> int:
    """Re-read the regions below `threshold` (rules already erased from `page`); update text,
    raw text, words and confidence where the new reading is more confident. Returns how many
    regions changed."""
    scale = dpi / 200
    margin, gap = int(MARGIN * scale), int(GAP * scale)
    low = sorted((g for g in regions if g.conf is not None and g.conf < threshold), key=lambda g: g.conf or 0)
    targets = sorted(low[:MAX_CELLS], key=lambda g: (g.bbox[1], g.bbox[0]))  # page order reads best
    cuts: list[tuple[Region, tuple[int, int, int, int]]] = []
    for g in targets:
        box = _ink_box(ink, g)
        if box is not None:
            h, w = page.shape
            x0, y0, x1, y1 = box
            cuts.append(
                (g, (max(0, x0 - margin), max(0, y0 - margin), min(w, x1 + margin), min(h, y1 + margin)))
            )
    if not cuts:
        return 0
    width = max(b[2] - b[0] for _, b in cuts) + 2 * gap
    height = sum(b[3] - b[1] + gap for _, b in cuts) + gap
    canvas = np.full((height, width), 255, dtype=np.uint8)
    slots: list[tuple[int, int, Region, tuple[int, int, int, int]]] = []  # (top, bottom, region, box)
    y = gap
    for g, (x0, y0, x1, y1) in cuts:
        # strokes only: a shaded header cell's grey box made Tesseract skip the lines near it
        strokes = ndimage.binary_dilation(ink[y0:y1, x0:x1], iterations=1)
        canvas[y : y + (y1 - y0), gap : gap + (x1 - x0)] = np.where(strokes, page[y0:y1, x0:x1], 255)
        slots.append((y, y + (y1 - y0), g, (x0, y0, x1, y1)))
        y += (y1 - y0) + gap
    words = engine.to_words(engine.run(Image.fromarray(canvas, "L"), dpi, layout="column"))
    found: dict[int, list[OcrWord]] = {}
    for w in words:
        for k, (top, bottom, _, _) in enumerate(slots):
            if top - gap / 2 <= w.cy < bottom + gap / 2:
                found.setdefault(k, []).append(w)
                break
    changed = 0
    for k, (top, _, g, (x0, y0, _, _)) in enumerate(slots):
        new = [w for w in found.get(k, []) if not is_noise(w)]
        if not new:
            continue
        conf = round(min(w.conf for w in new), 1)
        if g.conf is not None and conf <= g.conf:
            continue
        dx, dy = x0 - gap, y0 - top  # back to page pixels
        moved = [
            OcrWord(w.text, w.x0 + dx, w.y0 + dy, w.x1 + dx, w.y1 + dy, w.conf, w.line, w.block) for w in new
        ]
        raw = words_to_text(moved, drop_noise=False)
        text = normalise_cell_text(raw)
        if is_suspect(text):
            conf = min(conf, round(threshold - 1, 1))
        if g.text and text != g.text:
            # two readings disagree: take the more confident one, but it stays below the bar
            # (a reviewer checks it) — a second guess must not turn a doubt into a silent value
            conf = min(conf, round(threshold - 1, 1))
        g.words, g.raw, g.text, g.conf = moved, raw, text, conf
        changed += 1
    return changed
