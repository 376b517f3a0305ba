"""Where a value came from: file, page or sheet, row, column, box, engine, confidence.

Every cell, record, fact and flag carries one or more `EvidenceRef`s so a reviewer can jump
to the page image or spreadsheet row it rests on.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from pydantic import BaseModel, ConfigDict


class BBoxOrigin(str, Enum):
    """Coordinate origin of a bounding box (docling-core states it explicitly; so do we)."""

    TOP_LEFT = "top-left"


class BBox(BaseModel):
    """An axis-aligned box on a page. PDF text: PDF points; scans: pixels of the page image."""

    model_config = ConfigDict(frozen=True)

    x0: float
    y0: float
    x1: float
    y1: float
    unit: str = "pt"  # "pt" (PDF points) or "px" (page-image pixels)
    origin: BBoxOrigin = BBoxOrigin.TOP_LEFT


class Engine(str, Enum):
    """What read the value."""

    SPREADSHEET = "spreadsheet"
    CSV = "csv"
    PDF_TEXT = "pdf-text"
    DOCX = "docx"
    TESSERACT = "tesseract"
    MANIFEST = "manifest"
    DERIVED = "derived"


class EvidenceRef(BaseModel):
    """A pointer into the packet. `row` is 1-based as a person counts rows in the source:
    the spreadsheet row number for xlsx/csv, the table row (header = 0) for PDF/docx tables."""

    model_config = ConfigDict(frozen=True)

    file: str
    page: int | None = None  # 1-based page of a PDF / image
    sheet: str | None = None  # sheet name of a workbook
    table: int | None = None  # 0-based table index on the page/sheet/document
    row: int | None = None
    column: str | None = None  # canonical field or source header of the cell
    bbox: BBox | None = None
    engine: Engine | None = None
    confidence: float | None = None  # 0–100 for OCR; None when exact (text layer, spreadsheet)
    text: str | None = None  # the raw source text, for display beside the evidence

    def short(self) -> str:
        """Human-readable location, e.g. ``设备清单.xlsx · Sheet1 · row 14``."""
        parts = [self.file]
        if self.sheet:
            parts.append(self.sheet)
        if self.page is not None:
            parts.append(f"p.{self.page}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(self.column)
        return " · ".join(parts)


def distinct_refs(refs: Iterable[EvidenceRef], limit: int) -> list[EvidenceRef]:
    """Distinct refs in order, at most `limit` (ScoringPolicy.max_evidence_refs): a reviewer opens a
    handful of rows, not five hundred; counts stay complete elsewhere."""
    out: list[EvidenceRef] = []
    seen: set[EvidenceRef] = set()
    for r in refs:
        if r not in seen:
            seen.add(r)
            out.append(r)
            if len(out) >= limit:
                break
    return out
