"""OCR engines behind one small protocol: raw engine output first, then normalised words.

Like img2table's `OCRInstance`: `run()` returns what the engine gave (here Tesseract's TSV as a
column dict), `to_words()` maps it to one fixed schema (`OcrWord`). Everything downstream
(table reconstruction, confidence, page text) only sees `OcrWord`s, so another engine can be
plugged in without touching it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from typing import Literal, Protocol

from PIL import Image

# Tesseract's own OpenMP threading made it ~4x slower on 2 shared cores (FIELD-NOTES): run it
# single-threaded and parallelise across pages instead.
TESSERACT_ENV = {"OMP_THREAD_LIMIT": "1"}
# Installed and checked at start-up: chi_sim + eng (SPEC). Recognition uses chi_sim alone: its
# model reads Latin letters and digits too, while with +eng the English model won on Chinese
# cells (叉车→RE, 折弯→Hs, 规格型号→M25): table-cell accuracy on generated scans 0.93 with
# chi_sim+eng against 0.98 with chi_sim (tests/extractors/ocr, 4 pages at 200/300 dpi).
TESSERACT_LANGS = ("chi_sim", "eng")
RECOGNITION_LANGS = ("chi_sim",)
# Page segmentation mode per layout: --psm 3 (automatic) for pages as they come; --psm 6 (one
# uniform block) for tables whose rules were erased (--psm 6 with the rules still there gave
# ~4%, FIELD-NOTES); --psm 4 (one column, lines of varying size) for a stack of cut-out cells
# (it kept lone characters — 四, 7 — that --psm 6 dropped).
Layout = Literal["page", "block", "column"]
TESSERACT_PSM: dict[str, int] = {"page": 3, "block": 6, "column": 4}

INSTALL_HINT = (
    "Install Tesseract and its language data from Debian packages: "
    "`apt-get install tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-osd` "
    "(eng comes with tesseract-ocr)."
)


class OcrUnavailable(RuntimeError):
    """The OCR engine or its language data is missing; the message says how to install it."""


@dataclass(frozen=True)
class OcrWord:
    """One recognised word in pixels of the image given to the engine (origin top-left).

    `conf` is 0–100. `line` identifies the text line (unique within the page), `block` the
    layout block; Tesseract returns Chinese as one "word" per character.
    """

    text: str
    x0: int
    y0: int
    x1: int
    y1: int
    conf: float
    line: int
    block: int

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> int:
        return self.y1 - self.y0


@dataclass
class OcrResult:
    """Raw engine output for one image, kept for debugging and for `to_words()`."""

    engine: str
    raw: dict[str, list] = field(default_factory=dict)


class OcrEngine(Protocol):
    """What the scanned-page path needs from an OCR engine."""

    name: str

    def run(self, image: Image.Image, dpi: int, layout: Layout = "page") -> OcrResult:
        """Recognise `image` (at `dpi`). `layout`: "page" (analyse the layout), "block" (one
        uniform block of text lines: a table whose rules were erased), "column" (a column of
        separate snippets: cells cut out for a second look)."""
        ...

    def to_words(self, result: OcrResult) -> list[OcrWord]: ...


def _env() -> dict[str, str]:
    return {**os.environ, **TESSERACT_ENV}


def check_tesseract(langs: tuple[str, ...] = TESSERACT_LANGS) -> list[str]:
    """Start-up check: the binary runs and the language data exists. Returns the installed
    languages; raises `OcrUnavailable` with the install command otherwise."""
    binary = shutil.which("tesseract")
    if binary is None:
        raise OcrUnavailable(f"tesseract binary not found on PATH. {INSTALL_HINT}")
    proc = subprocess.run(
        [binary, "--list-langs"], check=False, capture_output=True, text=True, env=_env(), timeout=30
    )
    if proc.returncode != 0:
        raise OcrUnavailable(f"`tesseract --list-langs` failed: {proc.stderr.strip()}. {INSTALL_HINT}")
    installed = [ln.strip() for ln in proc.stdout.splitlines()[1:] if ln.strip()]
    missing = [lang for lang in langs if lang not in installed]
    if missing:
        raise OcrUnavailable(f"Tesseract language data missing: {', '.join(missing)}. {INSTALL_HINT}")
    return installed


class TesseractEngine:
    """Tesseract via pytesseract: `RECOGNITION_LANGS`, `--psm` per layout, explicit `--dpi`,
    single-threaded."""

    name = "tesseract"

    def __init__(self, langs: tuple[str, ...] = RECOGNITION_LANGS, psm: dict[str, int] | None = None) -> None:
        self.langs = langs
        self.psm = {**TESSERACT_PSM, **(psm or {})}
        # pytesseract hands os.environ to its subprocess; the limit must be in it.
        os.environ.update(TESSERACT_ENV)

    def config(self, dpi: int, layout: Layout = "page") -> str:
        return f"--psm {self.psm[layout]} --dpi {dpi}"

    def run(self, image: Image.Image, dpi: int, layout: Layout = "page") -> OcrResult:
        import pytesseract

        img = image if image.mode in ("1", "L") else image.convert("L")
        img = img.copy()
        # pytesseract writes a temp file in `image.format`; PNM is uncompressed, hence fast
        # (PNG compression of a noisy scan cost seconds, FIELD-NOTES).
        img.format = "PPM"
        data = pytesseract.image_to_data(
            img,
            lang="+".join(self.langs),
            config=self.config(dpi, layout),
            output_type=pytesseract.Output.DICT,
        )
        return OcrResult(engine=self.name, raw=data)

    def to_words(self, result: OcrResult) -> list[OcrWord]:
        raw = result.raw
        words: list[OcrWord] = []
        for i, text in enumerate(raw.get("text", [])):
            text = str(text).strip()
            conf = float(raw["conf"][i])
            if not text or conf < 0:
                continue
            left, top = int(raw["left"][i]), int(raw["top"][i])
            line = (int(raw["block_num"][i]) * 1000 + int(raw["par_num"][i])) * 1000 + int(raw["line_num"][i])
            words.append(
                OcrWord(
                    text=text,
                    x0=left,
                    y0=top,
                    x1=left + int(raw["width"][i]),
                    y1=top + int(raw["height"][i]),
                    conf=conf,
                    line=line,
                    block=int(raw["block_num"][i]),
                )
            )
        return words
