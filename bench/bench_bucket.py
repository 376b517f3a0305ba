"""Throughput of the bucket path, and what Prefect costs per packet.

    .venv/bin/python -m bench.bench_bucket [--packets 20] [--workers 1 2] [--skip-overhead]

(1) Packets per minute: a loopback S3 server (SeaweedFS/MinIO via tools.devserver) and a
    standing Prefect server are started; `--packets` generated born-digital packets (the test
    generator's default preset, seeds 1…N) are uploaded with the minio SDK, then K watcher
    processes (`evidence-check watch --once`, K = each of --workers) drain the bucket together,
    sharing the packets through the ledger's claims. Wall time from their start to the last exit.
    With --pool, the same through Prefect: the `check-bucket-packet` deployment of prefect.yaml on
    a process work pool, K `prefect worker` processes, one `watch --once --dispatch` poll starting
    a run per packet; wall time from the poll until every packet has its verdict.
(2) Prefect overhead per packet: a no-op flow shaped like one bucket packet (a flow, 3 I/O
    tasks, a check subflow with 13 tasks, 9 of them mapped) timed on the ephemeral API (first
    run = temporary server start-up, then steady state) and against the standing server.
Figures go to stdout; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# -- (2) the overhead probe, run in a subprocess so each mode gets a clean Prefect ------------------


def overhead_probe(runs: int) -> dict[str, float]:
    from cli.main import configure_prefect

    configure_prefect()
    from prefect import flow, task
    from prefect.cache_policies import NO_CACHE

    @task(cache_policy=NO_CACHE)
    def io_step(i: int) -> int:
        return i

    @task(cache_policy=NO_CACHE)
    def work_step(i: int) -> int:
        return i

    @flow(name="probe-check")
    def probe_check() -> int:
        futures = work_step.map(range(9))
        total = sum(f.result() for f in futures)
        for i in range(4):
            total += work_step(i)
        return total

    @flow(name="probe-bucket-packet")
    def probe_packet() -> int:
        io_step(0)
        io_step(1)
        n = probe_check()
        io_step(2)
        return n

    t0 = time.perf_counter()
    probe_packet()
    first = time.perf_counter() - t0
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        probe_packet()
        times.append(time.perf_counter() - t0)
    return {"first": first, "median": statistics.median(times), "min": min(times)}


def run_probe(env: dict[str, str], runs: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "bench.bench_bucket", "--probe", str(runs)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=900)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- (1) throughput ----------------------------------------------------------------------------------


def start_prefect_server(home: Path) -> tuple[subprocess.Popen[bytes], str]:
    from tools.devserver import free_port

    port = free_port()
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    log = open(home / "server.log", "wb")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "prefect"), "server", "start", "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/health", timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise RuntimeError("Prefect server did not come up")


def drain(server, bucket: str, packets: list[tuple[str, dict[str, bytes]]], workers: int,
          env: dict[str, str]) -> dict[str, float]:
    store = server.make_bucket(bucket)
    for pid, files in packets:
        for name in [n for n in files if n != "manifest.json"] + ["manifest.json"]:
            store.put(f"incoming/{pid}/{name}", files[name])
    wenv = {**env, "EVIDENCE_S3_ENDPOINT": server.endpoint, "EVIDENCE_S3_ACCESS_KEY": server.access_key,
            "EVIDENCE_S3_SECRET_KEY": server.secret_key, "EVIDENCE_BUCKET": bucket,
            "EVIDENCE_WATCH_SETTLE_SECONDS": "0"}
    t0 = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-m", "cli.main", "watch", "--once"], cwd=ROOT, env=wenv,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for _ in range(workers)]
    outputs = [p.communicate(timeout=7200)[0].decode(errors="replace") for p in procs]
    wall = time.perf_counter() - t0
    done = sum(1 for pid, _ in packets if store.get(f"results/{pid}/verdict.json") is not None)
    failed = sum(1 for pid, _ in packets if store.get(f"results/{pid}/error.json") is not None)
    per_worker = [o.count("  checked ") + o.count("  failed ") for o in outputs]
    return {"wall": wall, "done": done, "failed": failed, "per_worker": per_worker,
            "ppm": len(packets) / wall * 60}


def deploy_to_pool(env: dict[str, str], pool: str) -> None:
    prefect = str(Path(sys.executable).parent / "prefect")
    subprocess.run([prefect, "work-pool", "create", pool, "--type", "process"], env=env, cwd=ROOT,
                   capture_output=True, timeout=120)
    # prefect 3.8.8 + fastapi 0.154 answer 422 to the CLI's closing "online workers?" query after the
    # deployment is created (see scripts/local_stack.sh), so check the deployment instead of the exit code.
    subprocess.run([prefect, "--no-prompt", "deploy", "-n", "check-bucket-packet", "--pool", pool],
                   env={**env, "EVIDENCE_CHECK_DIR": str(ROOT)}, cwd=ROOT, capture_output=True, timeout=300)
    check = subprocess.run([prefect, "deployment", "inspect", "check-bucket-packet/check-bucket-packet"], env=env,
                           cwd=ROOT, capture_output=True, timeout=120)
    if check.returncode != 0:
        raise RuntimeError("check-bucket-packet deployment was not created")


def drain_pool(server, bucket: str, packets: list[tuple[str, dict[str, bytes]]], workers: int,
               env: dict[str, str], pool: str, logs: Path) -> dict[str, float]:
    store = server.make_bucket(bucket)
    for pid, files in packets:
        for name in [n for n in files if n != "manifest.json"] + ["manifest.json"]:
            store.put(f"incoming/{pid}/{name}", files[name])
    wenv = {**env, "EVIDENCE_S3_ENDPOINT": server.endpoint, "EVIDENCE_S3_ACCESS_KEY": server.access_key,
            "EVIDENCE_S3_SECRET_KEY": server.secret_key, "EVIDENCE_BUCKET": bucket,
            "EVIDENCE_WATCH_SETTLE_SECONDS": "0"}
    prefect = str(Path(sys.executable).parent / "prefect")
    procs = []
    for i in range(workers):
        log = open(logs / f"{bucket}-worker{i}.log", "wb")
        procs.append(subprocess.Popen([prefect, "worker", "start", "--pool", pool, "--limit", "1"], env=wenv,
                                      cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
    try:
        time.sleep(10)  # workers register and start polling
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cli.main", "watch", "--once", "--dispatch"], env=wenv, cwd=ROOT,
                       capture_output=True, timeout=600, check=True)
        deadline = time.monotonic() + 7200
        while time.monotonic() < deadline:
            keys = {o.key for o in store.list_objects("results/")}
            finished = sum(1 for pid, _ in packets if f"results/{pid}/verdict.json" in keys
                           or f"results/{pid}/error.json" in keys)
            if finished == len(packets):
                break
            time.sleep(1)
        wall = time.perf_counter() - t0
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
    keys = {o.key for o in store.list_objects("results/")}
    done = sum(1 for pid, _ in packets if f"results/{pid}/verdict.json" in keys)
    return {"wall": wall, "done": done, "failed": len(packets) - done, "ppm": len(packets) / wall * 60}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--packets", type=int, default=20)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--overhead-runs", type=int, default=10)
    ap.add_argument("--skip-overhead", action="store_true")
    ap.add_argument("--skip-throughput", action="store_true")
    ap.add_argument("--pool", action="store_true", help="throughput through Prefect workers and deployments")
    ap.add_argument("--probe", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.probe is not None:
        print(json.dumps(overhead_probe(args.probe)))
        return

    from tests.packetgen import build_files, default_spec
    from tools.devserver import DevS3Server

    work = Path(tempfile.mkdtemp(prefix="bench-bucket-"))
    (work / "prefect").mkdir()
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "EVIDENCE_"))}
    base_env.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_LOGGING_LEVEL="WARNING",
                    OMP_THREAD_LIMIT="1")
    with DevS3Server(work / "s3") as server:
        print(f"S3: {server.kind} on {server.endpoint}; {os.cpu_count()} cores")
        prefect_proc, api_url = start_prefect_server(work / "prefect")
        try:
            standing = {**base_env, "PREFECT_API_URL": api_url, "PREFECT_HOME": str(work / "prefect")}
            if not args.skip_throughput:
                t0 = time.perf_counter()
                packets = []
                for seed in range(1, args.packets + 1):
                    files, truth = build_files(default_spec(seed))
                    packets.append((truth.packet_id, files))
                size = sum(len(d) for _, f in packets for d in f.values())
                print(f"generated {len(packets)} born-digital packets ({size / 1e6:.1f} MB) in "
                      f"{time.perf_counter() - t0:.0f} s")
                if args.pool:
                    deploy_to_pool(standing, "bench-pool")
                for k in args.workers:
                    bucket = f"bench-{k}w-{int(time.time())}"
                    if args.pool:
                        r = drain_pool(server, bucket, packets, k, standing, "bench-pool", work)
                        print(f"{k} Prefect worker(s): {r['wall']:.0f} s for {len(packets)} packets = "
                              f"{r['ppm']:.1f} packets/min ({r['done']} verdicts)", flush=True)
                        continue
                    r = drain(server, bucket, packets, k, standing)
                    print(f"{k} watcher(s): {r['wall']:.0f} s for {len(packets)} packets = {r['ppm']:.1f} packets/min "
                          f"({r['done']} verdicts, {r['failed']} failed; per watcher {r['per_worker']})", flush=True)
            if not args.skip_overhead:
                eph = run_probe({**base_env, "PREFECT_HOME": tempfile.mkdtemp(prefix="bench-eph-")},
                                args.overhead_runs)
                std = run_probe(standing, args.overhead_runs)
                print(f"Prefect overhead per packet (no-op flow of a packet's shape, {args.overhead_runs} runs):")
                print(f"  ephemeral API: first run {eph['first']:.1f} s (temporary server start-up), then median "
                      f"{eph['median']:.2f} s (min {eph['min']:.2f})")
                print(f"  standing server: first run {std['first']:.1f} s, then median {std['median']:.2f} s "
                      f"(min {std['min']:.2f})")
        finally:
            prefect_proc.terminate()
            try:
                prefect_proc.wait(30)
            except subprocess.TimeoutExpired:
                prefect_proc.kill()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
