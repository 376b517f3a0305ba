"""Reading a typed table row by canonical field: the shared plumbing of the record readers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extractors.normalize import clean_text, join_lines
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

    def is_blank(self) -> bool:
        return not any(clean_text(c.text) for c in self.row.cells)


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
