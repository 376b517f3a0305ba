"""Table assembly shared by the text-layer PDF reader and the OCR path: a table as found on one
page (`TableChunk`), page marks, and the join of tables continued on the next page into one
`models.Table` (through extractors.readers.layout's regions, headers and 合计 rows).

    chunks of page 1, page 2, …  →  runs of continued chunks  →  one Grid per run  →  Tables
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.readers.layout import (
    HEADER_MIN_SCORE,
    Grid,
    HeaderScorer,
    Merge,
    default_header_score,
    find_regions,
    region_to_table,
)
from models import BBox, Engine, EvidenceRef, Table

# How far above a table (points) we look for its title line(s), and how many lines we keep.
TITLE_LOOKBACK_PT = 80.0
TITLE_MAX_LINES = 3

PAGE_MARK = re.compile(r"^(第\s*\d+\s*页.*|-\s*\d+\s*-|\d+\s*/\s*\d+|\d+|page\s*\d+.*)$", re.IGNORECASE)


def is_page_mark(line: str) -> bool:
    """A page number line (第 3 页, - 3 -, 3/12, page 3)."""
    return PAGE_MARK.match(line) is not None


@dataclass
class TableChunk:
    """One table as found on one page, before continued tables are joined."""

    page: int
    rows: list[list[str]]
    raw: list[list[str]]
    merges: list[Merge]
    bboxes: list[list[BBox | None]]
    lines_above: list[str] = field(default_factory=list)  # text lines just above the table
    at_page_top: bool = False  # nothing but a page mark above it
    top_lines: list[str] = field(default_factory=list)  # every text line between page top and table


def continues(
    prev: TableChunk,
    prev_header: list[list[str]],
    nxt: TableChunk,
    scorer: HeaderScorer | None,
    running: frozenset[str] = frozenset(),
) -> bool:
    """A table at the top of the next page with the same columns continues the previous one when
    it repeats the header or starts with data (not a header of its own)."""
    if nxt.page != prev.page + 1 or len(nxt.rows[0]) != len(prev.rows[0]):
        return False
    first = next((r for r in nxt.rows if any(r)), [])
    if any([x for x in first if x] == [x for x in h if x] for h in prev_header):
        return True
    if not (nxt.at_page_top or (running and all(is_page_mark(ln) or ln in running for ln in nxt.top_lines))):
        return False
    score = scorer or default_header_score
    has_values = any(re.fullmatch(r"[\d.,\-/:年月日 ]+", c) for c in first if c)
    # A header of its own scores about as well as the previous table's header did.
    looks_like_header = not has_values and score(first) >= max(HEADER_MIN_SCORE, 0.8 * score(prev_header[-1]))
    return not looks_like_header


def build_tables(
    chunks_by_page: list[list[TableChunk]], file: str, scorer: HeaderScorer | None, max_rows: int | None
) -> list[Table]:
    runs: list[list[TableChunk]] = []
    running = running_lines(chunks_by_page)
    for page_chunks in chunks_by_page:
        for k, chunk in enumerate(page_chunks):
            if k == 0 and runs and runs[-1][-1].page == chunk.page - 1 and is_last_on_page(runs[-1][-1], chunks_by_page):
                header = header_rows(runs[-1][0], scorer)
                if header and continues(runs[-1][-1], header, chunk, scorer, running):
                    runs[-1].append(chunk)
                    continue
            runs.append([chunk])
    tables: list[Table] = []
    for run in runs:
        grid = join(run)
        base = EvidenceRef(file=file, engine=Engine.PDF_TEXT, page=run[0].page)
        for region in find_regions(grid, scorer):
            table = region_to_table(grid, region, base, len(tables), max_rows)
            above = "\n".join(run[0].lines_above[-TITLE_MAX_LINES:])
            table.title = "\n".join(t for t in (above, table.title) if t) or None
            tables.append(table)
    return tables


def running_lines(chunks_by_page: list[list[TableChunk]]) -> frozenset[str]:
    """Lines above the first table of two or more pages: a running page header (企业名称 …)."""
    seen: dict[str, int] = {}
    for page_chunks in chunks_by_page:
        if page_chunks:
            for line in set(page_chunks[0].top_lines):
                seen[line] = seen.get(line, 0) + 1
    return frozenset(line for line, n in seen.items() if n >= 2)


def is_last_on_page(chunk: TableChunk, chunks_by_page: list[list[TableChunk]]) -> bool:
    page_chunks = chunks_by_page[chunk.page - 1]
    return bool(page_chunks) and page_chunks[-1] is chunk


def header_rows(chunk: TableChunk, scorer: HeaderScorer | None) -> list[list[str]]:
    grid = Grid(rows=chunk.rows, merges=chunk.merges)
    regions = find_regions(grid, scorer)
    return [chunk.rows[r] for r in regions[0].info.header_rows] if regions else []


def join(run: list[TableChunk]) -> Grid:
    rows: list[list[str]] = []
    raws: list[list[str]] = []
    boxes: list[list[BBox | None]] = []
    pages: list[int | None] = []
    merges: list[Merge] = []
    for chunk in run:
        offset = len(rows)
        rows.extend(chunk.rows)
        raws.extend(chunk.raw)
        boxes.extend(chunk.bboxes)
        pages.extend([chunk.page] * len(chunk.rows))
        merges.extend(Merge(m.r0 + offset, m.c0, m.r1 + offset, m.c1) for m in chunk.merges)
    return Grid(rows=rows, raw=raws, merges=merges, row_numbers=None, pages=pages, bboxes=boxes)
