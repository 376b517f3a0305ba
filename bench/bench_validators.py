"""Benchmark: a packet whose data-collection exports hold 500,000 rows, through log extraction
and the validators. Prints wall time per stage and the peak memory (max RSS) of the process.

    .venv/bin/python bench/bench_validators.py [--rows 500000] [--files 2] [--devices 200] [--format csv|xlsx]
    .venv/bin/python bench/bench_validators.py --full   # a whole generated packet, every stage but Prefect

The target (issue 5): under 10 s and 1 GB. The packet is generated first into a temporary
folder by a child process (so the generator's memory is not counted), then a second child
process reads the logs the way the flow does (`extractors.pipeline.extract`, which takes the
fast path for big logs), assembles facts, decides the period and runs every validator.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

YEAR = 2026
HEADER = "设备编号,采集时间,运行状态,主轴转速\n"


def generate(out: Path, rows: int, files: int, devices: int, fmt: str = "csv", seed: int = 11) -> dict:
    """Write `files` CSV exports holding `rows` rows in all, spread over `devices` devices and
    the days of Y−1 (some devices with a short or gappy history), plus the manifest."""
    rng = random.Random(seed)
    assets = [f"SB-{i:04d}" for i in range(1, devices + 1)]
    # Each device's days: most the whole of Y−1, some 60–120 days, some with a month-long gap.
    days_of: dict[str, list[date]] = {}
    start = date(YEAR - 1, 1, 1)
    for i, a in enumerate(assets):
        all_days = [start + timedelta(days=d) for d in range(365)]
        if i % 10 == 0:
            n = rng.randint(60, 120)
            first = rng.randint(0, 365 - n)
            all_days = all_days[first : first + n]
        elif i % 10 == 1:
            gap = rng.randint(30, 300)
            all_days = all_days[:gap] + all_days[gap + 30 :]
        days_of[a] = all_days
    device_days = [(a, d) for a in assets for d in days_of[a]]
    per_day, extra = divmod(rows, len(device_days))
    written = 0
    sinks = [_Sink(out / f"采集记录_{k + 1}.{fmt}", fmt) for k in range(files)]
    try:
        for n, (a, d) in enumerate(device_days):
            sink = sinks[n * files // len(device_days)]
            k = per_day + (1 if n < extra else 0)
            for j in range(k):
                t = datetime(d.year, d.month, d.day) + timedelta(seconds=(j * 86400) // max(k, 1) + rng.randint(0, 59))
                status = "运行" if rng.random() < 0.8 else "待机"
                sink.add([a, f"{t:%Y-%m-%d %H:%M:%S}", status, rng.randint(800, 3000)])
            written += k
    finally:
        for sink in sinks:
            sink.close()
    manifest = {"packet_id": "bench-logs", "enterprise_name": "北京精工智造科技有限公司", "assessment_year": YEAR}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    size = sum(p.stat().st_size for p in out.glob(f"*.{fmt}"))
    return {"rows": written, "files": files, "devices": devices, "bytes": size, "format": fmt}


class _Sink:
    """One export file: a UTF-8 (BOM) CSV, or an xlsx written in openpyxl's streaming mode."""

    def __init__(self, path: Path, fmt: str) -> None:
        self.path, self.fmt = path, fmt
        if fmt == "csv":
            self.fh = open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 — closed in close()
            self.fh.write(HEADER)
        else:
            import openpyxl

            self.wb = openpyxl.Workbook(write_only=True)
            self.ws = self.wb.create_sheet("采集记录")
            self.ws.append(HEADER.strip().split(","))

    def add(self, row: list) -> None:
        if self.fmt == "csv":
            self.fh.write(",".join(map(str, row)) + "\n")
        else:
            self.ws.append(row)

    def close(self) -> None:
        if self.fmt == "csv":
            self.fh.close()
        else:
            self.wb.save(self.path)


