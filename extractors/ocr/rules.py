"""Ruling lines of scanned tables: find them on the binary page, fit each as a straight line, and
group crossing lines into grids.

Morphological opening with a long 1-D element keeps only long horizontal (vertical) ink runs:
text strokes are shorter than `min_rule_len(dpi)`. Each line is fitted as `pos = a + b·t` (t is
the coordinate along the line) so slightly tilted lines of a photo still give the right cells.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

# Minimum run of ink that counts as a ruling line: 0.35 inch (a 10.5 pt character is 0.15 inch).
RULE_MIN_INCH = 0.35
# Band a rule is widened to before the opening: tolerates about 4° of tilt over RULE_MIN_INCH.
RULE_TILT_WIDEN_INCH = 0.025
# A line thicker than this is a filled block (a stamp, a photo), not a rule.
RULE_MAX_THICK_INCH = 0.06
# Lines closer than this (double rules, broken pieces of one tilted rule) are one line.
RULE_MERGE_INCH = 0.06
# No row or column of a table is narrower than this: closer lines are one rule seen twice.
MIN_CELL_INCH = 0.1


@dataclass
class RuleLine:
    """A ruling line: horizontal (`pos` is y, `t` runs along x) or vertical (`pos` is x, `t` is y)."""

    horizontal: bool
    a: float
    b: float
    lo: float
    hi: float

    def at(self, t: float) -> float:
        return self.a + self.b * t

    @property
    def mid(self) -> float:
        return self.at((self.lo + self.hi) / 2)


def min_rule_len(dpi: int) -> int:
    return max(20, int(RULE_MIN_INCH * dpi))


def rule_masks(binary: np.ndarray, dpi: int, close: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """(horizontal, vertical) masks of ink that belongs to long straight runs; gaps shorter than
    `close` pixels along a rule are bridged."""
    ink = binary.astype(np.uint8)
    length = min_rule_len(dpi)
    masks = []
    across = max(3, int(RULE_TILT_WIDEN_INCH * dpi) | 1)
    for axis in (1, 0):
        # widen across the line (a rule tilted by a photo's perspective still has a long
        # straight run inside the band) and close 2-px gaps along it (scanner noise breaks
        # thin rules), then open with the long element
        widened = ndimage.maximum_filter1d(ink, across, axis=1 - axis)
        dilated = ndimage.maximum_filter1d(widened, close, axis=axis) if close > 1 else widened
        # closing's erosion and the opening's erosion in one pass (min_c ∘ min_L = min_(L+c-1))
        eroded = ndimage.minimum_filter1d(dilated, length + close - 1, axis=axis)
        opened = ndimage.maximum_filter1d(eroded, length, axis=axis)
        masks.append(opened.astype(bool))
    return masks[0], masks[1]


def _fit(
    mask: np.ndarray, sl: tuple[slice, slice], label: np.ndarray, idx: int, horizontal: bool
) -> RuleLine | None:
    ys, xs = np.nonzero(label[sl] == idx)
    ys = ys + sl[0].start
    xs = xs + sl[1].start
    t, p = (xs, ys) if horizontal else (ys, xs)
    if t.max() - t.min() < 1:
        return None
    if len(t) > 4000:
        step = len(t) // 4000 + 1
        t, p = t[::step], p[::step]
    b, a = np.polyfit(t.astype(np.float64), p.astype(np.float64), 1)
    return RuleLine(horizontal, float(a), float(b), float(t.min()), float(t.max()))


def find_lines(mask: np.ndarray, dpi: int, horizontal: bool) -> list[RuleLine]:
    """Fit every long thin component of `mask`; merge collinear pieces."""
    label, _ = ndimage.label(mask, structure=np.ones((3, 3), dtype=bool))
    lines: list[RuleLine] = []
    max_thick = RULE_MAX_THICK_INCH * dpi
    for idx, sl in enumerate(ndimage.find_objects(label), start=1):
        if sl is None:
            continue
        along = (sl[1].stop - sl[1].start) if horizontal else (sl[0].stop - sl[0].start)
        across = (sl[0].stop - sl[0].start) if horizontal else (sl[1].stop - sl[1].start)
        if along < min_rule_len(dpi) or across > max_thick + along * 0.05:
            continue
        line = _fit(mask, sl, label, idx, horizontal)
        if line is not None:
            lines.append(line)
    return merge_collinear(lines, RULE_MERGE_INCH * dpi)


def merge_collinear(lines: list[RuleLine], tol: float) -> list[RuleLine]:
    """Join pieces of one rule (same position where they meet, gap along the line allowed)."""
    lines = sorted(lines, key=lambda ln: ln.mid)
    merged: list[RuleLine] = []
    for ln in lines:
        for m in merged:
            t = (max(m.lo, ln.lo) + min(m.hi, ln.hi)) / 2
            if abs(m.at(t) - ln.at(t)) <= tol:
                # keep the longer piece's fit, widen the extent
                if ln.hi - ln.lo > m.hi - m.lo:
                    m.a, m.b = ln.a, ln.b
                m.lo, m.hi = min(m.lo, ln.lo), max(m.hi, ln.hi)
                break
        else:
            merged.append(RuleLine(ln.horizontal, ln.a, ln.b, ln.lo, ln.hi))
    return merged


def find_rules(binary: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray, list[Grid]]:
    """Rule masks (full resolution) and the grids they form. The search runs on a half-size
    image (each pixel the OR of a 2×2 block, so 1-px rules survive): a quarter of the pixels
    to filter and label, lines fitted there and scaled back."""
    h, w = binary.shape
    hh, ww = h // 2 * 2, w // 2 * 2
    b = binary[:hh, :ww]
    half = b[0::2, 0::2] | b[1::2, 0::2] | b[0::2, 1::2] | b[1::2, 1::2]
    hdpi = max(1, dpi // 2)
    # no gap closing at half size: the OR-pooling already bridges 1-px breaks, and closing
    # there joined the strokes of neighbouring characters into false rules
    hmask_half, vmask_half = rule_masks(half, hdpi, close=1)
    hs = [_scaled(ln) for ln in find_lines(hmask_half, hdpi, True)]
    vs = [_scaled(ln) for ln in find_lines(vmask_half, hdpi, False)]
    hmask, vmask = (np.zeros((h, w), dtype=bool) for _ in range(2))
    hmask[:hh, :ww] = hmask_half.repeat(2, axis=0).repeat(2, axis=1)
    vmask[:hh, :ww] = vmask_half.repeat(2, axis=0).repeat(2, axis=1)
    return hmask, vmask, find_grids(hs, vs, dpi)


def _scaled(ln: RuleLine) -> RuleLine:
    """A line fitted on the half-size image, in full-size pixels (pixel centres: p → 2p + 0.5)."""
    return RuleLine(ln.horizontal, 2 * ln.a + 0.5 - 0.5 * ln.b, ln.b, 2 * ln.lo, 2 * ln.hi + 1)


def intersection(h: RuleLine, v: RuleLine) -> tuple[float, float]:
    """Crossing point (x, y) of a horizontal and a vertical line."""
    # y = ha + hb x ; x = va + vb y  →  x = va + vb (ha + hb x)
    x = (v.a + v.b * h.a) / (1 - v.b * h.b)
    return x, h.at(x)


def crosses(h: RuleLine, v: RuleLine, tol: float) -> bool:
    x, y = intersection(h, v)
    return h.lo - tol <= x <= h.hi + tol and v.lo - tol <= y <= v.hi + tol


@dataclass
class Grid:
    """The lines of one ruled table, sorted top→bottom and left→right."""

    hs: list[RuleLine]
    vs: list[RuleLine]

    @property
    def n_rows(self) -> int:
        return len(self.hs) - 1

    @property
    def n_cols(self) -> int:
        return len(self.vs) - 1

    def corner(self, r: int, c: int) -> tuple[float, float]:
        return intersection(self.hs[r], self.vs[c])

    def locate(self, x: float, y: float) -> tuple[int, int] | None:
        """Grid cell (row, col) containing the point, or None outside the grid."""
        row = col = None
        for r in range(self.n_rows):
            if self.hs[r].at(x) <= y < self.hs[r + 1].at(x):
                row = r
                break
        for c in range(self.n_cols):
            if self.vs[c].at(y) <= x < self.vs[c + 1].at(y):
                col = c
                break
        return None if row is None or col is None else (row, col)


def find_grids(hs: list[RuleLine], vs: list[RuleLine], dpi: int) -> list[Grid]:
    """Group crossing lines into tables (connected components of the crossing graph)."""
    tol = 0.05 * dpi
    n_h = len(hs)
    parent = list(range(n_h + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if crosses(h, v, tol):
                parent[find(i)] = find(n_h + j)
    groups: dict[int, tuple[list[RuleLine], list[RuleLine]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(n_h + j), ([], []))[1].append(v)
    grids = []
    for g_hs, g_vs in groups.values():
        g_hs, g_vs = _thin(g_hs, MIN_CELL_INCH * dpi), _thin(g_vs, MIN_CELL_INCH * dpi)
        if len(g_hs) >= 2 and len(g_vs) >= 2:
            grids.append(Grid(g_hs, g_vs))
    return sorted(grids, key=lambda g: g.hs[0].mid)


def _thin(lines: list[RuleLine], min_gap: float) -> list[RuleLine]:
    """Sorted lines, of two closer than `min_gap` only the longer one."""
    out: list[RuleLine] = []
    for ln in sorted(lines, key=lambda ln: ln.mid):
        if out and ln.mid - out[-1].mid < min_gap:
            if ln.hi - ln.lo > out[-1].hi - out[-1].lo:
                out[-1] = ln
            continue
        out.append(ln)
    return out


def separator_present(mask: np.ndarray, line: RuleLine, t0: float, t1: float) -> bool:
    """Whether `line` is actually drawn between t0 and t1 (merged cells lack the separator)."""
    span = t1 - t0
    if span <= 4:
        return True
    ts = np.linspace(t0 + 0.2 * span, t1 - 0.2 * span, 12)
    h, w = mask.shape
    hits = 0
    for t in ts:
        p = line.at(t)
        if line.horizontal:
            x, y = round(t), round(p)
            win = mask[max(0, y - 3) : y + 4, min(max(x, 0), w - 1)]
        else:
            x, y = round(p), round(t)
            win = mask[min(max(y, 0), h - 1), max(0, x - 3) : x + 4]
        hits += bool(win.any())
    return hits >= len(ts) * 0.5
