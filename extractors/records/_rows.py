"""Reading a typed table row by canonical field: the shared plumbing of the record readers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extractors.normalize import clean_text, join_lines, parse_bool, parse_int_quantity
from models import DocumentType, EvidenceRef, Table, TableRow

_CJK = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef"
_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")
_CJK_PUNCT = re.compile(f"(?<=[{_CJK}])\\s+(?=[:;,.()])|(?<=[:;,.()])\\s+(?=[{_CJK}])")


def squeeze_cjk(text: str) -> str:
    """Drop the spaces OCR puts between Chinese characters (``数 控 车 床`` → ``数控车床``), and
    between them and punctuation; spaces between Latin words and numbers stay."""
    return _CJK_PUNCT.sub("", _BETWEEN_CJK.sub("", text))


@dataclass(frozen=True)
class FieldRow:
    """One data row seen through its table's field map."""

    table: Table
    row: TableRow

    def text(self, field: str) -> str:
        """The cleaned text of the cell of `field` ('' when the column is absent or blank)."""
        i = self.table.column(field)
        if i is None or i >= len(self.row.cells):
            return ""
        return squeeze_cjk(clean_text(join_lines(self.row.cells[i].text)))

    def opt(self, field: str) -> str | None:
        return self.text(field) or None

    def has(self, field: str) -> bool:
        return self.table.column(field) is not None

    @property
    def ref(self) -> EvidenceRef:
        return self.row.ref

    @property
    def min_confidence(self) -> float | None:
        """Lowest OCR confidence of the row's cells (None when all are exact)."""
        confs = [c.ref.confidence for c in self.row.cells if c.ref.confidence is not None]
        return min(confs) if confs else None

    def mark(self, field: str) -> bool | None:
        """The yes/no cell of `field` (是/否, √/×, V/x …). Read by OCR, a mark the engine turned into
        other strokes (V → YY, / 7, \\/; x → %, K) is read by its shape: only tick-like strokes a
        tick, only cross-like strokes a cross; anything else stays unknown."""
        text = self.text(field)
        value = parse_bool(text)
        if value is not None or not text or self.min_confidence is None:
            return value
        return read_mark_shape(text)

    def is_blank(self) -> bool:
        return not any(clean_text(c.text) for c in self.row.cells)


# Characters OCR gives for a hand-drawn or printed tick / cross.
TICK_STROKES = frozenset("VvYy/\\7√✓✔Uu1lIJj|了")
CROSS_STROKES = frozenset("XxＸ×%KkЖ*+")


_YES_WORDS = frozenset("是有√✓✔")
_NO_WORDS = frozenset("否无×")


def read_mark_shape(text: str) -> bool | None:
    """A yes/no cell as OCR left it: only tick strokes, only cross strokes, or one yes or no word
    with a stray character beside it (四是: a speck read as 四)."""
    chars = {c for c in text.strip("-_.,'`·~ ") if not c.isspace()}  # specks at the edges
    if chars and chars <= TICK_STROKES:
        return True
    if chars and chars <= CROSS_STROKES:
        return False
    yes, no = chars & _YES_WORDS, chars & _NO_WORDS
    if len(chars) <= 3 and bool(yes) != bool(no):
        return bool(yes)
    return None


def tables_of(tables: list[Table], doc_type: DocumentType) -> list[Table]:
    return [t for t in tables if t.doc_type == doc_type.value]


def field_rows(table: Table) -> Iterator[FieldRow]:
    """The data rows of `table` (合计/小计 rows and blank rows skipped)."""
    for row in table.data_rows():
        fr = FieldRow(table, row)
        if not fr.is_blank():
            yield fr


def is_placeholder(text: str) -> bool:
    """Cells that say "nothing here": 无, -, /, 暂无, N/A."""
    return text.strip().lower() in {"", "无", "-", "—", "--", "/", "暂无", "n/a", "na", "none", "null", "——"}


def counts_from_total(table: Table, field: str, blank_count: int) -> dict[int, int]:
    """Counts recovered from the table's 合计 row: when exactly one data row's `field` cell is
    written but unreadable (OCR read 7 as 杰) and the table states a single total, that row's
    count is the total minus the other rows (blank cells counting `blank_count`). Keyed by
    id() of the TableRow; empty when nothing can be recovered."""
    col = table.column(field)
    totals = [r for r in table.rows if r.is_total]
    if col is None or len(totals) != 1 or col >= len(totals[0].cells):
        return {}
    stated = parse_int_quantity(clean_text(totals[0].cells[col].text))
    if stated is None:
        return {}
    unreadable: list[TableRow] = []
    others = 0
    for fr in field_rows(table):
        text = fr.text(field)
        value = parse_int_quantity(text) if text else blank_count
        if value is None:
            unreadable.append(fr.row)
        else:
            others += value
    rest = stated - others
    if len(unreadable) != 1 or rest < 1:
        return {}
    return {id(unreadable[0]): rest}
