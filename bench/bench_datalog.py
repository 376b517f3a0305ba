"""How fast device data-collection logs are summarised into DataLogSpans.

Generates a CSV log (default 500,000 rows: 60 devices, a year of readings) and prints rows/s for
the bytes fast path (decode + csv + spans) and for the span builder alone on parsed rows.

    .venv/bin/python -m bench.bench_datalog [--rows 500000] [--devices 60]
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import datetime, timedelta

from extractors.records.datalog import log_spans_from_bytes, log_spans_from_rows

HEADER = ["设备编号", "采集时间", "运行状态", "主轴转速"]


def generate_rows(n: int, devices: int, seed: int = 1) -> list[list[str]]:
    rng = random.Random(seed)
    start = datetime(2025, 1, 1)
    step = timedelta(days=365) / (n / devices)
    rows = []
    for i in range(n):
        asset = f"SB-{i % devices:03d}"
        t = start + step * (i // devices)
        rows.append([asset, t.strftime("%Y-%m-%d %H:%M:%S"), rng.choice(("运行", "待机", "停机")), str(rng.randrange(3000))])
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=500_000)
    ap.add_argument("--devices", type=int, default=60)
    args = ap.parse_args()
    rows = generate_rows(args.rows, args.devices)
    data = ("\n".join([",".join(HEADER)] + [",".join(r) for r in rows]) + "\n").encode("utf-8-sig")
    print(f"log: {args.rows} rows, {args.devices} devices, {len(data) / 1e6:.1f} MB")

    t0 = time.perf_counter()
    spans = log_spans_from_rows(rows, HEADER, "log.csv")
    t1 = time.perf_counter()
    print(f"spans from parsed rows: {t1 - t0:.2f} s  ({args.rows / (t1 - t0):,.0f} rows/s), {len(spans)} devices")

    t0 = time.perf_counter()
    spans = log_spans_from_bytes(data, "log.csv")
    t1 = time.perf_counter()
    print(f"spans from CSV bytes:   {t1 - t0:.2f} s  ({args.rows / (t1 - t0):,.0f} rows/s), {len(spans)} devices")
    from extractors.pipeline import extract

    t0 = time.perf_counter()
    result = extract(data, "log.csv")
    t1 = time.perf_counter()
    print(f"pipeline extract():     {t1 - t0:.2f} s  ({args.rows / (t1 - t0):,.0f} rows/s), {len(result.records.log_spans)} devices")
    print(f"first device: {spans[0].asset_no} {spans[0].n_rows} rows, {spans[0].days_with_data} days, {len(spans[0].runs)} run(s)")


if __name__ == "__main__":
    main()
