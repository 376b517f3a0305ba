"""The scanned-page path: image → normalised page → OCR words → tables and text → PageText.

    prepare (EXIF, dpi, lighting, deskew) → find rules → grid cells → compose cells + text bands
    → one OCR call → orientation retry → place words → normalise text → page image with boxes

Pages without ruled tables are read as they are (--psm 3) and searched for borderless tables.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
from PIL import Image
from scipy import ndimage

from extractors.ocr.confidence import PHOTO_CONFIDENCE_FACTOR
from extractors.ocr.engine import OcrEngine, OcrWord, TesseractEngine
from extractors.ocr.postprocess import normalise_ocr_text
from extractors.ocr.preprocess import (
    DPI_TOLERANCE,
    TARGET_DPI,
    PreparedPage,
    prepare_page,
    source_resolution,
    without_colour_ink,
)
from extractors.ocr.render import page_png
from extractors.ocr.rules import Grid, find_rules
from extractors.ocr.second_look import second_look
from extractors.ocr.table import (
    OcrChunk,
    Region,
    borderless_chunks,
    merge_regions,
    place_words,
    read_regions,
    regions_to_chunk,
)
from extractors.ocr.tables import TITLE_LOOKBACK_INCH
from extractors.ocr.text import group_lines, is_noise, join_line
from extractors.readers.chunks import is_page_mark
from models import EvidenceRef, PageText, ReadNote

# Below this mean word confidence the page may be turned (upside down / sideways): ask OSD and
# re-read. Upright generated scans score ~90, upside-down ones ~50.
ORIENTATION_RETRY_CONF = 70.0
ORIENTATION_MIN_WORDS = 8


@dataclass
class PageReading:
    """One OCR pass over a prepared page: words in page pixels, the grids with their cells."""

    prep: PreparedPage
    words: list[OcrWord]
    grids: list[tuple[Grid, list[Region]]]
    rule_mask: np.ndarray
    erased: np.ndarray | None = None  # the page with its rules erased (ruled pages)
    ink: np.ndarray | None = None  # ink without the rules

    @property
    def mean_conf(self) -> float:
        kept = [w.conf for w in self.words if not is_noise(w)]
        return float(np.mean(kept)) if kept else 0.0


@dataclass
class OcrPage:
    """Everything read from one scanned page: its text and the tables found on it (as chunks, to
    be joined with the other pages' by `chunks_to_tables`)."""

    page: PageText
    chunks: list[OcrChunk]
    words: list[OcrWord] = field(default_factory=list)
    prepared: PreparedPage | None = None


def read_page(image: Image.Image, quarter_turns: int, engine: OcrEngine, target_dpi: int = TARGET_DPI) -> PageReading:
    """Prepare the page, find its ruled tables, OCR it (composite of cells when ruled)."""
    # A table is read without its seal (coloured ink): a red stamp's arcs split columns and its
    # characters mix into cells. A page without ruled tables (a certificate, whose red title is
    # its content) is read with its colours.
    plain = without_colour_ink(image)
    prep = prepare_page(plain if plain is not None else image, quarter_turns=quarter_turns, target_dpi=target_dpi)
    hmask, vmask, grids = find_rules(prep.binary, prep.dpi)
    seal = None
    if plain is not None and not grids:
        prep = prepare_page(image, quarter_turns=quarter_turns, target_dpi=target_dpi)
        hmask, vmask, grids = find_rules(prep.binary, prep.dpi)
    elif plain is not None:
        # where the seal covers a rule, the rule is taken as drawn (what is under it is unknown)
        inked = prepare_page(image, quarter_turns=quarter_turns, target_dpi=target_dpi).binary
        if inked.shape == prep.binary.shape:
            seal = ndimage.maximum_filter((inked & ~prep.binary).view(np.uint8), size=5).view(bool)
    rule_mask = hmask | vmask
    if not grids:
        # one uniform block too: --psm 3 split a borderless table into column blocks and lost
        # whole columns (cell accuracy 0.09 against 0.89 with --psm 6 on a generated page)
        words = engine.to_words(engine.run(prep.image, prep.dpi, layout="block"))
        return PageReading(prep, words, [], rule_mask)
    # Rules erased before OCR: they otherwise leak in as `|`, `[`, `“` and break text lines;
    # the erased page then reads best as one uniform block (--psm 6: 0.99 of the characters in
    # order on a generated scan, against 0.31 with --psm 3, which splits it into column blocks).
    page = np.asarray(prep.image).copy()
    grown = ndimage.maximum_filter(rule_mask.view(np.uint8), size=7).view(bool)
    page[grown] = 255
    words = engine.to_words(engine.run(Image.fromarray(page, "L"), prep.dpi, layout="block"))
    sep_h, sep_v = (hmask, vmask) if seal is None else (hmask | seal, vmask | seal)
    with_regions = [(g, merge_regions(g, sep_h, sep_v)) for g in grids]
    for grid, regions in with_regions:
        words = place_words(grid, regions, words) + [w for g in regions for w in g.words]
    words.sort(key=lambda w: (w.line, w.x0))
    return PageReading(prep, words, with_regions, rule_mask, erased=page, ink=prep.binary & ~grown)


def osd_quarter_turns(image: Image.Image, dpi: int) -> int | None:
    """Counter-clockwise quarter turns that make the page upright, from Tesseract OSD; None
    when OSD is not installed or cannot tell."""
    import pytesseract

    try:
        out = pytesseract.image_to_osd(image, config=f"--psm 0 --dpi {dpi}")
    except Exception:  # noqa: BLE001 — "too few characters", missing osd.traineddata
        return None
    m = re.search(r"Rotate:\s*(\d+)", out)
    if not m:
        return None
    return (-int(m.group(1)) // 90) % 4


def read_upright(image: Image.Image, engine: OcrEngine, target_dpi: int = TARGET_DPI) -> PageReading:
    """OCR the page as it comes; if it reads poorly, turn it as OSD says (or try each turn) and
    keep the reading with the best mean confidence."""
    best = read_page(image, 0, engine, target_dpi)
    if best.mean_conf >= ORIENTATION_RETRY_CONF and len(best.words) >= ORIENTATION_MIN_WORDS:
        return best
    turns = osd_quarter_turns(best.prep.image, best.prep.dpi)
    candidates = [turns] if turns else ([] if turns == 0 else [2, 1, 3])
    for q in candidates:
        attempt = read_page(image, q, engine, target_dpi)
        if attempt.mean_conf > best.mean_conf:
            best = attempt
        if best.mean_conf >= ORIENTATION_RETRY_CONF:
            break
    return best


def page_lines(words: list[OcrWord]) -> list[str]:
    """The page's text, line by line, top to bottom (noise tokens dropped, text normalised)."""
    lines = group_lines([w for w in words if not is_noise(w)])
    lines.sort(key=lambda ln: min(w.y0 for w in ln))
    return [t for t in (normalise_ocr_text(join_line(ln)) for ln in lines) if t]


def lines_above(words: list[OcrWord], top: float, dpi: int, whole: bool = False) -> list[str]:
    """Text lines above a table's top edge: within the born-digital reader's title look-back,
    or (`whole`) up to the page top."""
    start = 0.0 if whole else top - TITLE_LOOKBACK_INCH * dpi
    return page_lines([w for w in words if w.y1 <= top + 2 and w.y0 >= start])


def ocr_page(
    image: Image.Image,
    file: str,
    page_no: int,
    dpi: int | None = None,
    engine: OcrEngine | None = None,
    keep_image: bool = True,
    second_look_enabled: bool = True,
    target_dpi: int = TARGET_DPI,
) -> OcrPage:
    """Read one scanned page: its text (PageText, with the page image) and its table chunks.
    `dpi` overrides the resolution the image declares; `target_dpi` is the one it is read at."""
    engine = engine or TesseractEngine()
    if dpi:
        image = image.copy()
        image.info["dpi"] = (dpi, dpi)
    reading = read_upright(image, engine, target_dpi)
    prep = reading.prep
    in_cells = {id(w) for _, regs in reading.grids for g in regs for w in g.words}
    outside = [w for w in reading.words if id(w) not in in_cells]
    chunks: list[OcrChunk] = []
    for _, regions in reading.grids:
        read_regions(regions, prep.binary, reading.rule_mask)
    if reading.grids and second_look_enabled:
        all_regions = [g for _, regs in reading.grids for g in regs]
        second_look(all_regions, reading.erased, reading.ink, engine, prep.dpi)
    for grid, regions in reading.grids:
        chunks.append(regions_to_chunk(grid, regions, page_no))
    if not reading.grids:
        chunks = borderless_chunks(reading.words, page_no)
    if prep.photo:
        for ch in chunks:
            ch.confidences = [
                [None if c is None else round(c * PHOTO_CONFIDENCE_FACTOR, 1) for c in row]
                for row in ch.confidences
            ]
    for ch in chunks:
        ch.lines_above = lines_above(outside, ch.top, prep.dpi)
        ch.at_page_top = all(
            is_page_mark(ln) for ln in lines_above(outside, ch.top, prep.dpi, whole=True)
        )
    page = PageText(
        number=page_no,
        text="\n".join(page_lines(reading.words)),
        has_text_layer=False,
        ocr_confidence=round(reading.mean_conf * (PHOTO_CONFIDENCE_FACTOR if prep.photo else 1), 1)
        if reading.words
        else None,
    )
    if keep_image:
        page.image_png = page_png(prep.image, chunks)
    return OcrPage(page=page, chunks=chunks, words=reading.words, prepared=prep)


# ---------------------------------------------------------------- pages too large to OCR whole


def oversize_note(file: str, page_no: int, size_px: tuple[int, int], max_pixels: int, read_as: str) -> ReadNote:
    """A page whose image at the OCR resolution would pass `max_pixels`: it was read shrunk
    (`read_as`: "按约 22 dpi" or "缩小至 6324×6324 像素")."""
    w, h = size_px
    return ReadNote(
        reason="ocr_page_too_large",
        message_zh=f"第 {page_no} 页图像约 {w}×{h} 像素（{w * h / 1e6:.0f} 百万像素），超过文字识别上限 "
        f"{max_pixels / 1e6:.0f} 百万像素，已{read_as}识别，细小文字可能未识别，请人工核对该页",
        evidence=[EvidenceRef(file=file, page=page_no)],
    )


def ocr_dpi_for_page(width_pt: float, height_pt: float, dpi: int, max_pixels: int) -> int:
    """The resolution a PDF page is rendered at for OCR: `dpi`, lowered so that the page image
    stays within `max_pixels` (a 20,000-point drawing sheet would be 3 Gpx at 200 dpi)."""
    pixels = (width_pt / 72 * dpi) * (height_pt / 72 * dpi)
    if pixels <= max_pixels:
        return dpi
    return max(1, math.floor(dpi * math.sqrt(max_pixels / pixels)))


def shrink_for_ocr(
    images: list[tuple[int, Image.Image]], file: str, max_pixels: int, target_dpi: int = TARGET_DPI
) -> tuple[list[tuple[int, Image.Image]], list[ReadNote]]:
    """Page images whose prepared size (after rescaling to `target_dpi`, as prepare_page does)
    would pass `max_pixels`, shrunk to it before OCR, with a note each; the others as they are.
    Only images read at their own pixels get here (a page-shaped scan is rescaled to A4 anyway)."""
    out, notes = [], []
    for number, img in images:
        src_dpi, _ = source_resolution(img)
        factor = target_dpi / src_dpi
        factor = 1.0 if abs(factor - 1) <= DPI_TOLERANCE else factor
        w, h = img.width * factor, img.height * factor
        if w * h <= max_pixels:
            out.append((number, img))
            continue
        k = math.sqrt(max_pixels / (w * h))
        small = img.resize((max(1, int(w * k)), max(1, int(h * k))), Image.LANCZOS)
        small.info = {key: v for key, v in img.info.items() if key != "dpi"}  # now read at its pixels
        out.append((number, small))
        read_as = f"缩小至 {small.width}×{small.height} 像素"
        notes.append(oversize_note(file, number, (round(w), round(h)), max_pixels, read_as))
    return out, notes
