"""python -m tests.foreign [--n 40] [--seed 1] [--scanned] [--out DIR] [-v]: generate foreign packets,
check each with the real pipeline (flows.check_packet.check_files, plain calls) and print agreement.

A development tool: the CI figure is kept by tests/foreign/test_foreign.py on a smaller corpus.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from tests.foreign.agreement import check_one, report, summarise
from tests.foreign.documents import build_packet
from tests.foreign.world import build_world, truth_of


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.foreign", description=__doc__)
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1, help="first seed")
    ap.add_argument("--scanned", action="store_true", help="every table document as a degraded scan")
    ap.add_argument("--out", type=Path, default=None, help="also write the packets and truths here")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each packet's differences")
    args = ap.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="foreign-"))
    results = []
    for seed in range(args.seed, args.seed + args.n):
        w = build_world(seed)
        files, _ = build_packet(w, args.scanned)
        d = out / f"foreign-{seed:04d}"
        d.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (d / name).write_bytes(data)
        t = truth_of(w)
        (out / f"foreign-{seed:04d}.truth.json").write_text(json.dumps({
            "indicators": t.indicators, "passed": t.passed, "route": t.route,
            "expected_flags": sorted(t.expected_flags), "direct_staff": t.direct_staff, "period": t.period,
            "variants": w.variants}, ensure_ascii=False, indent=1), encoding="utf-8")
        r = check_one(seed, args.scanned)
        results.append(r)
        if args.verbose:
            mark = "OK " if not r.diffs else "ERR"
            print(f"{mark} seed {seed} ({r.seconds:.1f}s) {','.join(w.variants)}")
            for diff in r.diffs:
                print(f"      {diff}")
    print(f"packets written to {out}")
    print(report(summarise(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
