"""Generated scans, OCR'd once per test session (OCR is the expensive part of these tests)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PIL import Image

from extractors.ocr.page import OcrPage, ocr_page
from extractors.ocr.tables import chunks_to_tables
from models import Table

from .scangen import TableSpec, degrade, equipment_spec, render_table


@dataclass
class ScanCase:
    name: str
    spec: TableSpec
    image: Image.Image
    angle: float
    quarter: int
    result: OcrPage | None = None
    table: Table | None = None


# name: (seed, dpi, small rotation, quarter turns, merged group header)
SCANS = {
    "200dpi_skewed": (3, 200, 0.8, 0, False),
    "300dpi_skewed": (4, 300, -1.6, 0, False),
    "200dpi_turned_90": (5, 200, 0.5, 1, False),
    "300dpi_upside_down": (6, 300, -1.2, 2, False),
    "300dpi_group_header": (8, 300, 1.0, 0, True),
}


@pytest.fixture(scope="session")
def scans() -> dict[str, ScanCase]:
    cases = {}
    for name, (seed, dpi, angle, quarter, group) in SCANS.items():
        spec = equipment_spec(14, seed=seed, group_header=group)
        image = degrade(render_table(spec, dpi), seed=seed, angle=angle, quarter=quarter)
        result = ocr_page(image, f"{name}.png", 1)
        tables = chunks_to_tables([result.chunks], f"{name}.png")
        cases[name] = ScanCase(name, spec, image, angle, quarter, result, tables[0] if tables else None)
    return cases
