"""Scanned documents: images (PNG/JPG/TIFF, multi-page TIFF too) and the image-only pages of a
PDF, OCR'd page by page in parallel processes, joined into one `models.Document`.

Tesseract runs single-threaded (OMP_THREAD_LIMIT=1); throughput comes from OCR'ing pages in
`ExtractionSettings.ocr_workers` processes at once (`map_pages`, the one worker pool).
"""

from __future__ import annotations

import io
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from PIL import Image, ImageSequence, UnidentifiedImageError

from extractors.errors import UnreadableDocumentError
from extractors.ocr.engine import OcrUnavailable, check_tesseract
from extractors.ocr.page import OcrPage, ocr_page, shrink_for_ocr
from extractors.ocr.tables import chunks_to_tables
from extractors.readers.layout import HeaderScorer
from extractors.readers.pdf import page_limit_note
from models import Document, PageText, SourceFormat
from models.settings import ExtractionSettings

DEFAULTS = ExtractionSettings.defaults()

_checked = False


def ensure_ocr() -> None:
    """Start-up check, once per process: Tesseract and its languages, else `unsupported`
    with the install hint (the document is flagged, the packet goes on)."""
    global _checked
    if _checked:
        return
    try:
        check_tesseract()
    except OcrUnavailable as exc:
        raise UnreadableDocumentError("unsupported", str(exc)) from exc
    _checked = True


def load_images(data: bytes, file: str = "", max_pages: int = DEFAULTS.max_image_pages) -> list[Image.Image]:
    """Every page (frame) of an image file up to `max_pages`, loaded; EXIF and dpi info kept."""
    return load_image_frames(data, file, max_pages)[0]


def load_image_frames(
    data: bytes, file: str = "", max_pages: int = DEFAULTS.max_image_pages
) -> tuple[list[Image.Image], int]:
    """(the first `max_pages` frames, loaded, and how many frames the file holds). An image
    whose pixel count exceeds Pillow's bomb limit is refused with its size."""
    try:
        img = Image.open(io.BytesIO(data))
        pixels = img.width * img.height
        if pixels > Image.MAX_IMAGE_PIXELS:
            raise UnreadableDocumentError(
                "too_large",
                f"{img.width}x{img.height} px",
                file,
                message_zh=f"图像 {img.width}×{img.height} 像素（{pixels / 1e6:.0f} 百万像素），超过上限 "
                f"{Image.MAX_IMAGE_PIXELS / 1e6:.0f} 百万像素（疑似解压炸弹图像），已拒绝读取。",
            )
        frames = []
        total = 0
        for k, frame in enumerate(ImageSequence.Iterator(img)):
            total = k + 1
            if k >= max_pages:
                continue  # counted, not decoded: the note says which frames were left out
            page = frame.copy()
            page.info.update({key: v for key, v in frame.info.items() if key in ("dpi", "exif")})
            if "exif" not in page.info and hasattr(frame, "getexif"):
                exif = frame.getexif()
                if exif:
                    page.info["exif"] = exif.tobytes()
            frames.append(page)
        return frames, total
    except Image.DecompressionBombError as exc:
        raise UnreadableDocumentError(
            "too_large", str(exc), file, message_zh=f"图像像素数超过上限（疑似解压炸弹图像），已拒绝读取（{exc}）。"
        ) from exc
    except UnidentifiedImageError as exc:
        raise UnreadableDocumentError("corrupt", f"not an image Pillow can open: {exc}", file) from exc
    except (OSError, SyntaxError) as exc:
        raise UnreadableDocumentError("corrupt", f"{type(exc).__name__}: {exc}", file) from exc


def _blank(image: Image.Image) -> bool:
    """One colour all over (min == max in every band)."""
    extrema = image.getextrema()
    bands = extrema if isinstance(extrema[0], tuple) else (extrema,)
    return all(lo == hi for lo, hi in bands)


def page_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes for OCR'ing pages. Forked from a fork server with the OCR modules
    preloaded, not from the caller: the caller may run threads (Prefect's task runner), and
    forking a threaded process can deadlock on a lock some thread held. A process with one
    thread (the per-document worker of extractors.isolation, itself forked warm) forks directly:
    a fork server started anew for every document would cost seconds of imports."""
    if threading.active_count() == 1:
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["extractors.ocr.document", "extractors.ocr.pdf"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


Job = TypeVar("Job")


def map_pages(read: Callable[[Job], OcrPage], jobs: list[Job], workers: int) -> list[OcrPage]:
    """`read(job)` for every page job, in up to `workers` processes when there are several pages."""
    n = min(workers, len(jobs))
    if n <= 1:
        return [read(j) for j in jobs]
    with page_pool(n) as pool:
        return list(pool.map(read, jobs))


def _ocr_one(args: tuple[Image.Image, str, int, int | None, int]) -> OcrPage:
    image, file, page_no, dpi, target_dpi = args
    result = ocr_page(image, file, page_no, dpi=dpi, target_dpi=target_dpi)
    # only what the document keeps travels back from the worker process
    return OcrPage(page=result.page, chunks=result.chunks)


def ocr_pages(
    images: list[tuple[int, Image.Image]],
    file: str,
    dpi: int | None = None,
    settings: ExtractionSettings = DEFAULTS,
) -> list[OcrPage]:
    """OCR (page number, image) pairs, in parallel processes when there are several pages."""
    jobs = [(img, file, number, dpi, settings.ocr_dpi) for number, img in images]
    return map_pages(_ocr_one, jobs, settings.ocr_workers)


def read_image_document(
    data: bytes,
    file: str,
    header_scorer: HeaderScorer | None = None,
    max_rows: int | None = None,
    settings: ExtractionSettings = DEFAULTS,
    **_: object,
) -> Document:
    """Read a scan or photo (PNG/JPG/TIFF/BMP/WebP; every TIFF page) by OCR."""
    ensure_ocr()
    images, total = load_image_frames(data, file, settings.max_image_pages)
    limit = settings.max_image_pages
    notes = [page_limit_note(file, total, limit, "帧")] if total > limit else []
    numbered = list(enumerate(images, start=1))
    inked, shrunk = shrink_for_ocr([(n, im) for n, im in numbered if not _blank(im)], file,
                                   settings.max_ocr_pixels, settings.ocr_dpi)
    notes += shrunk
    read = dict(zip([n for n, _ in inked], ocr_pages(inked, file, settings=settings))) if inked else {}
    # A blank frame (separator sheets of a scanned TIFF) holds nothing to OCR: an empty page.
    pages = [read.get(n) or OcrPage(page=PageText(number=n, text="", has_text_layer=False), chunks=[]) for n, _ in numbered]
    tables = chunks_to_tables([p.chunks for p in pages], file, header_scorer, max_rows)
    title = next((ln for p in pages for ln in p.page.text.splitlines() if ln.strip()), None)
    return Document(
        file=file, format=SourceFormat.IMAGE, title=title, pages=[p.page for p in pages], tables=tables,
        read_notes=notes,
    )
