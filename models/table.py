"""Tables as read from the evidence, every cell with its provenance."""

from __future__ import annotations

from pydantic import BaseModel, Field

from models.matches import MatchRecord
from models.provenance import BBox, EvidenceRef


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
    # The box of each header cell (the lowest header row) where the reader knows it (PDF, scans).
    header_boxes: list[BBox | None] = Field(default_factory=list)
    # Columns whose field was found by the tolerant matcher (not a listed synonym) or, under an
    # OCR-garbled header, from their values (method `values`), with score and
    # provenance; set by classification (extractors.classify).
    field_matches: list[MatchRecord] = Field(default_factory=list)

    def column(self, field: str) -> int | None:
        """Index of the column mapped to canonical `field`, or None."""
        try:
            return self.fields.index(field)
        except ValueError:
            return None

    def header_ref(self, col: int) -> EvidenceRef:
        """Where the header cell of column `col` is: the table's header row, that column, its box."""
        box = self.header_boxes[col] if col < len(self.header_boxes) else None
        text = self.header[col] if col < len(self.header) else None
        return self.ref.model_copy(update={"column": text or None, "text": text or None, "bbox": box or self.ref.bbox})

    def data_rows(self) -> list[TableRow]:
        return [r for r in self.rows if not r.is_total]
