"""A table's 合计/小计 row against the rows above it (TOTAL_MISMATCH).

Numeric columns are picked by the canonical field the extractor gave each column
(`Table.fields`). A total row is accepted when it equals the rows since the previous total row
(a 小计) or all data rows so far (a 合计 under 小计s); a total row at the top of a table is
compared with all data rows.
"""

from __future__ import annotations

from models import Flag, FlagCode, Table, TableRow, make_flag
from validators.numbers import parse_number

# Canonical fields summed by a total row, and whether they count whole things (exact match)
# or measure amounts (relative tolerance, rows are often rounded).
TOTAL_FIELDS: dict[str, bool] = {
    "quantity": True,  # 台/套
    "headcount": True,  # 人数
    "output_qty": False,  # 产量
    "output_value": False,  # 产值
}
# Not `amount`: financial statements' 合计/总计 lines follow the statement's structure (资产总计 =
# 流动 + 非流动; 负债和所有者权益总计 spans two sections), not "the rows above".
# Amount columns: rounding of each row may leave the stated total off by this share.
AMOUNT_RELATIVE_TOLERANCE = 0.001


def _close(stated: float, summed: float, whole: bool) -> bool:
    if whole:
        return abs(stated - summed) < 1e-6
    return abs(stated - summed) <= max(0.01, AMOUNT_RELATIVE_TOLERANCE * abs(summed))


def _cell(row: TableRow, col: int) -> float | None:
    return parse_number(row.cells[col].text) if col < len(row.cells) else None


def total_mismatch_flags(tables: list[Table]) -> list[Flag]:
    flags: list[Flag] = []
    for t in tables:
        if not any(r.is_total for r in t.rows):
            continue
        for col, field in enumerate(t.fields):
            if field in TOTAL_FIELDS:
                flags += _check_column(t, col, field, TOTAL_FIELDS[field])
    return flags


def _check_column(t: Table, col: int, field: str, whole: bool) -> list[Flag]:
    values = [None if r.is_total else _cell(r, col) for r in t.rows]
    if not any(v is not None for v in values):
        return []
    flags: list[Flag] = []
    all_sum = sum(v for v in values if v is not None)
    running, segment, seen_data = 0.0, 0.0, False
    for row, v in zip(t.rows, values):
        if not row.is_total:
            if v is not None:
                running += v
                segment += v
                seen_data = True
            continue
        stated = _cell(row, col)
        candidates = [segment, running] if seen_data else [all_sum]
        segment = 0.0
        if stated is None or any(_close(stated, c, whole) for c in candidates):
            continue
        summed = candidates[0]
        name = t.header[col] if col < len(t.header) else field
        where = row.ref.short()
        title = (t.title or "").strip().splitlines()[0][:40] if t.title and t.title.strip() else "表格"
        flags.append(
            make_flag(
                FlagCode.TOTAL_MISMATCH,
                f"{title}的合计行（{where}）“{name}”为 {_fmt(stated)}，"
                f"而各行相加为 {_fmt(summed)}（相差 {_fmt(stated - summed)}）；请核实合计或明细。",
                [row.cells[col].ref if col < len(row.cells) else row.ref, t.ref],
                key=f"{t.file}#{t.index}#{field}#{row.ref.row}",
                column=field,
                stated=stated,
                summed=summed,
            )
        )
    return flags


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:,.2f}"
