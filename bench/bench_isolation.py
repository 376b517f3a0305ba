"""What reading each document in its own worker process costs (extractors.isolation).

    .venv/bin/python -m bench.bench_isolation [--seed N] [--runs N]     (from the repository root)

For the born-digital test packet: the fork server's start (once per process), then the
extraction of its documents in-process (`extract`) and isolated (`extract_isolated`), per run.
"""

from __future__ import annotations

import argparse
import statistics
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    from extractors.isolation import extract_isolated, start_fork_server, worker_peak_rss_mb
    from extractors.pipeline import extract
    from tests.packetgen import build_files, default_spec

    files, _ = build_files(default_spec(args.seed))
    docs = [(n, b) for n, b in files.items() if n != "manifest.json"]
    t0 = time.perf_counter()
    start_fork_server()
    started = time.perf_counter() - t0

    plain, isolated = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        a = [extract(b, n) for n, b in docs]
        plain.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        b = [extract_isolated(b, n) for n, b in docs]
        isolated.append(time.perf_counter() - t0)
        assert [r.model_dump() for r in a] == [r.model_dump() for r in b]
    med = statistics.median
    print(f"packet: {len(docs)} documents (seed {args.seed}), {args.runs} runs")
    print(f"fork server start (once per process)   : {started:7.3f} s")
    print(f"extract, in-process, median            : {med(plain):7.3f} s")
    print(f"extract, isolated (one worker per doc) : {med(isolated):7.3f} s")
    print(f"=> isolation costs {(med(isolated) - med(plain)) / len(docs) * 1000:+.0f} ms per document; "
          f"largest worker peak RSS {worker_peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
