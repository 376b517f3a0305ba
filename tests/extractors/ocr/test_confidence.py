"""The confidence bar on generated scans: misread cells fall below it, correct ones mostly not
(the calibration behind OCR_CONFIDENCE_THRESHOLD)."""

from __future__ import annotations

from extractors.ocr.confidence import OCR_CONFIDENCE_THRESHOLD, min_cell_confidence
from extractors.ocr.postprocess import is_suspect
from models import Cell, EvidenceRef, TableRow

from .conftest import ScanCase


def _cells(scans: dict[str, ScanCase]) -> tuple[list[float], list[float]]:
    right, wrong = [], []
    for case in scans.values():
        for row, truth in zip(case.table.rows, case.spec.rows):
            for cell, want in zip(row.cells, truth):
                assert cell.ref.confidence is not None
                (right if cell.text == want else wrong).append(cell.ref.confidence)
    return right, wrong


def test_misread_cells_fall_below_the_bar(scans: dict[str, ScanCase]) -> None:
    _, wrong = _cells(scans)
    assert wrong, "the generated scans are meant to contain a few misreads"
    below = sum(c < OCR_CONFIDENCE_THRESHOLD for c in wrong)
    assert below >= 0.85 * len(wrong)


def test_correct_cells_mostly_clear_the_bar(scans: dict[str, ScanCase]) -> None:
    right, _ = _cells(scans)
    assert sum(c < OCR_CONFIDENCE_THRESHOLD for c in right) <= 0.06 * len(right)


def test_typical_substitutions_are_suspect_without_being_replaced() -> None:
    assert is_suspect("手动又车") and is_suspect("液讨机") and is_suspect("人2")
    assert not is_suspect("叉车") and not is_suspect("液压机") and not is_suspect("12台")


def test_min_cell_confidence_ignores_exact_cells() -> None:
    def cell(conf: float | None) -> Cell:
        return Cell(text="x", ref=EvidenceRef(file="f", confidence=conf))

    row = TableRow(cells=[cell(None), cell(81.0), cell(47.5)], ref=EvidenceRef(file="f"))
    assert min_cell_confidence(row) == 47.5
    assert min_cell_confidence(row, columns=[0, 1]) == 81.0
    assert min_cell_confidence(TableRow(cells=[cell(None)], ref=EvidenceRef(file="f"))) is None
