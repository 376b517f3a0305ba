"""Image files as documents: EXIF orientation, multi-page TIFF with a table continued on the
next page, borderless tables, unreadable images, Tesseract missing."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from extractors.errors import UnreadableDocumentError
from extractors.ocr import document as ocr_document
from extractors.ocr.engine import INSTALL_HINT, OcrUnavailable, check_tesseract
from extractors.read import read_document
from models import Engine, SourceFormat

from .accuracy import cell_accuracy
from .scangen import TableSpec, continuation, degrade, equipment_spec, render_table

EXIF_ORIENTATION = 0x0112


def test_multi_page_tiff_joins_the_table_continued_on_page_two() -> None:
    spec = equipment_spec(30, seed=7)
    first = TableSpec(spec.title, spec.header, spec.rows[:22], lines_above=spec.lines_above)
    p1 = degrade(render_table(first, 200, footer=False), seed=1, angle=0.5)
    p2 = degrade(render_table(continuation(spec, 22), 200), seed=2, angle=-0.7)
    buf = io.BytesIO()
    p1.save(buf, format="TIFF", save_all=True, append_images=[p2], dpi=(200, 200), compression="tiff_deflate")
    doc = read_document(buf.getvalue(), "设备清单.tif")
    assert doc.format == SourceFormat.IMAGE and len(doc.pages) == 2
    assert doc.title == spec.title
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert [r.ref.page for r in table.rows] == [1] * 22 + [2] * 8
    assert [r.ref.row for r in table.rows] == list(range(1, 31))
    assert all(c.ref.engine == Engine.TESSERACT for r in table.rows for c in r.cells)
    assert cell_accuracy(table, spec.header, spec.rows) >= 0.97
    assert all(p.image_png and not p.has_text_layer for p in doc.pages)


def test_exif_orientation_is_applied_before_anything_else() -> None:
    spec = equipment_spec(8, seed=12)
    upright = degrade(render_table(spec, 200), seed=4, angle=0.3)
    stored = upright.rotate(90, expand=True)  # the camera stored it sideways …
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = 8  # … and says so: rotate 90° clockwise to view
    buf = io.BytesIO()
    stored.save(buf, format="JPEG", quality=90, exif=exif.tobytes(), dpi=(200, 200))
    doc = read_document(buf.getvalue(), "roster.jpg")
    assert len(doc.tables) == 1
    assert cell_accuracy(doc.tables[0], spec.header, spec.rows) >= 0.97


def test_borderless_table_falls_back_to_column_clustering() -> None:
    spec = equipment_spec(10, seed=9)
    img = degrade(render_table(spec, 200, ruled=False), seed=3, angle=0.6)
    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(200, 200))
    doc = read_document(buf.getvalue(), "无框表.png")
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert len(table.rows) == 10
    assert table.header[:6] == spec.header[:6]
    assert [r.cells[3].text for r in table.rows] == [row[3] for row in spec.rows]  # asset numbers
    assert cell_accuracy(table, spec.header, spec.rows) >= 0.8


def test_an_image_pillow_cannot_open_is_corrupt() -> None:
    with pytest.raises(UnreadableDocumentError) as err:
        read_document(b"\x89PNG\r\n\x1a\n" + bytes(300), "scan.png")
    assert err.value.reason == "corrupt"


def test_missing_tesseract_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(OcrUnavailable) as err:
        check_tesseract()
    assert (
        INSTALL_HINT in str(err.value)
        and "apt-get install tesseract-ocr tesseract-ocr-chi-sim" in INSTALL_HINT
    )
    monkeypatch.setattr(ocr_document, "_checked", False)
    img = io.BytesIO()
    Image.new("L", (400, 300), 255).save(img, format="PNG")
    with pytest.raises(UnreadableDocumentError) as unread:
        read_document(img.getvalue(), "scan.png")
    assert unread.value.reason == "unsupported" and "tesseract-ocr-chi-sim" in unread.value.detail


def test_installed_tesseract_has_the_languages() -> None:
    assert {"chi_sim", "eng"} <= set(check_tesseract())
