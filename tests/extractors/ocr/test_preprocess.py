"""Page normalisation without OCR: resolution, lighting, skew, rules and merged cells."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from extractors.ocr.preprocess import (
    TARGET_DPI,
    binarise,
    estimate_skew,
    flatten_lighting,
    prepare_page,
    source_resolution,
    to_gray,
)
from extractors.ocr.rules import find_grids, find_lines, rule_masks
from extractors.ocr.table import merge_regions

from .scangen import degrade, equipment_spec, phone_photo, render_table


@pytest.fixture(scope="module")
def page200() -> Image.Image:
    return render_table(equipment_spec(10, seed=1, group_header=True), 200)


def test_declared_resolution_is_trusted_only_when_the_page_size_is_plausible(page200: Image.Image) -> None:
    assert source_resolution(page200) == (200, True)
    phone = page200.copy()
    phone.info["dpi"] = (72, 72)  # a 1654×2339 "page" of 23×32 inches: not believable
    dpi, declared = source_resolution(phone)
    assert not declared and dpi == pytest.approx(200, rel=0.01)  # inferred from A4


def test_uneven_lighting_is_flattened_and_reported(page200: Image.Image) -> None:
    photo = to_gray(phone_photo(page200, seed=1, skew=0.0, shadow=0.5))
    flat, uneven = flatten_lighting(np.asarray(photo))
    assert uneven
    paper = flat[300:400, 100:300]  # a blank stretch of paper on the shaded side and the lit side
    lit = flat[300:400, 1300:1500]
    assert abs(float(np.median(paper)) - float(np.median(lit))) < 12
    _, uneven_scan = flatten_lighting(np.asarray(degrade(page200, seed=1)))
    assert not uneven_scan


@pytest.mark.parametrize("angle", [-3.2, -0.7, 0.0, 1.4, 4.5])
def test_skew_is_measured(page200: Image.Image, angle: float) -> None:
    gray = degrade(page200, seed=2, angle=angle)
    assert estimate_skew(binarise(np.asarray(gray))) == pytest.approx(angle, abs=0.2)


def test_300_dpi_scans_are_brought_to_the_ocr_resolution() -> None:
    scan = degrade(render_table(equipment_spec(5, seed=3), 300), seed=3, angle=1.0)
    page = prepare_page(scan)
    assert page.dpi == TARGET_DPI and page.source_dpi == 300
    assert page.image.size == pytest.approx((scan.width * 2 / 3, scan.height * 2 / 3), abs=2)
    assert not page.photo


def test_ruled_grid_and_merged_header_cells_are_found(page200: Image.Image) -> None:
    page = prepare_page(degrade(page200, seed=4, angle=-1.3))
    hmask, vmask = rule_masks(page.binary, page.dpi)
    grids = find_grids(find_lines(hmask, page.dpi, True), find_lines(vmask, page.dpi, False), page.dpi)
    assert len(grids) == 1
    grid = grids[0]
    assert (grid.n_rows, grid.n_cols) == (12, 8)  # two header rows + 10 data rows, 8 columns
    regions = {(g.r0, g.c0): g for g in merge_regions(grid, hmask, vmask)}
    assert (regions[(0, 1)].c1, regions[(0, 1)].r1) == (3, 0)  # 设备信息 over three sub-headers
    assert (regions[(0, 0)].r1, regions[(0, 0)].c1) == (1, 0)  # 序号 over both header rows
    assert all(regions[(r, c)].r1 == r and regions[(r, c)].c1 == c for r in range(2, 12) for c in range(8))


def test_only_a_page_shaped_image_without_resolution_is_assumed_a4():
    page = Image.new("L", (1654, 2339), 255)  # A4 at 141 dpi, no dpi declared
    dpi, declared = source_resolution(page)
    assert not declared and abs(dpi - 2339 / 11.69) < 0.5
    card = Image.new("L", (1406, 562), 255)  # a landscape certificate/card: no page scale to infer
    assert source_resolution(card) == (float(TARGET_DPI), False)
    strip = Image.new("L", (600, 2400), 255)  # portrait strip (a cropped column)
    assert source_resolution(strip) == (float(TARGET_DPI), False)
