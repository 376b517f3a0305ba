"""Load on loopback: concurrent portal pre-checks, then a bucket backlog drained by the watcher.

    python -m bench.bench_load [--concurrent 20] [--backlog 200] [--workers 2] [--watchers 2] [--packets small]

A real `serve` (two warm workers by default, the local store for uploads) and a real S3 server
(tools.devserver: SeaweedFS or MinIO) on 127.0.0.1.
(1) `--concurrent` pre-checks submitted at once (one thread each: POST, then `?wait=` polls):
    submit→done p50/p95, throughput, all done, ids distinct.
(2) `--backlog` born-digital packets (tests/packetgen, `small_spec`; each a folder with its own
    packet_id, manifest last) put in the bucket, then `--watchers` `evidence-check watch --once
    --to-service` processes at the same time hand them to the service's warm workers; wall time
    until every packet's ledger state is `done`; lost (no verdict), failed, checked more than once.
RSS of the serve process and its workers is sampled throughout: after a warm-up check per worker
(start), the highest (peak) and after the load (end). Figures go to stdout; nothing is asserted
(tests/api/test_load.py asserts correctness at a smaller scale).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from models.document import DocumentType
from tests.api.service import CLI, REPO, ServeProcess, add_token, service_env
from tests.packetgen import build_files, default_spec, failing_spec, two_plus_benefit_spec, warnings_spec
from tests.packetgen.spec import DocStyle, FileFormat, IndicatorKnobs, PacketSpec, default_styles

PRESETS = (default_spec, two_plus_benefit_spec, failing_spec, warnings_spec)
Files = dict[str, bytes]


# -- packets ---------------------------------------------------------------------------------------


def small_spec(seed: int) -> PacketSpec:
    """A small born-digital packet (75 staff as a CSV roster, 30 devices): the nine documents of the
    default packet, checked in ~0.4 s instead of ~3 s (the default's roster is a many-page PDF)."""
    styles = default_styles()
    styles[DocumentType.STAFF_ROSTER] = DocStyle(format=FileFormat.CSV_UTF8, title_rows=0)
    knobs = IndicatorKnobs(direct_staff=60, indirect_staff=15, robots=2, production_devices=30, networked_supported=14)
    return PacketSpec(seed=seed, preset="load-small", knobs=knobs, styles=styles)


def packet_templates(n: int = 4, kind: str = "small") -> list[Files]:
    """`n` distinct born-digital packets (seeds 300…): `small` ones, or the generator's `presets`."""
    make = small_spec if kind == "small" else (lambda seed: PRESETS[seed % len(PRESETS)](seed))
    return [build_files(make(300 + i))[0] for i in range(n)]


def with_packet_id(files: Files, packet_id: str) -> Files:
    """The packet under another packet_id (its manifest rewritten), members in upload order."""
    manifest = json.loads(files["manifest.json"])
    manifest["packet_id"] = packet_id
    out = {n: b for n, b in files.items() if n != "manifest.json"}
    out["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()
    return out


# -- memory ----------------------------------------------------------------------------------------


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def service_pids(base: str, token: str, serve_pid: int) -> list[int]:
    """The serve process and its warm workers (from /readyz)."""
    ready = httpx.get(f"{base}/readyz", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    return [serve_pid, *sorted(w["pid"] for w in ready["workers"] if w["state"] in ("idle", "busy"))]


class RssSampler(threading.Thread):
    """Total RSS of `pids` every `every` seconds; `start_mb` at start(), `peak_mb`, `end_mb` at stop()."""

    def __init__(self, pids: list[int], every: float = 0.2) -> None:
        super().__init__(daemon=True, name="rss-sampler")
        self.pids, self.every = pids, every
        self.stopped = threading.Event()
        self.start_mb = self.peak_mb = self.end_mb = self.total()
        self.gone: set[int] = set()

    def total(self) -> float:
        total = 0.0
        for pid in self.pids:
            got = rss_mb(pid)
            if got is None:
                self.gone = getattr(self, "gone", set()) | {pid}
            total += got or 0.0
        return total

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            self.peak_mb = max(self.peak_mb, self.total())

    def stop(self) -> RssSampler:
        self.stopped.set()
        self.join()
        self.end_mb = self.total()
        self.peak_mb = max(self.peak_mb, self.end_mb)
        return self

    def figures(self) -> str:
        return f"RSS start {self.start_mb:.0f} MB, peak {self.peak_mb:.0f} MB, end {self.end_mb:.0f} MB"


# -- (1) concurrent pre-checks ---------------------------------------------------------------------


@dataclass
class PrecheckLoad:
    seconds: float
    latencies: list[float] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    packet_ids: list[str] = field(default_factory=list)  # the verdicts' (each submission its own)

    @property
    def lost(self) -> int:
        return sum(s != "done" for s in self.statuses)

    def figures(self) -> str:
        lat = sorted(self.latencies)
        p95 = lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))] if lat else 0.0
        return (f"{len(self.ids)} concurrent pre-checks in {self.seconds:.1f} s "
                f"({60 * len(self.ids) / self.seconds:.1f}/min): submit→done p50 {statistics.median(lat):.2f} s, "
                f"p95 {p95:.2f} s; done {self.statuses.count('done')}, failed {self.statuses.count('failed')}, "
                f"lost {self.lost}, distinct ids {len(set(self.ids))}")


