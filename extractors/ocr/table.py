"""Table reconstruction on a scanned page: ruled grid → (merged) cells → OCR words placed by
their box centre → cell text and confidence → `OcrChunk`; borderless tables by column
clustering of word boxes. `extractors.ocr.tables` turns chunks into `models.Table`s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from extractors.ocr.confidence import OCR_CONFIDENCE_THRESHOLD
from extractors.ocr.engine import OcrWord
from extractors.ocr.postprocess import is_suspect, normalise_cell_text
from extractors.ocr.rules import Grid, separator_present
from extractors.ocr.text import group_lines, is_noise, words_to_text
from models import BBox

# Share of a cell's inner area covered by ink above which an empty OCR result is suspicious:
# something is written there that the engine did not read (confidence 0, never silently "").
EMPTY_CELL_INK = 0.01
# Confidence given to a cell holding a typically substituted character (postprocess.SUSPECT_CHARS).
SUSPECT_CONFIDENCE = OCR_CONFIDENCE_THRESHOLD - 1


@dataclass
class Region:
    """A cell of the grid after merging: rows r0..r1 and columns c0..c1 (inclusive)."""

    r0: int
    r1: int
    c0: int
    c1: int
    bbox: tuple[float, float, float, float] = (0, 0, 0, 0)
    words: list[OcrWord] = field(default_factory=list)
    text: str = ""
    raw: str = ""
    conf: float | None = None


def merge_regions(grid: Grid, hmask: np.ndarray, vmask: np.ndarray) -> list[Region]:
    """Union grid cells whose separating rule is not drawn (merged header / data cells)."""
    R, C = grid.n_rows, grid.n_cols
    parent = {(r, c): (r, c) for r in range(R) for c in range(C)}

    def find(k: tuple[int, int]) -> tuple[int, int]:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for r in range(R):
        for c in range(C):
            if c + 1 < C:
                y0 = grid.corner(r, c + 1)[1]
                y1 = grid.corner(r + 1, c + 1)[1]
                if not separator_present(vmask, grid.vs[c + 1], y0, y1):
                    parent[find((r, c + 1))] = find((r, c))
            if r + 1 < R:
                x0 = grid.corner(r + 1, c)[0]
                x1 = grid.corner(r + 1, c + 1)[0]
                if not separator_present(hmask, grid.hs[r + 1], x0, x1):
                    parent[find((r + 1, c))] = find((r, c))
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for k in parent:
        groups.setdefault(find(k), []).append(k)
    regions = []
    for cells in groups.values():
        r0, r1 = min(r for r, _ in cells), max(r for r, _ in cells)
        c0, c1 = min(c for _, c in cells), max(c for _, c in cells)
        xs = [grid.corner(r, c)[0] for r in (r0, r1 + 1) for c in (c0, c1 + 1)]
        ys = [grid.corner(r, c)[1] for r in (r0, r1 + 1) for c in (c0, c1 + 1)]
        regions.append(Region(r0, r1, c0, c1, (min(xs), min(ys), max(xs), max(ys))))
    return sorted(regions, key=lambda g: (g.r0, g.c0))


def place_words(grid: Grid, regions: list[Region], words: list[OcrWord]) -> list[OcrWord]:
    """Put each word in the region containing its centre; return the words outside the grid."""
    by_cell = {(r, c): g for g in regions for r in range(g.r0, g.r1 + 1) for c in range(g.c0, g.c1 + 1)}
    outside = []
    for w in words:
        loc = grid.locate(w.cx, w.cy)
        if loc is None:
            outside.append(w)
        else:
            by_cell[loc].words.append(w)
    return outside


def read_regions(regions: list[Region], binary: np.ndarray, rule_mask: np.ndarray) -> None:
    """Cell text (tokens joined, domain-normalised) and confidence (lowest word confidence;
    0 when ink is there but nothing was read; None for a blank cell)."""
    h, w = binary.shape
    for g in regions:
        kept = [wd for wd in g.words if not is_noise(wd)]
        g.raw = words_to_text(kept, drop_noise=False)
        g.text = normalise_cell_text(g.raw)
        if kept:
            g.conf = round(min(wd.conf for wd in kept), 1)
            if is_suspect(g.text):
                g.conf = min(g.conf, SUSPECT_CONFIDENCE)
            continue
        x0, y0, x1, y1 = g.bbox
        ix, iy = (x1 - x0) * 0.12, (y1 - y0) * 0.2
        a = (
            slice(max(0, int(y0 + iy)), min(h, int(y1 - iy))),
            slice(max(0, int(x0 + ix)), min(w, int(x1 - ix))),
        )
        inner = binary[a] & ~rule_mask[a]
        g.conf = 0.0 if inner.size and inner.mean() > EMPTY_CELL_INK else None


@dataclass
class OcrChunk:
    """One table as read on one scanned page, in the shape of the born-digital readers' grid
    (extractors.readers.layout): texts with merged text at the top-left slot of its range,
    merged ranges, per-slot boxes (px) and confidences. Header/title/total detection and
    joining across pages are the shared layout code's job, so scans read like born-digital."""

    page: int
    rows: list[list[str]]
    raw: list[list[str]]
    merges: list[tuple[int, int, int, int]]  # r0, c0, r1, c1 (inclusive)
    bboxes: list[list[BBox | None]]
    confidences: list[list[float | None]]
    top: float = 0.0  # y of the table's top edge (px)
    lines_above: list[str] = field(default_factory=list)
    at_page_top: bool = False


