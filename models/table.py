"""Tables as read from the evidence, every cell with its provenance."""

from __future__ import annotations

from pydantic import BaseModel, Field

from models.provenance import EvidenceRef


class Cell(BaseModel):
    """One cell: the text as read, and where it was read."""

    text: str
    ref: EvidenceRef


class TableRow(BaseModel):
    """A data row. `is_total` marks a 合计/总计/小计 row (kept for the TOTAL_MISMATCH check,
    never counted as a record)."""

    cells: list[Cell]
    ref: EvidenceRef
    is_total: bool = False

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


class ColumnMatch(BaseModel):
    """How a column's field was decided when its header did not say it plainly: `method`
    ``values`` (inferred from the column's values: control types, yes/no marks, dates …) with a
    0–1 `score` (the share of its values of that kind), for a reviewer to see."""

    column: int
    field: str
    score: float
    method: str
    header: str = ""


class Table(BaseModel):
    """A table with one header row (multi-row/merged headers are flattened into it) and data rows.

    `fields` maps each column to its canonical field name (e.g. ``device_name``) or None when
    the header matched no synonym. A table continued across pages is one Table whose rows keep
    their own page in `ref`.
    """

    file: str
    index: int = 0  # 0-based table number within the document
    title: str | None = None  # the caption / title row above the header, if any
    header: list[str]
    fields: list[str | None] = Field(default_factory=list)
    rows: list[TableRow] = Field(default_factory=list)
    ref: EvidenceRef  # where the table starts (page/sheet, header row)
    doc_type: str | None = None  # DocumentType value of this table, set by classification
    # The header rows as read (merged cells expanded), when the header spans several rows;
    # `header` holds them flattened as "上级/下级". Empty for a one-row header.
    header_rows: list[list[str]] = Field(default_factory=list)
    # Data rows in the source when `rows` was cut at a row limit (a 500k-row log); None when
    # `rows` holds every row.
    total_rows: int | None = None
    # Columns whose field was inferred rather than read from the header (OCR-garbled headers).
    column_matches: list[ColumnMatch] = Field(default_factory=list)

    def column(self, field: str) -> int | None:
        """Index of the column mapped to canonical `field`, or None."""
        try:
            return self.fields.index(field)
        except ValueError:
            return None

    def data_rows(self) -> list[TableRow]:
        return [r for r in self.rows if not r.is_total]
