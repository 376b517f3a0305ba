"""Image normalisation before OCR: EXIF orientation, resolution, grayscale, deskew, lighting,
binarisation. Each step is a small function on PIL images / numpy arrays; `prepare_page` chains
them. Turns of 90/180/270° are decided in `extractors.ocr.page` (they need the OCR engine).

Coordinates: every bbox the scanned-page path reports is in pixels of the *normalised* page image
(`PreparedPage.image`: after EXIF transpose, quarter turns, rescaling to `dpi` and deskew), which
is also the page image kept for the reviewer, so boxes drawn on it line up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps
from scipy import ndimage

from models.settings import ExtractionSettings

# Tesseract read generated scans better at 200 dpi than at 300, and faster (FIELD-NOTES); every
# page is rescaled to this resolution unless it is already within DPI_TOLERANCE of it.
TARGET_DPI = ExtractionSettings.defaults().ocr_dpi
DPI_TOLERANCE = 0.15
# A declared resolution is trusted only when it gives a plausible page size (inches, long side);
# phones write 72 dpi whatever the distance. Otherwise the page is assumed to be A4.
PLAUSIBLE_PAGE_INCHES = (5.0, 17.5)
A4_LONG_SIDE_INCHES = 11.69
# Short/long side ratios of a page (A4 0.707, Letter 0.773, with room for a cropped scan).
PAGE_ASPECT = (0.6, 0.85)
# Deskew searches this range (degrees); larger angles are not "small skew" but a bad photo.
MAX_SKEW_DEG = 6.0
# Paper brightness varying less than this (grey levels, 2nd–98th percentile) is even lighting:
# no per-region flattening needed.
EVEN_LIGHT_RANGE = 12
# Ink pixels sampled for the skew search (enough for a stable profile, cheap to histogram).
SKEW_SAMPLE = 60_000
# Corrections below this (degrees) are left alone: resampling costs more than it gains.
MIN_DESKEW_DEG = 0.1


@dataclass
class PreparedPage:
    """A page ready for OCR. `image` (L, white paper) is what the reviewer sees and what bboxes
    refer to; `binary` (True = ink) is for ruling-line detection."""

    image: Image.Image
    binary: np.ndarray
    dpi: int
    source_dpi: float
    skew_deg: float = 0.0  # skew found (ccw positive); the page was turned back by it
    quarter_turns: int = 0  # counter-clockwise 90° turns applied
    photo: bool = False  # uneven lighting or no plausible resolution: a photo, not a scan


def source_resolution(img: Image.Image) -> tuple[float, bool]:
    """The scan resolution and whether the file declared it: the declared one when plausible,
    else inferred from an A4 page."""
    long_px = max(img.size)
    dpi = img.info.get("dpi")
    if dpi:
        try:
            d = float(dpi[0])
        except (TypeError, ValueError, IndexError):
            d = 0.0
        if d > 0 and PLAUSIBLE_PAGE_INCHES[0] <= long_px / d <= PLAUSIBLE_PAGE_INCHES[1]:
            return d, True
    # Only a page-shaped image is assumed to be A4; a card, strip or landscape certificate of another
    # shape says nothing of its scale, and up-sampling it by a page guess blurs strokes (二 read as -):
    # its pixels are read as they are.
    short_px = min(img.size)
    page_shaped = PAGE_ASPECT[0] <= short_px / max(1, long_px) <= PAGE_ASPECT[1]
    guess = long_px / A4_LONG_SIDE_INCHES if page_shaped else float(TARGET_DPI)
    # Unless the size of its text says otherwise (by more than A4_GLYPH_AGREEMENT): a cropped table
    # scan is no A4 page, and read as one it was up-sampled 2.6× and blurred past reading.
    measured = resolution_from_glyphs(img)
    if measured is not None and max(guess, measured) / min(guess, measured) > A4_GLYPH_AGREEMENT:
        return measured, False
    return guess, False


# Ink height of a body-text glyph (a 10.5 pt CJK character is about 9 pt of ink), the scale a
# page without a usable resolution is measured by; and how many glyph-like blobs that needs.
GLYPH_INK_PT = 9.0
MIN_GLYPHS = 30
# An A4 guess and the glyph measure further apart than this factor: the image is no A4 page (a
# cropped table), the glyphs decide.
A4_GLYPH_AGREEMENT = 1.5


def resolution_from_glyphs(img: Image.Image) -> float | None:
    """The scan's resolution from its text: the typical height of glyph-sized ink blobs (a
    character's height, not a rule's length) taken as GLYPH_INK_PT. None when too few blobs."""
    gray = np.asarray((ImageOps.exif_transpose(img) or img).convert("L"))
    step = max(1, max(gray.shape) // 2500)  # large photos: measure on a reduced copy
    g = gray[::step, ::step]
    labels, n = ndimage.label(g < min(otsu_threshold(g), 200))
    if n < MIN_GLYPHS:
        return None
    slices = ndimage.find_objects(labels)
    heights = []
    for sl in slices:
        h = sl[0].stop - sl[0].start
        w = sl[1].stop - sl[1].start
        if 6 <= h <= 200 and 0.4 * h <= w <= 2.5 * h:
            heights.append(h)
    if len(heights) < MIN_GLYPHS:
        return None
    # the taller blobs are whole characters (the shorter ones parts of 北, 讯, dots, noise)
    glyph_px = float(np.percentile(heights, 80)) * step
    return glyph_px / (GLYPH_INK_PT / 72)


def to_gray(img: Image.Image) -> Image.Image:
    """EXIF transpose, flatten transparency on white, convert to 8-bit grayscale."""
    img = ImageOps.exif_transpose(img) or img
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(bg, rgba)
    if img.mode == "1":
        return img.convert("L")
    if img.mode == "I;16" or img.mode == "I":
        a = np.asarray(img, dtype=np.float32)
        a = 255 * (a - a.min()) / max(1.0, float(a.max() - a.min()))
        return Image.fromarray(a.astype(np.uint8), "L")
    return img.convert("L")


def rescale(img: Image.Image, source_dpi: float, target_dpi: int = TARGET_DPI) -> Image.Image:
    """Resample to `target_dpi` unless already close to it."""
    factor = target_dpi / source_dpi
    if abs(factor - 1) <= DPI_TOLERANCE:
        return img
    size = (max(1, round(img.width * factor)), max(1, round(img.height * factor)))
    if factor < 1:  # Lanczos: bilinear cost a phone photo 1 in 14 rows
        return img.resize(size, Image.LANCZOS)
    return img.resize(size, Image.BICUBIC)


def flatten_lighting(gray: np.ndarray) -> tuple[np.ndarray, bool]:
    """Divide by an estimate of the paper's brightness so shadows and gradients of a phone photo
    become white paper again (background normalisation). Returns uint8 (paper ≈ 255) and
    whether the lighting was uneven."""
    h, w = gray.shape
    step = 16
    # The paper is the bright part: a max filter over ~2 text lines of block averages removes
    # the ink; that estimate is what the page is divided by.
    small = np.asarray(Image.fromarray(gray).reduce(step), dtype=np.float32)
    bg_small = ndimage.uniform_filter(ndimage.maximum_filter(small, size=5), size=5)
    # Whether the light is uneven is judged on the brightest pixel of each block instead: block
    # averages darken wherever a dense table has ink in every block, and a plain scan of a
    # roster looked "uneven" (and was treated as a photo).
    hs, ws = h // step, w // step
    if hs and ws:
        peaks = gray[: hs * step, : ws * step].reshape(hs, step, ws, step).max(axis=(1, 3)).astype(np.float32)
        peaks = ndimage.uniform_filter(ndimage.maximum_filter(peaks, size=3), size=5)
        lo, hi = np.percentile(peaks, [2, 98])
    else:
        lo, hi = np.percentile(bg_small, [2, 98])
    if hi - lo < EVEN_LIGHT_RANGE:
        # a flatbed scan: one gain for the whole page is enough (and a third of the cost)
        paper = max(float(np.percentile(bg_small, 98)), 1.0)
        lut = np.clip(np.arange(256, dtype=np.float32) * 255.0 / paper, 0, 255).astype(np.uint8)
        return lut[gray], False
    bg = np.asarray(Image.fromarray(bg_small).resize((w, h), Image.BILINEAR), dtype=np.float32)
    out = gray.astype(np.float32) / np.maximum(bg, 1.0) * 255.0
    return np.clip(out, 0, 255).astype(np.uint8), True


def otsu_threshold(gray: np.ndarray) -> int:
    # a 1-in-9 sample of the pixels gives the same histogram shape at a ninth of the cost
    hist = np.bincount(gray[::3, ::3].ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    omega = np.cumsum(hist) / total
    mu = np.cumsum(hist * np.arange(256)) / total
    mu_t = mu[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        sigma_b = (mu_t * omega - mu) ** 2 / (omega * (1 - omega))
    sigma_b = np.nan_to_num(sigma_b)
    return int(np.argmax(sigma_b))


def binarise(gray: np.ndarray) -> np.ndarray:
    """True where there is ink (Otsu on the lighting-flattened image)."""
    t = otsu_threshold(gray)
    # Otsu on a mostly-white page can land too high in the paper's noise; cap it.
    return gray < min(t, 200)


def estimate_skew(binary: np.ndarray, max_deg: float = MAX_SKEW_DEG) -> float:
    """Skew angle in degrees (counter-clockwise positive, as PIL's rotate) by the projection-profile
    method: the angle at which row sums of ink are the most peaked (text lines, ruling lines).

    For small angles a rotation is a vertical shear, so each candidate angle is one histogram of
    sheared ink coordinates (a sample of ink pixels), not an image rotation."""
    ys, xs = np.nonzero(binary[::2, ::2])
    if len(ys) < 50:
        return 0.0
    if len(ys) > SKEW_SAMPLE:
        pick = np.random.default_rng(0).choice(len(ys), SKEW_SAMPLE, replace=False)
        ys, xs = ys[pick], xs[pick]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64) - binary.shape[1] / 4
    n_bins = binary.shape[0] // 2 + binary.shape[1] // 2 + 2

    def score(angle: float) -> float:
        # a line tilted by +angle (ccw) has y decreasing with x; undo it: y' = y + x·tan(angle)
        yp = ys + xs * np.tan(np.radians(angle)) + binary.shape[1] / 4
        hist = np.bincount(np.clip(yp.astype(np.int64), 0, n_bins - 1), minlength=n_bins).astype(np.float64)
        return float(np.sum(np.diff(hist) ** 2))

    best = max(np.arange(-max_deg, max_deg + 1e-9, 0.25), key=score)
    fine = max(np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05), key=score)
    return round(float(fine), 2)


def rotate_gray(img: Image.Image, angle: float) -> Image.Image:
    """Rotate a grayscale page by `angle` degrees (ccw), filling the new corners with paper."""
    if abs(angle) < 0.05:
        return img
    # bilinear: a third of bicubic's time on a full page, no visible loss at 200 dpi
    return img.rotate(angle, resample=Image.BILINEAR, expand=False, fillcolor=255)


def prepare_page(img: Image.Image, quarter_turns: int = 0, target_dpi: int = TARGET_DPI) -> PreparedPage:
    """EXIF transpose → grayscale → quarter turns → rescale to `target_dpi` → flatten lighting →
    deskew → binarise."""
    src_dpi, declared = source_resolution(ImageOps.exif_transpose(img) or img)
    gray = to_gray(img)
    if quarter_turns % 4:
        gray = gray.rotate(90 * (quarter_turns % 4), expand=True)
    gray = rescale(gray, src_dpi, target_dpi)
    flat, uneven = flatten_lighting(np.asarray(gray))
    binary = binarise(flat)
    skew = estimate_skew(binary)
    page = Image.fromarray(flat, "L")
    if abs(skew) >= MIN_DESKEW_DEG:
        page = rotate_gray(page, -skew)
        binary = binarise(np.asarray(page))
    page.info["dpi"] = (target_dpi, target_dpi)
    return PreparedPage(
        image=page,
        binary=binary,
        dpi=target_dpi,
        source_dpi=src_dpi,
        skew_deg=skew,
        photo=uneven or not declared,
        quarter_turns=quarter_turns % 4,
    )


# A pixel whose brightest and darkest channels differ by more than this is coloured ink (a red
# seal, a blue stamp), not the black or grey of printed text, rules and scanner noise.
COLOUR_INK_SPREAD = 40


def without_colour_ink(img: Image.Image) -> Image.Image | None:
    """The page with coloured ink turned to paper (each coloured pixel takes its brightest
    channel: a red seal is bright in red), or None when the image has no colour or no coloured
    ink. A seal stamped over a table draws arcs that read as column rules and characters that
    read as cell text; black text under it keeps what the seal did not cover."""
    if img.mode not in ("RGB", "RGBA", "P", "CMYK"):
        return None
    rgb = np.asarray((ImageOps.exif_transpose(img) or img).convert("RGB"), dtype=np.int16)
    hi, lo = rgb.max(axis=2), rgb.min(axis=2)
    coloured = (hi - lo) > COLOUR_INK_SPREAD
    if not coloured.any():
        return None
    gray = np.asarray((ImageOps.exif_transpose(img) or img).convert("L"), dtype=np.int16)
    out = np.where(coloured, hi, gray).astype(np.uint8)
    page = Image.fromarray(out, "L")
    page.info.update({k: v for k, v in img.info.items() if k == "dpi"})
    return page
