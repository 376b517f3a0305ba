"""Wall time of a born-digital packet check, split into Prefect start-up, extraction and scoring.

    .venv/bin/python -m bench.bench_check [--seed N] [--runs N]     (from the repository root)

Generates a packet with the test generator, then measures (a) each phase as plain function calls
and (b) the whole `check_packet` flow on Prefect's ephemeral API, first run (includes the
temporary server's start-up) and later runs in the same process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from cli.main import configure_prefect


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="bench-prefect-"))
    configure_prefect()

    from tests.packetgen import default_spec, generate_packet

    work = Path(tempfile.mkdtemp(prefix="bench-check-"))
    packet = work / "packet"
    generate_packet(default_spec(args.seed), packet)
    n_files = sum(1 for p in packet.rglob("*") if p.is_file())
    size = sum(p.stat().st_size for p in packet.rglob("*") if p.is_file())
    print(f"packet: {n_files} files, {size / 1024:.0f} KiB (seed {args.seed})")

    # Phases as plain functions (no Prefect).
    from extractors.packet import assemble_facts, parse_manifest, split_manifest
    from extractors.pipeline import extract
    from extractors.staff import classify_packet_staff
    from scoring.score import score
    from storage.local import read_local_packet
    from validators.period import decide_period
    from validators.registry import run_validators

    ext_times, score_times = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        files = read_local_packet(packet)
        man_file, evidence = split_manifest(files)
        manifest, _ = parse_manifest(man_file, "bench")
        results = [(f.name, extract(f.data, f.name)) for f in evidence]
        facts = assemble_facts(manifest, results)
        facts.period = decide_period(manifest, facts)
        facts, _ = classify_packet_staff(facts)
        t1 = time.perf_counter()
        res = score(facts)
        run_validators(facts, res.indicators, [t for _, r in results if r.document for t in r.document.tables])
        t2 = time.perf_counter()
        ext_times.append(t1 - t0)
        score_times.append(t2 - t1)

    from flows.check_packet import check_packet

    t0 = time.perf_counter()
    check_packet(str(packet), str(work / "out-1"))
    first = time.perf_counter() - t0
    later = []
    for i in range(args.runs):
        t0 = time.perf_counter()
        check_packet(str(packet), str(work / f"out-{i + 2}"))
        later.append(time.perf_counter() - t0)

    med = statistics.median
    print(f"extraction (read+classify+records+staff), plain calls : {med(ext_times):7.3f} s (median of {args.runs})")
    print(f"scoring + validators, plain calls                     : {med(score_times):7.3f} s")
    print(f"check_packet flow, first run (ephemeral API start-up) : {first:7.3f} s")
    print(f"check_packet flow, later runs in the same process     : {med(later):7.3f} s")
    print(f"=> Prefect start-up ≈ {first - med(later):.3f} s; "
          f"Prefect per-run overhead ≈ {med(later) - med(ext_times) - med(score_times):.3f} s")


if __name__ == "__main__":
    main()
