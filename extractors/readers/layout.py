"""Table layout shared by every reader: title rows, header rows (merged, multi-row), data rows,
合计 rows, footers — from a grid of cell texts, whatever file it came from.

A reader turns its source into a `Grid` (texts, merged ranges, and per-row/per-cell provenance),
then `grid_to_tables` finds the table regions and builds `models.Table`s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from extractors.normalize import parse_number
from models import BBox, Cell, EvidenceRef, Table, TableRow

HeaderScorer = Callable[[list[str]], float]

# Policy: how far down a sheet the header may be (title rows, 填报单位 lines … above it).
HEADER_SEARCH_ROWS = 15
# A row is header-like when at least this share of its non-empty cells look like labels.
HEADER_MIN_SCORE = 0.6
# A candidate header must fill at least this share of the columns the next rows fill.
HEADER_MIN_WIDTH_SHARE = 0.5
# A header spans at most this many rows (group labels over sub-headers).
MAX_HEADER_ROWS = 3
# Longest text still taken for a column label.
HEADER_MAX_LABEL_CHARS = 24
# Blank rows that may separate two tables on one sheet.
TABLE_GAP_ROWS = 2
# Separator of a flattened multi-row header: "设备信息/设备名称".
HEADER_LEVEL_SEP = "/"

_TOTAL = re.compile(r"^(本页|本表|全部)?(合计|总计|小计|共计|总数|累计)")
_LABEL_VALUE = re.compile(r"^[^:]{1,12}:\s*\S")
_FOOTER_START = re.compile(r"^(注|备注|说明|附注)\s*[:：0-9０-９1一、.]")


@dataclass(frozen=True)
class Merge:
    """A merged range, 0-based inclusive grid indices."""

    r0: int
    c0: int
    r1: int
    c1: int


@dataclass
class Grid:
    """Cell texts of one sheet / CSV / PDF or docx table, with provenance.

    `row_numbers[i]` is the source row number for EvidenceRef.row (sheet row, CSV line); None
    means "number rows as a table: header 0, data rows 1, 2, …" (PDF, docx). `pages[i]` is the
    page of row i (PDF); `bboxes[i][j]` the box of a cell (PDF)."""

    rows: list[list[str]]
    raw: list[list[str]] | None = None
    merges: list[Merge] = field(default_factory=list)
    row_numbers: list[int] | None = None
    pages: list[int | None] | None = None
    bboxes: list[list[BBox | None]] | None = None


@dataclass
class HeaderInfo:
    title_rows: list[int]
    header_rows: list[int]
    header: list[str]
    header_grid: list[list[str]]  # expanded header rows (only kept when more than one)


def default_header_score(cells: list[str]) -> float:
    """Share of the non-empty cells that look like column labels: short, not a number, not a
    date, not a `label：value` line. 0 for rows with fewer than two non-empty cells."""
    nonempty = [c for c in cells if c]
    if len(nonempty) < 2:
        return 0.0
    good = 0
    for c in nonempty:
        if len(c) > HEADER_MAX_LABEL_CHARS or _is_value(c) or _LABEL_VALUE.match(c):
            continue
        good += 1
    return good / len(nonempty)


_NUMERIC_DATE = re.compile(r"^\d{4}[-/.]\d{1,2}([-/.]\d{1,2})?([ T]\d{1,2}:\d{2}(:\d{2})?)?$|^\d{8}$")


def _is_value(text: str) -> bool:
    """A number or a numeric date: data, not a label. Dates written with 年/月 ("2025年1月")
    are column labels of monthly tables as often as values, so they do not count here."""
    return parse_number(text) is not None or bool(_NUMERIC_DATE.match(text))


def is_total_row(cells: list[str]) -> bool:
    """合计 / 总计 / 小计 in one of the first three non-empty cells."""
    firsts = [c for c in cells if c][:3]
    return any(_TOTAL.match(c.replace(" ", "")) for c in firsts)


def is_column_number_row(cells: list[str]) -> bool:
    """The row of column numbers some forms print under the header: 1 2 3 … or (1) (2) (3) …,
    甲 乙 丙 … — layout, not data."""
    nonempty = [c.strip("()（） ") for c in cells if c]
    if len(nonempty) < 3:
        return False
    if all(c.isdigit() for c in nonempty):
        nums = [int(c) for c in nonempty]
        return nums == list(range(nums[0], nums[0] + len(nums))) and nums[0] in (0, 1)
    return all(c in "甲乙丙丁戊己庚辛壬癸" and len(c) == 1 for c in nonempty[:3])


def is_footer_row(cells: list[str]) -> bool:
    """注：…, 填表人：张三 / 审核人：李四, （盖章）: notes below a table, not data."""
    nonempty = [c for c in cells if c]
    if not nonempty:
        return False
    if len(nonempty) == 1 and (_FOOTER_START.match(nonempty[0]) or "盖章" in nonempty[0]):
        return True
    return all(_LABEL_VALUE.match(c) or "盖章" in c for c in nonempty)


def _width(cells: list[str]) -> int:
    return sum(1 for c in cells if c)


# ---------------------------------------------------------------------------------------------
# Header detection


def find_header(
    rows: list[list[str]], merges: list[Merge], scorer: HeaderScorer | None = None, start: int = 0
) -> HeaderInfo | None:
    """The header of the table starting at or after `start`: the first row with ≥ 2 non-empty
    cells that scores as header-like and is about as wide as the rows below it. Non-empty rows
    above it are title rows. None when no header is found within HEADER_SEARCH_ROWS rows."""
    score = scorer or default_header_score
    titles: list[int] = []
    end = min(len(rows), start + HEADER_SEARCH_ROWS)
    for i in range(start, end):
        cells = rows[i]
        w = _width(cells)
        if w == 0:
            continue
        if w >= 2 and score(cells) >= HEADER_MIN_SCORE and not is_footer_row(cells):
            below = [_width(r) for r in rows[i + 1 : i + 6]]
            if not below or w >= HEADER_MIN_WIDTH_SHARE * max(below + [w]) or w >= 4:
                header_rows = _extend_header(rows, merges, i, score)
                grid = _expand_header(rows, merges, header_rows)
                return HeaderInfo(titles, header_rows, flatten_header(grid), grid if len(grid) > 1 else [])
        titles.append(i)
    return _fallback_header(rows, merges, start, end)


def _fallback_header(rows: list[list[str]], merges: list[Merge], start: int, end: int) -> HeaderInfo | None:
    """No row looks like labels (a table of figures): take the first row with ≥ 2 non-empty
    cells that is not a footer, so the table is not lost."""
    titles: list[int] = []
    for i in range(start, end):
        cells = rows[i]
        if _width(cells) == 0:
            continue
        if _width(cells) >= 2 and not is_footer_row(cells):
            grid = _expand_header(rows, merges, [i])
            return HeaderInfo(titles, [i], flatten_header(grid), [])
        titles.append(i)
    return None


def _extend_header(rows: list[list[str]], merges: list[Merge], h: int, score: HeaderScorer) -> list[int]:
    """The header rows starting at h: more rows join while a merged cell of the rows above spans
    into them (a group label over sub-headers) and they look like labels."""
    header = [h]
    while len(header) < MAX_HEADER_ROWS and header[-1] + 1 < len(rows):
        nxt = header[-1] + 1
        below = rows[nxt]
        if _width(below) == 0 or any(_is_value(c) for c in below if c):
            break
        spans_down = any(m.r0 in header and m.r1 >= nxt for m in merges)
        group_above = any(
            m.r0 == header[-1] and m.r1 == header[-1] and m.c1 > m.c0
            and any(below[c] for c in range(m.c0, min(m.c1 + 1, len(below))))
            for m in merges
        )
        if not merges:  # CSV: a group label leaves the cells right of it empty
            above = rows[header[-1]]
            gaps_filled = any(not above[c] and below[c] for c in range(min(len(above), len(below))))
            under_empty = any(above[c] and not below[c] for c in range(min(len(above), len(below))))
            # a group row (序号 设备基本信息 … 数据采集) over a full header that names the fields better
            names_better = _width(below) > _width(above) and score(below) > score(above)
            group_above = gaps_filled and (under_empty or names_better) and score(below) >= 0.8
        if not (spans_down or group_above) or score(below) < HEADER_MIN_SCORE and _width(below) >= 2:
            break
        header.append(nxt)
    return header


def _expand_header(rows: list[list[str]], merges: list[Merge], header_rows: list[int]) -> list[list[str]]:
    ncols = max(len(rows[r]) for r in header_rows)
    grid = [list(rows[r]) + [""] * (ncols - len(rows[r])) for r in header_rows]
    first = header_rows[0]
    for m in merges:
        if m.r0 < first or m.r0 > header_rows[-1]:
            continue  # a merge from above (a title block) is not part of the header
        text = rows[m.r0][m.c0] if m.c0 < len(rows[m.r0]) else ""
        for r in range(m.r0, min(m.r1, header_rows[-1]) + 1):
            for c in range(m.c0, min(m.c1 + 1, ncols)):
                grid[r - first][c] = text
    if not merges and len(grid) > 1:  # CSV group labels: carry right over the empty cells
        for level in grid[:-1]:
            for c in range(1, ncols):
                if not level[c] and level[c - 1] and grid[-1][c]:
                    level[c] = level[c - 1]
    return grid


def flatten_header(grid: list[list[str]]) -> list[str]:
    """One label per column: the levels joined by "/" (设备信息/设备名称), a level repeated by a
    vertical merge (序号 over two rows) once."""
    out = []
    for c in range(len(grid[0]) if grid else 0):
        parts: list[str] = []
        for level in grid:
            t = level[c]
            if t and (not parts or parts[-1] != t):
                parts.append(t)
        out.append(HEADER_LEVEL_SEP.join(parts))
    return out


# ---------------------------------------------------------------------------------------------
# Regions and tables


@dataclass
class Region:
    """One table found in a grid: title rows, header, data row indices (grid indices)."""

    info: HeaderInfo
    data: list[int]
    totals: set[int]
    ncols: int


def find_regions(grid: Grid, scorer: HeaderScorer | None = None) -> list[Region]:
    """Table regions of a grid, top to bottom. A new region starts after TABLE_GAP_ROWS blank
    rows when what follows is a title or a different header."""
    rows = grid.rows
    regions: list[Region] = []
    start = 0
    while start < len(rows):
        info = find_header(rows, grid.merges, scorer, start)
        if info is None:
            break
        header_raw = [rows[r] for r in info.header_rows]
        data, totals = [], set()
        i = info.header_rows[-1] + 1
        blanks = 0
        next_start = len(rows)
        while i < len(rows):
            cells = rows[i]
            if _width(cells) == 0:
                blanks += 1
                i += 1
                continue
            if blanks >= TABLE_GAP_ROWS and _starts_new_table(cells, header_raw, scorer):
                next_start = i
                break
            blanks = 0
            total = is_total_row(cells)
            if (
                any(_same_row(cells, h) for h in header_raw)
                or (is_footer_row(cells) and not total)
                or (not data and is_column_number_row(cells))
            ):
                i += 1
                continue
            data.append(i)
            if total:
                totals.add(i)
            i += 1
        ncols = _ncols(rows, info, data)
        regions.append(Region(info, data, totals, ncols))
        start = next_start
    return regions


def _starts_new_table(cells: list[str], header_raw: list[list[str]], scorer: HeaderScorer | None) -> bool:
    if any(_same_row(cells, h) for h in header_raw):
        return False
    if _width(cells) == 1:
        return True  # a title line
    score = (scorer or default_header_score)(cells)
    return score >= 0.9 and not any(_is_value(c) for c in cells if c)


def _same_row(a: list[str], b: list[str]) -> bool:
    return [x for x in a if x] == [x for x in b if x] and _width(a) >= 2


def _ncols(rows: list[list[str]], info: HeaderInfo, data: list[int]) -> int:
    n = 0
    for r in [*info.header_rows, *data]:
        cells = rows[r]
        last = max((j for j, c in enumerate(cells) if c), default=-1)
        n = max(n, last + 1)
    return max(n, len([c for c in info.header if c]))


def expand_vertical_merges(grid: Grid, region: Region) -> dict[tuple[int, int], str]:
    """Texts for data cells covered by a vertical merge (工序 merged over several device rows)."""
    filled: dict[tuple[int, int], str] = {}
    first_data = region.info.header_rows[-1] + 1
    for m in grid.merges:
        if m.r1 == m.r0 or m.r0 < first_data:
            continue
        text = grid.rows[m.r0][m.c0] if m.c0 < len(grid.rows[m.r0]) else ""
        for r in range(m.r0 + 1, m.r1 + 1):
            for c in range(m.c0, m.c1 + 1):
                filled[(r, c)] = text
    return filled


def region_to_table(
    grid: Grid, region: Region, base: EvidenceRef, index: int, max_rows: int | None = None
) -> Table:
    """Build a `models.Table` from a region; each cell's ref is `base` plus row, column, page and
    bbox. `max_rows` keeps the first data rows only and records the total in `total_rows`."""
    ncols = region.ncols
    header = (region.info.header + [""] * ncols)[:ncols]
    title = "\n".join(" ".join(c for c in grid.rows[r] if c) for r in region.info.title_rows) or None
    vfill = expand_vertical_merges(grid, region)
    first_header = region.info.header_rows[0]
    table_ref = _row_ref(grid, base, index, first_header, 0)
    rows: list[TableRow] = []
    data = region.data if max_rows is None else region.data[:max_rows]
    for n, r in enumerate(data, start=1):
        rows.append(_table_row(grid, base, index, r, n, header, vfill, r in region.totals))
    last_header = region.info.header_rows[-1]
    header_boxes = (grid.bboxes[last_header] + [None] * ncols)[:ncols] if grid.bboxes is not None else []
    return Table(
        file=base.file,
        index=index,
        title=title,
        header=header,
        header_boxes=header_boxes,
        header_rows=[(h + [""] * ncols)[:ncols] for h in region.info.header_grid],
        rows=rows,
        ref=table_ref,
        total_rows=len(region.data) if max_rows is not None and len(region.data) > max_rows else None,
    )


def _ref(base: EvidenceRef, **update: object) -> EvidenceRef:
    """`base` with some fields replaced (a table makes one per cell: plain construction is the
    cheapest way pydantic offers, cheaper than model_copy or model_construct)."""
    return EvidenceRef(**{**base.__dict__, **update})


def _row_ref(grid: Grid, base: EvidenceRef, index: int, r: int, ordinal: int) -> EvidenceRef:
    number = grid.row_numbers[r] if grid.row_numbers is not None else ordinal
    page = grid.pages[r] if grid.pages is not None else base.page
    return _ref(base, table=index, row=number, page=page)


def _table_row(
    grid: Grid,
    base: EvidenceRef,
    index: int,
    r: int,
    ordinal: int,
    header: list[str],
    vfill: dict[tuple[int, int], str],
    is_total: bool,
) -> TableRow:
    row_ref = _row_ref(grid, base, index, r, ordinal)
    texts = grid.rows[r]
    raws = grid.raw[r] if grid.raw is not None else None
    boxes = grid.bboxes[r] if grid.bboxes is not None else None
    cells = []
    for c, col in enumerate(header):
        text = texts[c] if c < len(texts) else ""
        if not text and (r, c) in vfill:
            text = vfill[(r, c)]
        raw = raws[c] if raws is not None and c < len(raws) else text
        bbox = boxes[c] if boxes is not None and c < len(boxes) else None
        ref = _ref(row_ref, column=col or None, text=raw or None, bbox=bbox)
        cells.append(Cell(text=text, ref=ref))
    return TableRow(cells=cells, ref=row_ref, is_total=is_total)


def grid_to_tables(
    grid: Grid,
    base: EvidenceRef,
    first_index: int = 0,
    scorer: HeaderScorer | None = None,
    max_rows: int | None = None,
) -> list[Table]:
    """Every table region of `grid` as a Table, numbered from `first_index`."""
    return [
        region_to_table(grid, region, base, first_index + k, max_rows)
        for k, region in enumerate(find_regions(grid, scorer))
    ]


def grid_text(rows: Iterable[list[str]], limit: int | None = None) -> str:
    """Plain text of a grid: non-empty cells of a row joined by tabs, one line per row."""
    lines: list[str] = []
    for cells in rows:
        if limit is not None and len(lines) >= limit:
            break
        line = "\t".join(c for c in cells if c)
        if line:
            lines.append(line)
    return "\n".join(lines)


__all__ = [
    "Grid",
    "HeaderInfo",
    "HeaderScorer",
    "Merge",
    "Region",
    "default_header_score",
    "find_header",
    "find_regions",
    "flatten_header",
    "grid_text",
    "grid_to_tables",
    "is_footer_row",
    "is_total_row",
    "region_to_table",
]
