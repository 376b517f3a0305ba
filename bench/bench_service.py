"""The portal service and the CLI, timed on born-digital hold-out-like packets (issue 9's figures).

    python -m bench.bench_service [--packets 20] [--sequential 10]

Prints, for a warm `serve` on loopback: submit→done p50/p95 (one at a time), 20 concurrent
submissions (all done?), packets/min with 1 and 2 workers, peak RSS of the server and each
worker; for the CLI: one packet as a fresh process against a bare
`python -c "import pdfplumber, openpyxl, sklearn, pydantic"`, and the per-packet time in a batch.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.api.service import REPO, ServeProcess, add_token, service_env
from tests.packetgen import default_spec, failing_spec, generate_packet, two_plus_benefit_spec, warnings_spec

PRESETS = (default_spec, two_plus_benefit_spec, failing_spec, warnings_spec)


def make_packets(root: Path, n: int) -> list[Path]:
    out = []
    for i in range(n):
        folder = root / f"pkt{i:02d}"
        generate_packet(PRESETS[i % len(PRESETS)](100 + i), folder)
        out.append(folder)
    return out


def submit_and_wait(base: str, token: str, folder: Path) -> tuple[float, str]:
    headers = {"Authorization": f"Bearer {token}"}
    files = [("files", (p.name, p.read_bytes())) for p in sorted(folder.iterdir())]
    t0 = time.perf_counter()
    with httpx.Client(base_url=base, headers=headers, timeout=120) as c:
        r = c.post("/v1/prechecks", files=files)
        r.raise_for_status()
        pid = r.json()["id"]
        while True:
            body = c.get(f"/v1/prechecks/{pid}", params={"wait": 60}).json()
            if body["status"] in ("done", "failed"):
                return time.perf_counter() - t0, body["status"]


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def start_serve(root: Path, workers: int) -> tuple[ServeProcess, str]:
    env = service_env(root / f"var{workers}", EVIDENCE_QUEUE_SIZE="64")
    token = add_token(env, "bench")
    serve = ServeProcess(env, workers=workers, log_path=root / f"serve{workers}.log").start()
    t0 = time.perf_counter()
    serve.wait_ready(token)
    print(f"serve with {workers} worker(s): ready (workers warm) in {time.perf_counter() - t0:.1f} s")
    return serve, token


def throughput(serve: ServeProcess, token: str, packets: list[Path]) -> tuple[float, list[float], list[str]]:
    t0 = time.perf_counter()
    with ThreadPoolExecutor(len(packets)) as pool:
        results = list(pool.map(lambda p: submit_and_wait(serve.base, token, p), packets))
    wall = time.perf_counter() - t0
    return len(packets) / wall * 60, [r[0] for r in results], [r[1] for r in results]


def rss_report(serve: ServeProcess, token: str) -> str:
    ready = httpx.get(f"{serve.base}/readyz", headers={"Authorization": f"Bearer {token}"}).json()
    parts = [f"server {peak_rss_mb(serve.proc.pid):.0f} MB"]
    parts += [f"worker {w['pid']} {peak_rss_mb(w['pid']):.0f} MB" for w in ready["workers"]]
    return "peak RSS: " + ", ".join(parts)


def timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=REPO, env=env)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--packets", type=int, default=20)
    ap.add_argument("--sequential", type=int, default=10)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-service-"))
    packets = make_packets(root / "packets", args.packets)
    print(f"{len(packets)} born-digital packets ({', '.join(p.__name__ for p in PRESETS)}) under {root}")

    # -- 1 worker: throughput ----------------------------------------------------------------------
    serve1, token1 = start_serve(root, 1)
    try:
        rate1, _, st1 = throughput(serve1, token1, packets[:10])
        print(f"1 worker : {rate1:.1f} packets/min (10 submitted at once; {st1.count('done')} done)")
        print("  " + rss_report(serve1, token1))
    finally:
        serve1.stop()

    # -- 2 workers: latency, concurrency, throughput -----------------------------------------------
    serve2, token2 = start_serve(root, 2)
    try:
        lat = [submit_and_wait(serve2.base, token2, packets[i % len(packets)])[0] for i in range(args.sequential)]
        print(f"submit→done, one at a time ({len(lat)}): p50 {statistics.median(lat):.2f} s, "
              f"p95 {pct(lat, 0.95):.2f} s, max {max(lat):.2f} s")
        rate2, lat20, st20 = throughput(serve2, token2, packets[:20])
        print(f"20 concurrent submissions: {st20.count('done')} done, {st20.count('failed')} failed; "
              f"submit→done p50 {statistics.median(lat20):.2f} s, max {max(lat20):.2f} s")
        rate2b, _, _ = throughput(serve2, token2, packets[:10])
        print(f"2 workers: {rate2b:.1f} packets/min (10 at once; {rate2b / rate1:.2f}× 1 worker); "
              f"{rate2:.1f} packets/min over the 20")
        print("  " + rss_report(serve2, token2))
    finally:
        serve2.stop()

    # -- the CLI -----------------------------------------------------------------------------------
    env = service_env(root / "cli-var")
    env.pop("PREFECT_API_URL", None)
    bare = statistics.median(timed([sys.executable, "-c", "import pdfplumber, openpyxl, sklearn, pydantic"])
                             for _ in range(3))
    one = statistics.median(timed([sys.executable, "-m", "cli.main", "check", str(packets[0]), "--out",
                                   str(root / f"cli-one-{i}")], env) for i in range(3))
    print(f"CLI one packet, fresh process: {one:.2f} s (median of 3) vs bare imports {bare:.2f} s "
          f"= {one / bare:.2f}×")
    batch = timed([sys.executable, "-m", "cli.main", "check", *map(str, packets), "--out", str(root / "cli-batch")],
                  env)
    print(f"CLI batch of {len(packets)}: {batch:.1f} s wall, {batch / len(packets):.2f} s per packet")


if __name__ == "__main__":
    main()