def submit_and_wait(base: str, token: str, files: Files, deadline_s: float = 600) -> tuple[float, str, str, str | None]:
    """(seconds, precheck id, final status, the verdict's packet_id)."""
    t0 = time.perf_counter()
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=120) as c:
        r = c.post("/v1/prechecks", files=[("files", (n, b)) for n, b in files.items()])
        for _ in range(60):  # the queue is full: come back as told
            if r.status_code != 503:
                break
            time.sleep(float(r.headers.get("retry-after", "1")))
            r = c.post("/v1/prechecks", files=[("files", (n, b)) for n, b in files.items()])
        r.raise_for_status()
        pid = r.json()["id"]
        while True:
            body = c.get(f"/v1/prechecks/{pid}", params={"wait": 60}).json()
            if body["status"] in ("done", "failed") or time.perf_counter() - t0 > deadline_s:
                verdict = body.get("verdict") or {}
                return time.perf_counter() - t0, pid, body["status"], verdict.get("packet_id")


def concurrent_prechecks(base: str, token: str, templates: list[Files], n: int, tag: str = "load") -> PrecheckLoad:
    packets = [with_packet_id(templates[i % len(templates)], f"{tag}-{i:03d}") for i in range(n)]
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=n) as pool:
        results = list(pool.map(lambda f: submit_and_wait(base, token, f), packets))
    out = PrecheckLoad(seconds=time.perf_counter() - t0)
    for seconds, pid, status, packet_id in results:
        out.latencies.append(seconds)
        out.ids.append(pid)
        out.statuses.append(status)
        out.packet_ids.append(packet_id or "")
    return out


# -- (2) the bucket backlog ------------------------------------------------------------------------


@dataclass
class BacklogLoad:
    packets: list[str]
    seconds: float = 0.0  # from the watchers' start until every packet is done
    upload_seconds: float = 0.0
    first_verdict_seconds: float = 0.0  # from the watchers' start (their poll: Prefect's start-up, the scan)
    watchers_seconds: float = 0.0  # until the last watcher exited
    done: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # no verdict in results/<id>/ when time ran out
    checked_twice: list[str] = field(default_factory=list)  # ledger attempts > 1
    verdicts_mismatched: list[str] = field(default_factory=list)  # results/<id>/verdict.json of another packet
    watcher_exits: list[int] = field(default_factory=list)
    # the service's watch jobs per packet (two watchers may both hand a packet over; the ledger
    # lets one of them check it, the other ends as "done already")
    jobs: dict[str, int] = field(default_factory=dict)

    def figures(self) -> str:
        n = len(self.packets)
        drain = self.seconds - self.first_verdict_seconds
        rate = 60 * len(self.done) / drain if drain > 0 else 0.0
        return (f"backlog of {n} packets (uploaded in {self.upload_seconds:.1f} s): all done {self.seconds:.1f} s after "
                f"the watchers started (first verdict at {self.first_verdict_seconds:.1f} s, watchers exited at "
                f"{self.watchers_seconds:.1f} s), {rate:.1f} packets/min once checking; "
                f"done {len(self.done)}, failed {len(self.failed)}, lost {len(self.lost)}, "
                f"checked twice {len(self.checked_twice)}, wrong verdict {len(self.verdicts_mismatched)}, "
                f"watcher exits {self.watcher_exits}; service watch jobs {sum(self.jobs.values())}")


