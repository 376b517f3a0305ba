"""OCR confidence policy: the bar below which a value read by OCR is not trusted unchecked.

Cell confidence = the lowest Tesseract word confidence (0–100) in the cell; a cell with ink but
no text read scores 0. Row refs carry the lowest cell confidence, records copy it into
`Record.min_confidence` (extractors.records), and validators/ocr.py raises OCR_LOW_CONFIDENCE
(with page and row box) for records below the same bar (`models.settings.OCR_CONFIDENCE_BAR`).
"""

from __future__ import annotations

from models import TableRow
from models.settings import OCR_CONFIDENCE_BAR

# Calibrated on generated scans (7 equipment-list pages, 200/300 dpi, skewed, turned; 784 cells;
# tests/extractors/ocr/test_confidence.py keeps it honest): at 60, 24 of 25 misread cells fall
# below the bar and 26 of 759 correct ones (3%); at 70 it would be 24/25 and 137/759 (18%).
# Cells holding a typical substitution (postprocess.SUSPECT_CHARS) are held just below it.
OCR_CONFIDENCE_THRESHOLD = OCR_CONFIDENCE_BAR  # one bar: models.settings
# Policy: Tesseract's confidences are calibrated on scans; on a photo (uneven light, perspective,
# no real resolution) the same figure means less — a phone photo had a wrong asset number read
# at exactly 60. Confidences of photographed pages are scaled by this factor.
PHOTO_CONFIDENCE_FACTOR = 0.85


def min_cell_confidence(row: TableRow, columns: list[int] | None = None) -> float | None:
    """Lowest confidence of the row's cells (only `columns` if given); None when every cell is
    exact (text layer, spreadsheet)."""
    cells = row.cells if columns is None else [row.cells[i] for i in columns if 0 <= i < len(row.cells)]
    confs = [c.ref.confidence for c in cells if c.ref.confidence is not None]
    return min(confs) if confs else None
