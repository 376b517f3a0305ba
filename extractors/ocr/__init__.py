"""Scanned and photographed evidence: OCR engine protocol, image normalisation, table
reconstruction on scans, post-OCR normalisation, confidence policy (issue 3)."""

from extractors.ocr.confidence import OCR_CONFIDENCE_THRESHOLD, min_cell_confidence
from extractors.ocr.document import read_image_document
from extractors.ocr.engine import (
    OcrEngine,
    OcrResult,
    OcrUnavailable,
    OcrWord,
    TesseractEngine,
    check_tesseract,
)
from extractors.ocr.page import OcrPage, ocr_page

__all__ = [
    "OCR_CONFIDENCE_THRESHOLD",
    "OcrEngine",
    "OcrPage",
    "OcrResult",
    "OcrUnavailable",
    "OcrWord",
    "TesseractEngine",
    "check_tesseract",
    "min_cell_confidence",
    "ocr_page",
    "read_image_document",
]
