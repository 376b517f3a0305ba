"""Scanned PDFs read like their born-digital originals: image-only pages go to OCR, text pages
stay with the text layer, and a table running across both is still one table."""

from __future__ import annotations

import pytest

from extractors.read import read_document
from models import Document, Engine, SourceFormat, Table
from tests.extractors.readers.builders import device_rows, pdf_with_table

from .accuracy import cell_accuracy
from .scangen import scan_pdf

MIN_ACCURACY = 0.97


@pytest.fixture(scope="module")
def born() -> tuple[bytes, Document]:
    pdf = pdf_with_table(device_rows(60, seed=11))
    return pdf, read_document(pdf, "设备清单.pdf")


def _truth(table: Table) -> tuple[list[str], list[list[str]]]:
    return table.header, [r.texts() for r in table.rows]


def test_the_born_digital_original_runs_over_two_pages(born: tuple[bytes, Document]) -> None:
    _, doc = born
    assert len(doc.pages) == 2 and len(doc.tables) == 1
    assert {r.ref.page for r in doc.tables[0].rows} == {1, 2}


def test_mixed_pdf_keeps_text_pages_and_ocrs_the_scanned_one(born: tuple[bytes, Document]) -> None:
    pdf, original = born
    mixed = read_document(scan_pdf(pdf, {1: {"seed": 5, "angle": 0.7}}, dpi=200), "设备清单.pdf")
    assert mixed.format == SourceFormat.PDF
    assert [p.has_text_layer for p in mixed.pages] == [True, False]
    assert mixed.pages[1].image_png is not None and mixed.pages[0].image_png is None
    assert len(mixed.tables) == 1
    table = mixed.tables[0]
    header, rows = _truth(original.tables[0])
    assert table.header == header
    assert len(table.rows) == len(rows)
    for row, truth in zip(table.rows, rows):
        if row.ref.page == 1:
            assert row.texts() == truth
            assert all(c.ref.engine == Engine.PDF_TEXT and c.ref.confidence is None for c in row.cells)
        else:
            assert all(c.ref.engine == Engine.TESSERACT and c.ref.bbox.unit == "px" for c in row.cells)
            assert row.ref.bbox is not None and row.ref.confidence is not None
    assert cell_accuracy(table, header, rows) >= MIN_ACCURACY


def test_image_only_pdf_at_300_dpi_with_a_page_upside_down(born: tuple[bytes, Document]) -> None:
    pdf, original = born
    scans = {0: {"seed": 1, "angle": -1.1}, 1: {"seed": 2, "angle": 0.6, "quarter": 2}}
    doc = read_document(scan_pdf(pdf, scans, dpi=300), "scan_002.pdf")
    assert [p.has_text_layer for p in doc.pages] == [False, False]
    assert "生产设备清单" in doc.pages[0].text
    assert len(doc.tables) == 1  # continued over the page break, header repeated on page 2
    header, rows = _truth(original.tables[0])
    assert len(doc.tables[0].rows) == len(rows)
    assert {r.ref.page for r in doc.tables[0].rows} == {1, 2}
    assert cell_accuracy(doc.tables[0], header, rows) >= MIN_ACCURACY