def _bbox(b: tuple[float, float, float, float]) -> BBox:
    return BBox(x0=round(b[0], 1), y0=round(b[1], 1), x1=round(b[2], 1), y1=round(b[3], 1), unit="px")


def regions_to_chunk(grid: Grid, regions: list[Region], page_no: int) -> OcrChunk:
    """The grid as rows of slots; a merged region's text sits in its top-left slot, every slot
    it covers gets its box and confidence."""
    R, C = grid.n_rows, grid.n_cols
    rows = [["" for _ in range(C)] for _ in range(R)]
    raw = [["" for _ in range(C)] for _ in range(R)]
    boxes: list[list[BBox | None]] = [[None] * C for _ in range(R)]
    confs: list[list[float | None]] = [[None] * C for _ in range(R)]
    merges = []
    for g in regions:
        rows[g.r0][g.c0] = g.text
        raw[g.r0][g.c0] = g.raw
        box = _bbox(g.bbox)
        for r in range(g.r0, g.r1 + 1):
            for c in range(g.c0, g.c1 + 1):
                boxes[r][c] = box
                confs[r][c] = g.conf
        if g.r1 > g.r0 or g.c1 > g.c0:
            merges.append((g.r0, g.c0, g.r1, g.c1))
    top = min(grid.corner(0, c)[1] for c in (0, C))
    return OcrChunk(page=page_no, rows=rows, raw=raw, merges=merges, bboxes=boxes, confidences=confs, top=top)


# --- borderless tables --------------------------------------------------------------------

# A text line belongs to a borderless table when it splits into at least this many columns.
BORDERLESS_MIN_COLS = 3
BORDERLESS_MIN_ROWS = 3
# Tokens further apart than this many line heights are in different columns.
COLUMN_GAP_HEIGHTS = 0.8


def _segments(line: list[OcrWord]) -> list[list[OcrWord]]:
    h = max(1.0, float(np.median([w.height for w in line])))
    segs: list[list[OcrWord]] = [[line[0]]]
    for w in line[1:]:
        if w.x0 - segs[-1][-1].x1 > COLUMN_GAP_HEIGHTS * h:
            segs.append([w])
        else:
            segs[-1].append(w)
    return segs


def borderless_chunks(words: list[OcrWord], page_no: int) -> list[OcrChunk]:
    """Tables without rules: runs of consecutive lines that split into ≥3 aligned columns; the
    column boundaries are the x-gaps no token of those lines crosses."""
    lines = [ln for ln in group_lines([w for w in words if not is_noise(w)]) if ln]
    lines.sort(key=lambda ln: min(w.y0 for w in ln))
    runs: list[list[list[OcrWord]]] = []
    prev_in_run = False
    for ln in lines:
        wide = len(_segments(ln)) >= BORDERLESS_MIN_COLS
        if wide and prev_in_run:
            runs[-1].append(ln)
        elif wide:
            runs.append([ln])
        prev_in_run = wide
    chunks: list[OcrChunk] = []
    for run in runs:
        if len(run) < BORDERLESS_MIN_ROWS:
            continue
        x_lo = min(w.x0 for ln in run for w in ln)
        x_hi = max(w.x1 for ln in run for w in ln)
        cover = np.zeros(x_hi - x_lo + 1, dtype=bool)
        for ln in run:
            for seg in _segments(ln):
                cover[min(w.x0 for w in seg) - x_lo : max(w.x1 for w in seg) - x_lo + 1] = True
        bounds = [x_lo]
        i = 0
        while i < len(cover):
            if cover[i]:
                i += 1
                continue
            j = i
            while j < len(cover) and not cover[j]:
                j += 1
            bounds.append(x_lo + (i + j) // 2)
            i = j
        bounds.append(x_hi + 1)
        ncol = len(bounds) - 1
        if ncol < BORDERLESS_MIN_COLS:
            continue
        rows, raws, boxes, confs = [], [], [], []
        for ln in run:
            cols: list[list[OcrWord]] = [[] for _ in range(ncol)]
            for w in ln:
                k = max(i for i in range(ncol) if bounds[i] <= w.cx)
                cols[k].append(w)
            y0, y1 = min(w.y0 for w in ln), max(w.y1 for w in ln)
            texts = [words_to_text(cw) for cw in cols]
            raws.append(texts)
            rows.append([normalise_cell_text(t) for t in texts])
            boxes.append([BBox(x0=bounds[k], y0=y0, x1=bounds[k + 1], y1=y1, unit="px") for k in range(ncol)])
            confs.append(
                [
                    (
                        min(round(min(w.conf for w in cw), 1), SUSPECT_CONFIDENCE)
                        if is_suspect(t)
                        else round(min(w.conf for w in cw), 1)
                    )
                    if cw
                    else None
                    for cw, t in zip(cols, texts)
                ]
            )
        top = min(w.y0 for w in run[0])
        chunks.append(
            OcrChunk(page=page_no, rows=rows, raw=raws, merges=[], bboxes=boxes, confidences=confs, top=top)
        )
    return chunks
