"""Scanned-page cost, side by side on the same page images (prints figures; not a test). Run:
    .venv/bin/python -m bench.bench_ocr [--pages 8] [--rounds 2]

Columns, per page:
- bare tesseract: the CLI on the page image file, same language, --psm 3, --dpi of the image,
  OMP_THREAD_LIMIT=1, TSV out (what pytesseract would ask for);
- our path: the PNG bytes → `ocr_page` (normalise, rules, OCR, second look, cells, text,
  page image with boxes) → `chunks_to_tables`;
each run one page at a time (1 core) and two pages at a time (2 cores: processes for our path,
concurrent CLI processes for the bare one). Wall seconds and CPU seconds (this process and its
children); the machine is shared, so each figure is the best of `--rounds`.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from PIL import Image

from extractors.ocr.engine import RECOGNITION_LANGS, TESSERACT_ENV, TESSERACT_PSM
from extractors.ocr.page import ocr_page
from extractors.ocr.tables import chunks_to_tables
from tests.extractors.ocr.scangen import degrade, equipment_spec, render_table


def make_pages(n: int, folder: Path) -> list[tuple[Path, int]]:
    """Generated scans of equipment lists: half at 200 dpi, half at 300 dpi, skewed, noisy."""
    pages = []
    for k in range(n):
        dpi = 200 if k % 2 == 0 else 300
        spec = equipment_spec(18, seed=100 + k)
        img = degrade(render_table(spec, dpi), seed=k, angle=(-1.5 + 0.4 * k) % 3 - 1.5)
        path = folder / f"page{k:02d}.png"
        img.save(path, dpi=(dpi, dpi), compress_level=1)
        pages.append((path, dpi))
    return pages


def bare(page: tuple[Path, int]) -> None:
    path, dpi = page
    subprocess.run(
        [
            "tesseract",
            str(path),
            "stdout",
            "-l",
            "+".join(RECOGNITION_LANGS),
            "--psm",
            str(TESSERACT_PSM["page"]),
            "--dpi",
            str(dpi),
            "tsv",
        ],
        check=True,
        capture_output=True,
        env={**os.environ, **TESSERACT_ENV},
    )


def ours(page: tuple[Path, int]) -> int:
    path, _ = page
    image = Image.open(io.BytesIO(path.read_bytes()))
    result = ocr_page(image, path.name, 1)
    return len(chunks_to_tables([result.chunks], path.name))


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run(fn: Callable, pages: list, workers: int, processes: bool) -> tuple[float, float]:
    """(wall, cpu) seconds for all pages. CPU of worker processes counts once they are reaped."""
    t0, c0 = time.perf_counter(), _cpu()
    if workers == 1:
        for p in pages:
            fn(p)
    elif processes:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            list(pool.map(fn, pages))
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(fn, pages))
    return time.perf_counter() - t0, _cpu() - c0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pages = make_pages(args.pages, Path(tmp))
        ours(pages[0])  # warm imports and caches outside the timings
        configs = {
            ("bare tesseract", 1): (bare, 1, False),
            ("our path", 1): (ours, 1, True),
            ("bare tesseract", 2): (bare, 2, False),
            ("our path", 2): (ours, 2, True),
        }
        best: dict[tuple[str, int], tuple[float, float]] = {}
        for _ in range(args.rounds):  # interleaved, so a busy neighbour hurts every column alike
            for key, (fn, workers, processes) in configs.items():
                wall, cpu = run(fn, pages, workers, processes)
                old = best.get(key)
                best[key] = (min(wall, old[0]), min(cpu, old[1])) if old else (wall, cpu)
    n = len(pages)
    print(
        f"{n} generated scans (equipment lists, half 200 dpi, half 300 dpi, skewed, noisy), "
        f"best of {args.rounds} rounds; load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(f"{'':<16}{'1 core s/page':>15}{'2 cores s/page':>16}{'2-core speed-up':>17}{'CPU s/page':>12}")
    for name in ("bare tesseract", "our path"):
        w1, c1 = best[(name, 1)]
        w2, _ = best[(name, 2)]
        print(f"{name:<16}{w1 / n:>15.2f}{w2 / n:>16.2f}{w1 / w2:>16.2f}x{c1 / n:>12.2f}")
    (b1, bc), (o1, oc) = best[("bare tesseract", 1)], best[("our path", 1)]
    print(
        f"our path / bare tesseract, 1 core: {o1 / b1:.2f}x wall, {oc / bc:.2f}x CPU "
        f"(target ≤ 1.3x); our 2-core throughput: {o1 / best[('our path', 2)][0]:.2f}x one core (target ≥ 1.7x)"
    )


if __name__ == "__main__":
    main()
