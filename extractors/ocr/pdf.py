"""Image-only pages of a PDF (scans, or text layers of CID garbage): rendered at the OCR
resolution and read like any scan, in parallel processes, then put back in the PDF reader's
page list and table chunks so tables running across text and scanned pages still join.

Passed by `extractors.read` to `extractors.readers.pdf.read_pdf` as its scan reader:

    scans = read_scanned_pages(data, file, pages, chunks)   # fills pages/chunks in place
    tables = scans.apply(build_tables(chunks, ...))         # engine/confidence of OCR'd cells
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

from extractors.errors import UnreadableDocumentError
from extractors.ocr.document import DEFAULTS, ensure_ocr, map_pages
from extractors.ocr.page import OcrPage, ocr_dpi_for_page, ocr_page, oversize_note
from extractors.ocr.tables import BoxKey, apply_ocr_provenance, confidence_index, to_layout_chunk
from extractors.readers.chunks import TableChunk
from models import PageText, ReadNote, Table
from models.settings import ExtractionSettings


def render_pdf_page(data: bytes, number: int, dpi: int = DEFAULTS.ocr_dpi) -> Image.Image:
    """Page `number` (1-based) as a grayscale image at `dpi` (pdfium, in memory)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[number - 1]
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        page.close()
    finally:
        pdf.close()
    image.info["dpi"] = (dpi, dpi)
    return image


def _ocr_pdf_page(args: tuple[bytes, int, str, int]) -> OcrPage:
    data, number, file, dpi = args
    result = ocr_page(render_pdf_page(data, number, dpi), file, number, target_dpi=dpi)
    return OcrPage(page=result.page, chunks=result.chunks)


def page_dpis(data: bytes, numbers: list[int], settings: ExtractionSettings = DEFAULTS) -> dict[int, int]:
    """The OCR resolution of each page: `settings.ocr_dpi`, lower for a page too large to render
    whole within `settings.max_ocr_pixels` (extractors.ocr.page.ocr_dpi_for_page)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return {n: ocr_dpi_for_page(*pdf[n - 1].get_size(), settings.ocr_dpi, settings.max_ocr_pixels) for n in numbers}
    finally:
        pdf.close()


def ocr_pdf_pages(
    data: bytes, numbers: list[int], file: str, settings: ExtractionSettings = DEFAULTS,
    dpis: dict[int, int] | None = None,
) -> dict[int, OcrPage]:
    """OCR the given pages (render + read), several at once in worker processes."""
    dpis = dpis or {}
    jobs = [(data, n, file, dpis.get(n, settings.ocr_dpi)) for n in numbers]
    return dict(zip(numbers, map_pages(_ocr_pdf_page, jobs, settings.ocr_workers)))


@dataclass
class ScannedPages:
    """What OCR read on a PDF's image-only pages; `apply` marks their cells in the tables."""

    pages: set[int] = field(default_factory=set)
    index: dict[BoxKey, float | None] = field(default_factory=dict)
    notes: list[ReadNote] = field(default_factory=list)  # pages read shrunk (too large to OCR whole)

    def apply(self, tables: list[Table]) -> list[Table]:
        return apply_ocr_provenance(tables, self.index, self.pages) if self.pages else tables


def read_scanned_pages(
    data: bytes,
    file: str,
    pages: list[PageText],
    chunks: list[list[TableChunk]],
    settings: ExtractionSettings = DEFAULTS,
) -> ScannedPages:
    """OCR every page of `pages` without a usable text layer; replace its PageText and its
    (empty) table chunks in place. Without Tesseract, a PDF of scans only is `unsupported`
    (with the install hint); in a mixed PDF the text pages are still read."""
    numbers = [p.number for p in pages if not p.has_text_layer]
    if not numbers:
        return ScannedPages()
    try:
        ensure_ocr()
    except UnreadableDocumentError:
        if len(numbers) == len(pages):
            raise  # nothing readable without OCR: `unsupported`, with the install hint
        return ScannedPages()  # the text pages are still read; the scanned ones stay empty
    dpis = page_dpis(data, numbers, settings)
    notes = []
    for n, dpi in dpis.items():
        if dpi < settings.ocr_dpi:
            w, h = (round(v / 72 * settings.ocr_dpi) for v in pdf_page_size(data, n))
            notes.append(oversize_note(file, n, (w, h), settings.max_ocr_pixels, f"按约 {dpi} dpi "))
    results = ocr_pdf_pages(data, numbers, file, settings, dpis)
    ocr_chunks = []
    for number, result in results.items():
        pages[number - 1] = result.page
        chunks[number - 1] = [to_layout_chunk(c) for c in result.chunks]
        ocr_chunks.extend(result.chunks)
    return ScannedPages(pages=set(results), index=confidence_index(ocr_chunks), notes=notes)


def pdf_page_size(data: bytes, number: int) -> tuple[float, float]:
    """Page `number`'s (width, height) in points."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return pdf[number - 1].get_size()
    finally:
        pdf.close()
