"""OCR confidence policy: the bar below which a fact resting on an OCR'd cell is flagged
(OCR_LOW_CONFIDENCE, SPEC §5) and helpers to carry cell confidence into records."""

from __future__ import annotations

from models import EvidenceRef, Flag, FlagCode, Record, RecordSet, TableRow, make_flag

# Policy: a cell's confidence is the lowest Tesseract word confidence (0–100) in it; a cell with
# ink but no text read scores 0. Calibrated on generated scans (tests/extractors/ocr): correct
# cells of clean 200/300 dpi scans sit at ≥ 80 almost always, misread ones mostly below 60.
OCR_CONFIDENCE_THRESHOLD = 60.0


def min_cell_confidence(row: TableRow, columns: list[int] | None = None) -> float | None:
    """Lowest confidence of the row's cells (only `columns` if given); None when every cell is
    exact (text layer, spreadsheet). Records builders put this in `Record.min_confidence`."""
    cells = row.cells if columns is None else [row.cells[i] for i in columns if 0 <= i < len(row.cells)]
    confs = [c.ref.confidence for c in cells if c.ref.confidence is not None]
    return min(confs) if confs else None


def _records(records: RecordSet) -> list[Record]:
    out: list[Record] = []
    for name in RecordSet.model_fields:
        out.extend(getattr(records, name))
    return out


def low_confidence_flags(records: RecordSet, threshold: float = OCR_CONFIDENCE_THRESHOLD) -> list[Flag]:
    """One OCR_LOW_CONFIDENCE flag per record whose cells were read below the bar, pointing at
    the page and the row's box on the page image."""
    flags = []
    for rec in _records(records):
        if rec.min_confidence is None or rec.min_confidence >= threshold:
            continue
        ref: EvidenceRef = rec.ref
        where = f"第{ref.page}页" if ref.page is not None else ""
        row = f"第{ref.row}行" if ref.row is not None else ""
        flags.append(make_flag(
            FlagCode.OCR_LOW_CONFIDENCE,
            f"{ref.file} {where}{row}的识别置信度为{rec.min_confidence:.0f}（低于{threshold:.0f}），"
            "请对照页面图像核对该行内容。",
            evidence=[ref],
            confidence=rec.min_confidence,
            threshold=threshold,
        ))
    return flags