def upload_backlog(bucket, templates: list[Files], n: int, tag: str = "backlog") -> list[str]:  # noqa: ANN001
    """`n` folder packets under incoming/<tag>-NNN/ (members first, manifest last), 8 uploads at a time."""
    import io

    ids = [f"{tag}-{i:03d}" for i in range(n)]

    def put(i_pid: tuple[int, str]) -> None:
        i, pid = i_pid
        for name, data in with_packet_id(templates[i % len(templates)], pid).items():
            bucket.client.put_object(bucket.bucket, f"incoming/{pid}/{name}", io.BytesIO(data), len(data))

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(put, enumerate(ids)))
    return ids


def start_watchers(env: dict[str, str], k: int) -> list[subprocess.Popen]:
    """`k` one-poll watchers handing ready packets to the service (`watch --once --to-service`)."""
    wenv = {**env, "EVIDENCE_WATCH_SETTLE_SECONDS": "0"}
    return [subprocess.Popen([*CLI, "watch", "--once", "--to-service"], env=wenv, cwd=REPO,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(k)]


def drain_backlog(bucket, env: dict[str, str], ids: list[str], watchers: int = 2, timeout_s: float = 1800,  # noqa: ANN001
                  again_after_s: float | None = 5.0, on_poll: Callable[[], None] | None = None) -> BacklogLoad:
    """Start the watchers, poll again while the backlog drains (`again_after_s`: a second round of
    watchers meets packets queued, running and done), wait until every packet is done or failed."""
    from storage.ledger import PacketStatus, read_state

    out = BacklogLoad(packets=ids)
    t0 = time.perf_counter()
    procs = start_watchers(env, watchers)
    again = again_after_s
    pending = set(ids)
    while pending and time.perf_counter() - t0 < timeout_s:
        if not out.watchers_seconds and all(p.poll() is not None for p in procs):
            out.watchers_seconds = time.perf_counter() - t0
        if again is not None and time.perf_counter() - t0 > again:
            procs += start_watchers(env, 1)
            again = None
        for pid in sorted(pending):
            state, _ = read_state(bucket, pid)
            if state is not None and state.status in (PacketStatus.DONE, PacketStatus.FAILED) and state.attempts:
                if bucket.get(f"results/{pid}/verdict.json") is not None or state.status == PacketStatus.FAILED:
                    pending.discard(pid)
                    out.first_verdict_seconds = out.first_verdict_seconds or time.perf_counter() - t0
        if on_poll is not None:
            on_poll()
        if pending:
            time.sleep(0.5)
    out.seconds = time.perf_counter() - t0
    for p in procs:
        try:
            p.wait(120)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(5)
        out.watcher_exits.append(p.returncode)
    out.watchers_seconds = out.watchers_seconds or time.perf_counter() - t0
    for pid in ids:
        state, _ = read_state(bucket, pid)
        got = bucket.get(f"results/{pid}/verdict.json")
        if state is not None and state.status == PacketStatus.FAILED:
            out.failed.append(pid)
        elif got is None or state is None or state.status != PacketStatus.DONE:
            out.lost.append(pid)
        else:
            out.done.append(pid)
            if json.loads(got[0]).get("packet_id") != pid:
                out.verdicts_mismatched.append(pid)
        if state is not None and state.attempts > 1:
            out.checked_twice.append(pid)
    out.jobs = watch_jobs(env, ids)
    return out


def watch_jobs(env: dict[str, str], ids: list[str]) -> dict[str, int]:
    """The service's watch jobs per packet (from its database)."""
    from sqlalchemy import select

    from storage.db import Precheck, open_database
    from storage.db.tables import PrecheckSource

    db = open_database(f"sqlite:///{(Path(env['EVIDENCE_DATA_DIR']) / 'evidence.db').resolve()}")
    try:
        with db.session() as s:
            rows = s.scalars(select(Precheck.packet_id).where(Precheck.source == PrecheckSource.WATCH.value,
                                                              Precheck.packet_id.in_(ids))).all()
    finally:
        db.engine.dispose()
    return {pid: rows.count(pid) for pid in ids}


# -- main --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--concurrent", type=int, default=20)
    ap.add_argument("--backlog", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--watchers", type=int, default=2)
    ap.add_argument("--packets", choices=("small", "presets"), default="small",
                    help="small packets (~0.4 s a check) or the generator's four presets (~3 s)")
    args = ap.parse_args(argv)

    from tools.devserver import DevS3Server

    with tempfile.TemporaryDirectory(prefix="bench-load-") as d:
        root = Path(d)
        with DevS3Server(root / "s3") as s3:
            bucket = s3.make_bucket("load-evidence")
            st = s3.settings("load-evidence")
            env = service_env(root / "var", EVIDENCE_S3_ENDPOINT=st.endpoint, EVIDENCE_S3_ACCESS_KEY=st.access_key,
                              EVIDENCE_S3_SECRET_KEY=st.secret_key.get_secret_value(),
                              EVIDENCE_BUCKET="load-evidence", EVIDENCE_QUEUE_SIZE=str(max(32, args.concurrent)))
            token = add_token(env, "load")
            serve = ServeProcess(env, workers=args.workers, log_path=root / "serve.log").start()
            try:
                t0 = time.perf_counter()
                serve.wait_ready(token)
                print(f"serve ready with {args.workers} warm workers in {time.perf_counter() - t0:.1f} s", flush=True)
                templates = packet_templates(kind=args.packets)
                concurrent_prechecks(serve.base, token, templates, args.workers, tag="warm")  # caches filled
                pids = service_pids(serve.base, token, serve.proc.pid)
                sampler = RssSampler(pids)
                sampler.start()
                load = concurrent_prechecks(serve.base, token, templates, args.concurrent)
                mid = sampler.total()
                print(load.figures(), flush=True)
                print(f"  RSS start {sampler.start_mb:.0f} MB, peak {sampler.peak_mb:.0f} MB, "
                      f"after the pre-checks {mid:.0f} MB", flush=True)
                t1 = time.perf_counter()
                ids = upload_backlog(bucket, templates, args.backlog)
                upload_seconds = time.perf_counter() - t1
                backlog = drain_backlog(bucket, env, ids, args.watchers)
                backlog.upload_seconds = upload_seconds
                sampler.stop()
                print(backlog.figures(), flush=True)
                print(f"  {sampler.figures()} (serve + {len(pids) - 1} workers; "
                      f"processes gone meanwhile: {sorted(sampler.gone) or 'none'})")
                lost = load.lost + len(backlog.lost)
                print(json.dumps({
                    "concurrent": args.concurrent, "concurrent_seconds": round(load.seconds, 2),
                    "p50_s": round(statistics.median(load.latencies), 2),
                    "p95_s": round(sorted(load.latencies)[round(0.95 * (len(load.latencies) - 1))], 2),
                    "backlog": args.backlog, "backlog_seconds": round(backlog.seconds, 1),
                    "backlog_first_verdict_s": round(backlog.first_verdict_seconds, 1),
                    "backlog_per_min_checking": round(60 * len(backlog.done) / max(
                        1e-9, backlog.seconds - backlog.first_verdict_seconds), 1),
                    "rss_start_mb": round(sampler.start_mb), "rss_peak_mb": round(sampler.peak_mb),
                    "rss_end_mb": round(sampler.end_mb), "lost": lost, "checked_twice": len(backlog.checked_twice),
                }))
            finally:
                serve.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
