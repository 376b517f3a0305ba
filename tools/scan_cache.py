"""Development tool: the scanned foreign corpus with OCR cached on disk.

`python -m tools.scan_cache --seeds 3-8 [-v] [--dump]` builds the `--scanned` foreign packets, runs the
real pipeline on them, and prints agreement like `python -m tests.foreign --scanned`. Each page image's
OCR result (`OcrPage`: text and table chunks) is kept under `$H15_OCR_CACHE` (default
/tmp/h15cache) keyed by the image's content hash, so iterating on header matching, column inference
and record building after the first run costs seconds instead of minutes of Tesseract. `--dump`
prints every table the pipeline built from each scan (header, mapping, first rows).

Not used by the pipeline or the tests.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import time
from pathlib import Path

CACHE = Path(os.environ.get("H15_OCR_CACHE", "/tmp/h15cache"))
# The OCR code whose output is cached: a change to any of it makes a new key.
_OCR_SOURCES = ("page", "preprocess", "table", "rules", "second_look", "engine", "postprocess", "text", "confidence")


def _ocr_version() -> bytes:
    root = Path(__file__).resolve().parent.parent / "extractors" / "ocr"
    return hashlib.sha256(b"".join((root / f"{n}.py").read_bytes() for n in _OCR_SOURCES)).digest()


def install_cache() -> None:
    import extractors.ocr.document as doc

    real = doc.ocr_pages
    version = _ocr_version()

    def cached(images, file, dpi=None, settings=doc.DEFAULTS):  # type: ignore[no-untyped-def]
        out = []
        todo = []
        keys = []
        for number, img in images:
            h = hashlib.sha256(version + img.tobytes() + repr((img.size, img.mode, number, dpi)).encode()).hexdigest()[:24]
            keys.append(CACHE / f"{h}.pkl")
        for (number, img), key in zip(images, keys):
            if not key.exists():
                todo.append((number, img))
        if todo:
            for (number, _), page in zip(todo, real(todo, file, dpi, settings)):
                for (n2, _), key in zip(images, keys):
                    if n2 == number:
                        key.write_bytes(pickle.dumps(page))
        for key in keys:
            out.append(pickle.loads(key.read_bytes()))
        return out

    doc.ocr_pages = cached


def _seeds(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b or a) + 1))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="3-8")
    ap.add_argument("--born", action="store_true", help="born-digital instead of scanned")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--dump", action="store_true")
    args = ap.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    install_cache()
    from tests.foreign import agreement
    from tests.foreign.agreement import check_one, report, summarise

    if args.dump:
        real_run = agreement.run_pipeline

        def dumping(files, packet_id):  # type: ignore[no-untyped-def]
            outcome = real_run(files, packet_id)
            for d in getattr(outcome, "documents", []) or []:
                print(d)
            return outcome

        agreement.run_pipeline = dumping
    results = []
    for seed in _seeds(args.seeds):
        t0 = time.perf_counter()
        r = check_one(seed, not args.born)
        results.append(r)
        if args.verbose:
            print(f"{'OK ' if not r.diffs else 'ERR'} seed {seed} ({time.perf_counter() - t0:.1f}s)")
            for d in r.diffs:
                print(f"      {d}")
    print(report(summarise(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
