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

    # Phases as plain calls (no Prefect): the flow's own steps, timed one by one.
    from flows.runner import PlainRunner, run_steps
    from models.check import CheckState
    from storage.local import read_local_packet

    timings: dict[str, list[float]] = {}

    class TimedRunner(PlainRunner):
        def call(self, step, state, ctx):  # type: ignore[no-untyped-def]
            t0 = time.perf_counter()
            try:
                return super().call(step, state, ctx)
            finally:
                timings.setdefault(step.name, []).append(time.perf_counter() - t0)

    files = read_local_packet(packet)
    for _ in range(args.runs):
        run_steps(CheckState(packet_id="bench", files=files), runner=TimedRunner())

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
    for name, values in timings.items():
        print(f"{name:<14} plain calls, median of {args.runs}             : {med(values):7.3f} s")
    plain = sum(med(v) for v in timings.values())
    print(f"check_packet flow, first run (ephemeral API start-up) : {first:7.3f} s")
    print(f"check_packet flow, later runs in the same process     : {med(later):7.3f} s")
    print(f"=> Prefect start-up ≈ {first - med(later):.3f} s; "
          f"Prefect per-run overhead ≈ {med(later) - plain:.3f} s")


if __name__ == "__main__":
    main()
