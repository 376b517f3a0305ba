"""Generated scans of an equipment list (200/300 dpi, skewed, turned 90/180°, noisy) read
back cell by cell: accuracy, orientation, provenance, page image."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from extractors.ocr.preprocess import TARGET_DPI
from models import Engine

from .accuracy import cell_accuracy
from .conftest import SCANS, ScanCase

# The bar is 97% character accuracy on table cells; each page must clear it, and the
# mean must clear it with a margin.
MIN_PAGE_ACCURACY = 0.97
MIN_MEAN_ACCURACY = 0.975


def _expected_header(case: ScanCase) -> list[str]:
    if case.spec.group_header is None:
        return case.spec.header
    text, c0, c1 = case.spec.group_header
    return [f"{text}/{h}" if c0 <= k <= c1 else h for k, h in enumerate(case.spec.header)]


@pytest.mark.parametrize("name", list(SCANS))
def test_each_scan_reads_at_least_97_percent_of_cell_characters(
    scans: dict[str, ScanCase], name: str
) -> None:
    case = scans[name]
    assert case.table is not None
    assert len(case.table.rows) == len(case.spec.rows)
    assert cell_accuracy(case.table, _expected_header(case), case.spec.rows) >= MIN_PAGE_ACCURACY


def test_mean_accuracy_has_a_margin(scans: dict[str, ScanCase]) -> None:
    accs = [cell_accuracy(c.table, _expected_header(c), c.spec.rows) for c in scans.values() if c.table]
    assert len(accs) == len(SCANS)
    assert sum(accs) / len(accs) >= MIN_MEAN_ACCURACY


def test_merged_group_header_is_flattened_like_born_digital(scans: dict[str, ScanCase]) -> None:
    table = scans["300dpi_group_header"].table
    assert table is not None
    assert table.header[0] == "序号"
    assert table.header[1] == "设备信息/设备名称"
    assert table.header[3] == "设备信息/资产编号"
    assert table.header[4] == "数量"


@pytest.mark.parametrize(
    ("name", "turns"), [("200dpi_turned_90", 3), ("300dpi_upside_down", 2), ("200dpi_skewed", 0)]
)
def test_quarter_turns_are_undone(scans: dict[str, ScanCase], name: str, turns: int) -> None:
    prepared = scans[name].result.prepared
    assert prepared is not None
    assert prepared.quarter_turns == turns


@pytest.mark.parametrize("name", ["200dpi_skewed", "300dpi_skewed", "300dpi_group_header"])
def test_small_skew_is_measured_and_removed(scans: dict[str, ScanCase], name: str) -> None:
    case = scans[name]
    assert case.result.prepared.skew_deg == pytest.approx(case.angle, abs=0.25)


def test_every_cell_says_where_it_was_read(scans: dict[str, ScanCase]) -> None:
    case = scans["300dpi_skewed"]
    width, height = case.result.prepared.image.size
    for n, row in enumerate(case.table.rows, start=1):
        assert row.ref.page == 1 and row.ref.row == n and row.ref.engine == Engine.TESSERACT
        for cell, column in zip(row.cells, case.spec.header):
            ref = cell.ref
            assert ref.engine == Engine.TESSERACT and ref.page == 1 and ref.row == n
            assert ref.column == column
            assert ref.bbox is not None and ref.bbox.unit == "px"
            assert 0 <= ref.bbox.x0 < ref.bbox.x1 <= width and 0 <= ref.bbox.y0 < ref.bbox.y1 <= height
            assert ref.confidence is not None and 0 <= ref.confidence <= 100


def test_cells_lie_in_reading_order_on_the_page(scans: dict[str, ScanCase]) -> None:
    rows = scans["200dpi_turned_90"].table.rows
    tops = [r.cells[0].ref.bbox.y0 for r in rows]
    assert tops == sorted(tops)
    lefts = [c.ref.bbox.x0 for c in rows[0].cells]
    assert lefts == sorted(lefts)


def test_page_text_holds_the_title_and_credit_code(scans: dict[str, ScanCase]) -> None:
    page = scans["200dpi_skewed"].result.page
    assert page.has_text_layer is False
    assert "生产设备清单" in page.text
    assert "91110108MA01ABCD2X" in page.text
    assert page.ocr_confidence is not None and page.ocr_confidence > 70


def test_page_image_is_the_normalised_page_the_boxes_refer_to(scans: dict[str, ScanCase]) -> None:
    case = scans["300dpi_upside_down"]
    png = case.result.page.image_png
    assert png is not None and png.startswith(b"\x89PNG")
    img = Image.open(io.BytesIO(png))
    assert img.size == case.result.prepared.image.size
    assert round(img.info["dpi"][0]) == TARGET_DPI
    assert "image_png" not in case.result.page.model_dump()