def generate_full(out: Path, rows: int, seed: int = 7) -> dict:
    """A whole generated packet (tests/packetgen, default preset) whose log export holds about `rows` rows."""
    from tests.packetgen.generate import build_files
    from tests.packetgen.spec import PacketSpec
    from tests.packetgen.world import build_world

    spec = PacketSpec(seed=seed)
    log_days = sum(g.days for g in build_world(spec).logs)
    spec = spec.model_copy(update={"log_readings_per_day": max(1, -(-rows // log_days))})
    files, truth = build_files(spec)
    for name, data in files.items():
        (out / name).write_bytes(data)
    (out / "truth.json").write_text(truth.model_dump_json(), encoding="utf-8")
    return {"rows": spec.log_readings_per_day * log_days, "files": len(files) - 1, "devices": len(build_world(spec).logs),
            "bytes": sum(len(d) for d in files.values()), "format": "packet"}


def measure_full(folder: Path) -> dict:
    """The whole check of a generated packet, stage by stage: every document extracted, staff
    classified, period, scoring, validators (the flow's steps without Prefect's engine)."""
    t0 = time.perf_counter()
    from extractors.packet import assemble_facts, parse_manifest
    from extractors.pipeline import extract
    from extractors.staff import classify_packet_staff
    from models import PacketFile
    from models.period import decide_period
    from scoring.score import score
    from validators.registry import run_validators

    t_import = time.perf_counter() - t0
    stages: dict[str, float] = {}

    def timed(name: str, fn: Callable, *a: object) -> Any:
        t = time.perf_counter()
        out = fn(*a)
        stages[name] = stages.get(name, 0.0) + time.perf_counter() - t
        return out

    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "truth.json"}
    manifest, _ = parse_manifest(PacketFile(name="manifest.json", data=files.pop("manifest.json")), "bench")
    results = []
    for name, data in files.items():
        r = timed("extract logs" if b"\n" in data[:200] and name.endswith(".csv") and len(data) > 1e6
                  else "extract other documents", extract, data, name)
        results.append((name, r))
    facts = timed("assemble facts + period", assemble_facts, manifest, results)
    facts.period = timed("assemble facts + period", decide_period, manifest, facts)
    facts, _ = timed("staff classifier", classify_packet_staff, facts)
    result = timed("scoring", score, facts)
    facts.derived = result.derived
    tables = [t for _, r in results if r.document for t in r.document.tables]
    flags = timed("validators", run_validators, facts, result.indicators, tables)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "import_s": round(t_import, 2),
        "stages": {k: round(v, 3) for k, v in stages.items()},
        "total_s": round(sum(stages.values()), 2),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "spans": len(facts.log_spans),
        "rows_seen": sum(s.n_rows for s in facts.log_spans),
        "flags": sorted({f.code.value for f in [*result.flags, *flags]}),
    }


def measure(folder: Path, devices: int) -> dict:
    """Extract the logs, assemble facts, decide the period, run the validators; time each stage."""
    t0 = time.perf_counter()
    from extractors.packet import assemble_facts
    from extractors.pipeline import extract
    from models import Device, EvidenceRef, Manifest
    from models.period import decide_period
    from validators.registry import run_validators

    t_import = time.perf_counter() - t0
    manifest = Manifest.model_validate_json((folder / "manifest.json").read_text(encoding="utf-8"))

    t1 = time.perf_counter()
    results = []
    for p in sorted(q for q in folder.iterdir() if q.suffix in (".csv", ".xlsx")):
        results.append((p.name, extract(p.read_bytes(), p.name)))
    t_extract = time.perf_counter() - t1

    t2 = time.perf_counter()
    facts = assemble_facts(manifest, results)
    # The equipment list the logs join to (compact numbers: SB0001 against the logs' SB-0001).
    facts.devices = [
        Device(ref=EvidenceRef(file="设备清单.xlsx", sheet="Sheet1", row=i + 3), name="数控车床",
               asset_no=f"SB{i:04d}", is_networked=True, is_nc=True)
        for i in range(1, devices + 1)
    ]
    facts.period = decide_period(manifest, facts)
    tables = [t for _, r in results if r.document for t in r.document.tables]
    flags = run_validators(facts, None, tables)
    t_validate = time.perf_counter() - t2
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "import_s": round(t_import, 2),
        "extract_logs_s": round(t_extract, 2),
        "validate_s": round(t_validate, 3),
        "total_s": round(t_extract + t_validate, 2),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "spans": len(facts.log_spans),
        "rows_seen": sum(s.n_rows for s in facts.log_spans),
        "flags": sorted({f.code.value for f in flags}),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=500_000)
    ap.add_argument("--files", type=int, default=2)
    ap.add_argument("--devices", type=int, default=200)
    ap.add_argument("--format", choices=["csv", "xlsx"], default="csv", help="container of the log exports")
    ap.add_argument("--full", action="store_true",
                    help="check a whole generated packet (every document, staff, scoring, validators)")
    ap.add_argument("--_child", choices=["generate", "measure"], help=argparse.SUPPRESS)
    ap.add_argument("--_dir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._child == "generate":
        out = Path(args._dir)
        g = generate_full(out, args.rows) if args.full else generate(out, args.rows, args.files, args.devices, args.format)
        print(json.dumps(g))
        return
    if args._child == "measure":
        m = measure_full(Path(args._dir)) if args.full else measure(Path(args._dir), args.devices)
        print(json.dumps(m, ensure_ascii=False))
        return
    with tempfile.TemporaryDirectory(prefix="bench-validators-") as tmp:
        common = [sys.executable, __file__, "--rows", str(args.rows), "--files", str(args.files),
                  "--devices", str(args.devices), "--format", args.format, "--_dir", tmp]
        common += ["--full"] if args.full else []
        # The repository root on the children's path: --full imports the generator from tests/.
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
        run = partial(subprocess.run, check=True, stdout=subprocess.PIPE, text=True, env=env)
        g = json.loads(run([*common, "--_child", "generate"]).stdout)
        print(f"packet: {g['rows']:,} log rows, {g['files']} {g['format']} files ({g['bytes'] / 1e6:.1f} MB), "
              f"{g['devices']} logged devices")
        m = json.loads(run([*common, "--_child", "measure"]).stdout)
    if "stages" not in m:
        print(f"extract logs : {m['extract_logs_s']:.2f} s  ({m['rows_seen']:,} rows → {m['spans']} device spans)")
        print(f"validators   : {m['validate_s']:.3f} s  (assemble facts, decide period, all validators)")
    else:
        print(f"logs         : {m['rows_seen']:,} rows → {m['spans']} device spans")
        for stage, secs in m["stages"].items():
            print(f"  {stage:<24}: {secs:.3f} s")
    print(f"total        : {m['total_s']:.2f} s   (imports {m['import_s']:.2f} s not included)")
    print(f"peak memory  : {m['peak_rss_mb']:.0f} MB max RSS (imports included)")
    print(f"flag codes   : {', '.join(m['flags']) or 'none'}")
    ok = m["total_s"] < 10 and m["peak_rss_mb"] < 1024
    print(f"target <10 s and <1 GB: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
