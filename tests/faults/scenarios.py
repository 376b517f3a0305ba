"""The fault scenarios of issue 14, each run for real against a `FaultWorld` and judged:

    s3_restart_mid_write      the S3 server stopped between a packet's check and its result write, back after ~8 s
    s3_outage_past_bound      the same, down longer than the write's bound: failed, then taken up again
    watcher_killed_mid_check  a `watch` process SIGKILLed mid-check; another watcher takes its packet up
    two_watchers_same_bucket  two watchers polling one bucket at the same moment
    worker_killed_watch_job   `serve`'s warm worker SIGKILLed mid-check of a bucket packet
    two_serves_one_packet     two `serve` on one database and bucket, the same packet reported to both
    database_locked_briefly   SQLite's write lock held by another process for less than the bound
    database_locked_too_long  the lock held past the bound: 503 with Retry-After, nothing lost
    disk_full_results         disk full while results are written (CLI folder, local store, service store)

A scenario returns a `FaultResult`: `ok` with no `problems` when the promise held. The tests
(tests/faults/test_*.py) assert that; `python -m tests.faults` prints the table.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

from storage.errors import StorageError
from storage.ledger import PacketStatus
from tests.faults.world import (
    RESULT_SET,
    FaultWorld,
    WriteLock,
    result_names,
    small_packet,
    state_of,
    upload_packet,
    wait_for,
)


@dataclass
class FaultResult:
    scenario: str
    outcome: str = ""  # what happened, in a few words
    seconds: float = 0.0  # the figure that matters for the scenario (named in `timing`)
    timing: str = ""
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def expect(self, cond: bool, problem: str) -> None:
        if not cond:
            self.problems.append(problem)


def real_check(packet_id: str, files):  # noqa: ANN001, ANN201
    """The real check as plain calls (the watcher's own Prefect subflow adds seconds, not a fault)."""
    from flows.check_packet import check_files

    return check_files(packet_id, files).files


def watch_settings(**over):  # noqa: ANN201
    from flows.watch import WatchSettings

    return WatchSettings(**{"settle_seconds": 0, "owner": "fault-watcher", "lease_seconds": 30.0,
                            "store_outage_seconds": 60.0, **over})


class HalfSetSpy(threading.Thread):
    """Lists results/<id>/ every 50 ms while the server answers and records every moment that a
    verdict.json was visible without the rest of its set (a half result set)."""

    def __init__(self, store, packet_id: str) -> None:  # noqa: ANN001
        from storage.s3 import S3Store

        super().__init__(daemon=True)
        self.store = S3Store(store.settings, attempts=1)  # a reader of its own: one try per look, no back-off
        self.packet_id = packet_id
        self.stopped = threading.Event()
        self.half: list[set[str]] = []
        self.looks = 0

    def run(self) -> None:
        while not self.stopped.wait(0.05):
            try:
                names = result_names(self.store, self.packet_id)
            except StorageError:
                continue
            self.looks += 1
            if "verdict.json" in names and not RESULT_SET <= names:
                self.half.append(names)


# -- the S3 server stopped mid-packet ----------------------------------------------------------------


def _outage_run(world: FaultWorld, name: str, bucket: str, down_for: float,
                **settings) -> tuple[FaultResult, dict]:  # noqa: ANN003
    from flows.watch import watch_once
    from storage.s3 import S3Store
    from tests.packetgen import build_files, default_spec

    # the watcher's store with 2 tries per call (not 4): its own short retries are not under test
    store = S3Store(world.bucket(bucket).settings, attempts=2)
    files, truth = build_files(default_spec(seed=41))
    pid = truth.packet_id
    upload_packet(store, pid, files)
    seen: dict = {"calls": 0}

    def check(packet_id: str, members):  # noqa: ANN001, ANN202
        seen["calls"] += 1
        out = real_check(packet_id, members)
        if seen["calls"] == 1:  # the server goes down after the check, before its results are written
            seen["verdict"] = next(f.data for f in out if f.name == "verdict.json")
            seen["down_at"] = time.monotonic()
            world.s3.stop()

            def come_back() -> None:
                time.sleep(down_for)
                world.s3.start()
                seen["up_at"] = time.monotonic()

            seen["restarter"] = threading.Thread(target=come_back, daemon=True)
            seen["restarter"].start()
        return out

    spy = HalfSetSpy(store, pid)
    spy.start()
    t0 = time.monotonic()
    report = watch_once(store, watch_settings(**settings), check)
    seen["report"], seen["took"] = report, time.monotonic() - t0
    seen["restarter"].join(60)
    seen.update(pid=pid, store=store, spy=spy)
    return FaultResult(name), seen


def s3_restart_mid_write(world: FaultWorld) -> FaultResult:
    """Down ~8 s (SIGTERM takes SeaweedFS ~3.5 s, then 5 s off): the finished check's files are kept
    and written once the server is back; checked once, the set complete, never half visible."""
    r, seen = _outage_run(world, "s3_restart_mid_write", "s3-restart", down_for=5.0)
    store, pid, spy = seen["store"], seen["pid"], seen["spy"]
    spy.stopped.set()
    spy.join()
    state = state_of(store, pid)
    names = result_names(store, pid)
    r.expect(seen["report"].checked == [pid], f"watch report {seen['report'].model_dump()}")
    r.expect(seen["calls"] == 1, f"checked {seen['calls']} times")
    r.expect(state is not None and state.status is PacketStatus.DONE and state.attempts == 1,
             f"ledger {state and state.model_dump(mode='json')}")
    r.expect(RESULT_SET <= names and "error.json" not in names, f"results {sorted(names)}")
    got = store.get(f"results/{pid}/verdict.json")
    r.expect(got is not None and got[0] == seen["verdict"], "verdict.json is not the check's verdict")
    r.expect(not spy.half, f"half result sets seen: {spy.half[:3]}")
    r.expect(spy.looks > 0, "the spy never saw the bucket")
    down = seen["up_at"] - seen["down_at"]
    r.outcome = f"checked once, set complete after {down:.1f} s down"
    r.seconds, r.timing = seen["took"], "watch poll (incl. check and outage)"
    return r


def s3_outage_past_bound(world: FaultWorld) -> FaultResult:
    """Down past the write's bound (2 s here, 300 s by default): the poll reports the packet failed
    with the reason, its claim lapses within the lease, and the next poll checks it again."""
    from flows.watch import watch_once

    r, seen = _outage_run(world, "s3_outage_past_bound", "s3-outage", down_for=6.0, store_outage_seconds=2.0,
                          lease_seconds=6.0)
    store, pid, spy = seen["store"], seen["pid"], seen["spy"]
    report = seen["report"]
    r.expect(report.failed == [pid], f"first poll {report.model_dump()}")
    t_up = time.monotonic()
    again = wait_for("the packet taken up again", lambda: watch_once(store, watch_settings(lease_seconds=6.0),
                                                                     real_check).checked, 40, 1.0)
    retried_after = time.monotonic() - t_up
    spy.stopped.set()
    spy.join()
    state = state_of(store, pid)
    r.expect(again == [pid], f"second poll checked {again}")
    r.expect(state is not None and state.status is PacketStatus.DONE and state.attempts == 2,
             f"ledger {state and state.model_dump(mode='json')}")
    r.expect(RESULT_SET <= result_names(store, pid), "results incomplete")
    r.expect(not spy.half, f"half result sets seen: {spy.half[:3]}")
    r.outcome = "failed with reason, retried to done (attempt 2)"
    r.seconds, r.timing = retried_after, "server back → checked again"
    return r


# -- processes killed mid-check -----------------------------------------------------------------------


def watcher_killed_mid_check(world: FaultWorld) -> FaultResult:
    """A `watch --once` process on a bucket of 3 packets is SIGKILLed as soon as it has claimed one
    (before its results). Another watcher on the same bucket (polling from this process, its own
    owner) checks the two free packets at once and the dead watcher's packet as soon as its lease
    lapses (6 s here, 120 s by default): every packet checked to the end, none twice."""
    from flows.watch import watch_once

    r = FaultResult("watcher_killed_mid_check")
    store = world.bucket("watchers")
    ids = [f"w{i}" for i in range(3)]
    for pid in ids:
        upload_packet(store, pid, small_packet(pid))
    victim = world.watch_process(store.bucket, world.root / "watch-victim.log", EVIDENCE_WATCH_LEASE_SECONDS="6")

    def claimed() -> str | None:
        for pid in ids:
            st = state_of(store, pid)
            if st is not None and st.owner == f"{socket.gethostname()}:{victim.pid}":
                return pid
        return None

    victim_packet = wait_for("the watcher's first claim", claimed, 180, 0.02)
    os.kill(victim.pid, signal.SIGKILL)
    killed_at = time.monotonic()
    victim.wait(10)
    r.expect(victim.returncode == -signal.SIGKILL, f"watcher exited {victim.returncode}")
    r.expect("verdict.json" not in result_names(store, victim_packet),
             "the killed watcher had already written its results (not killed mid-check)")
    st = state_of(store, victim_packet)
    r.expect(st is not None and st.status is PacketStatus.PROCESSING and st.lease_until is not None,
             "the killed claim is not a lease")
    if st is not None and st.lease_until is not None:  # free within one lease of the kill (6 s here)
        free_in = (st.lease_until - datetime.now(UTC)).total_seconds()
        r.expect(free_in <= 6.0 + 0.5, f"the dead watcher's packet stays claimed {free_in:.1f} s more")
        r.notes.append(f"the dead watcher's claim lapses {max(0.0, free_in):.1f} s after the kill (lease 6 s)")
    other = watch_settings(lease_seconds=6.0, owner="fault-watcher-2")
    first = watch_once(store, other, real_check)
    r.expect(set(first.checked) >= set(ids) - {victim_packet}, f"first poll checked {first.checked}")
    # the dead watcher's packet: busy while its lease runs (the poll came within it), then checked
    r.expect(first.skipped in ({victim_packet: "busy"}, {}), f"first poll skipped {first.skipped}")

    def victim_done() -> bool:
        st = state_of(store, victim_packet)
        return (st is not None and st.status is PacketStatus.DONE) or \
            victim_packet in watch_once(store, other, real_check).checked

    wait_for("the killed watcher's packet checked by the other", victim_done, 60, 0.5)
    freed_after = time.monotonic() - killed_at
    for pid in ids:
        st = state_of(store, pid)
        want = 2 if pid == victim_packet else 1  # attempts = checks started for this version
        r.expect(st is not None and st.status is PacketStatus.DONE and st.attempts == want,
                 f"{pid}: ledger {st and st.model_dump(mode='json')}")
        r.expect(RESULT_SET <= result_names(store, pid), f"{pid}: results incomplete")
    r.expect(freed_after < 6.0 + 15, f"took {freed_after:.1f} s to take the packet up again")
    r.outcome = "2 free packets checked at once; the killed one's on attempt 2"
    r.seconds, r.timing = freed_after, "SIGKILL → checked by another watcher"
    return r


def two_watchers_same_bucket(world: FaultWorld) -> FaultResult:
    """Two watchers (own owners, own S3 clients, the real check) poll one bucket of 6 packets at
    the same moment: every packet version is checked exactly once, by one of them."""
    from flows.watch import watch_once
    from storage.s3 import S3Store

    r = FaultResult("two_watchers_same_bucket")
    store = world.bucket("two-watchers")
    ids = [f"t{i}" for i in range(6)]
    for pid in ids:
        upload_packet(store, pid, small_packet(pid, note=pid))
    start = threading.Barrier(2)

    def poll(owner: str):  # noqa: ANN202
        mine = S3Store(store.settings)
        start.wait()
        return watch_once(mine, watch_settings(owner=owner), real_check)

    t0 = time.monotonic()
    with ThreadPoolExecutor(2) as pool:
        a, b = pool.map(poll, ["watcher-a", "watcher-b"])
    took = time.monotonic() - t0
    r.expect(not set(a.checked) & set(b.checked), f"checked by both: {set(a.checked) & set(b.checked)}")
    r.expect(sorted(a.checked + b.checked) == ids, f"checked {sorted(a.checked + b.checked)}")
    for pid in ids:
        st = state_of(store, pid)
        r.expect(st is not None and st.status is PacketStatus.DONE and st.attempts == 1,
                 f"{pid}: ledger {st and st.model_dump(mode='json')}")
        r.expect(RESULT_SET <= result_names(store, pid), f"{pid}: results incomplete")
    r.outcome = f"6 checked once ({len(a.checked)} by one, {len(b.checked)} by the other)"
    r.seconds, r.timing = took, "both polls"
    return r


def worker_killed_watch_job(world: FaultWorld) -> FaultResult:
    """A bucket packet queued for `serve`'s warm workers (as the webhook or `watch --to-service`
    do); its worker is SIGKILLed while it holds the packet's claim. The pool closes the dead
    worker's claim, requeues the job, a fresh worker checks it: done on attempt 2."""
    from storage.db import open_database
    from storage.db import queue as q

    r = FaultResult("worker_killed_watch_job")
    serves, store = world.serves(), world.service_bucket
    serves.wait_warm()
    pid = "svc-kill-1"
    upload_packet(store, pid, small_packet(pid))
    db = open_database(f"sqlite:///{serves.database}")
    job = q.enqueue_watch(db, pid, f"s3://{store.bucket}/incoming/{pid}")
    r.expect(job is not None, "not queued")

    def holder() -> int | None:
        st = state_of(store, pid)
        return int(st.owner.rsplit(":", 1)[1]) if st and st.status is PacketStatus.PROCESSING and st.owner else None

    worker_pid = wait_for("a worker's claim on the packet", holder, 60, 0.01)
    os.kill(worker_pid, signal.SIGKILL)
    killed_at = time.monotonic()

    def ended() -> str | None:
        with db.session() as s:
            p = s.get(q.Precheck, job)
            return p.status if p is not None and p.status in q.ENDED else None

    status = wait_for("the job to end", ended, 120, 0.2)
    took = time.monotonic() - killed_at
    with db.session() as s:
        p = s.get(q.Precheck, job)
        attempts, error = p.attempts, p.error
    st = state_of(store, pid)
    r.expect(status == q.DONE and attempts == 2, f"job {status} after {attempts} attempts: {error}")
    r.expect(st is not None and st.status is PacketStatus.DONE and st.attempts == 2,
             f"ledger {st and st.model_dump(mode='json')}")
    r.expect(RESULT_SET <= result_names(store, pid), f"results {sorted(result_names(store, pid))}")
    serves.wait_warm()
    r.outcome = f"job {status} on attempt {attempts}; ledger done, attempt {st.attempts if st else '?'}"
    r.seconds, r.timing = took, "SIGKILL → done"
    db.engine.dispose()
    return r


# -- two of everything on one bucket and one database ----------------------------------------------


def two_serves_one_packet(world: FaultWorld) -> FaultResult:
    """Both `serve` came up together on a fresh database (both ran the migrations at once). The same
    packet is reported to both at the same moment (MinIO webhooks), twice over: it is checked once.
    An upload submitted to one is read from the other."""
    from tests.api.test_webhooks import minio_event
    from tests.packetgen import build_files, default_spec

    r = FaultResult("two_serves_one_packet")
    serves, store = world.serves(), world.service_bucket
    serves.wait_warm()
    files, truth = build_files(default_spec(seed=43))
    pid = truth.packet_id
    upload_packet(store, pid, files)
    event = minio_event(store.bucket, f"incoming/{pid}/manifest.json")
    t0 = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda base: httpx.post(f"{base}/webhooks/minio", json=event,
                                                        headers={"Authorization": "fault-hook"}, timeout=60),
                                [serves.a.base, serves.b.base] * 2))
    r.expect(all(a.status_code < 300 for a in answers), f"webhook answers {[a.status_code for a in answers]}")
    wait_for("the packet's verdict", lambda: store.get(f"results/{pid}/verdict.json"), 120, 0.2)
    took = time.monotonic() - t0
    time.sleep(3)  # let any second job for the packet run (it must find the version done)
    st = state_of(store, pid)
    r.expect(st is not None and st.status is PacketStatus.DONE and st.attempts == 1,
             f"ledger {st and st.model_dump(mode='json')} (attempts = checks of this version)")
    logs = serves.a.log_text() + serves.b.log_text()
    runs = sum(1 for line in logs.splitlines() if "pre-check" in line and f"(packet {truth.packet_id})" in line
               and " done in " in line)
    r.notes.append(f"{runs} watch job(s) ran for the packet; the ledger let one check it")
    # an upload to A, polled from B
    from tests.api.service import zip_folder

    folder = world.root / "upload-pkt"
    folder.mkdir(exist_ok=True)
    for n, b in small_packet("svc-upload-1").items():
        (folder / n).write_bytes(b)
    sub = httpx.post(f"{serves.a.base}/v1/prechecks", headers=serves.auth(), timeout=60,
                     files={"packet": ("svc-upload-1.zip", zip_folder(folder), "application/zip")})
    r.expect(sub.status_code == 202, f"submit {sub.status_code} {sub.text[:200]}")
    if sub.status_code == 202:
        out = httpx.get(f"{serves.b.base}/v1/prechecks/{sub.json()['id']}", params={"wait": 60},
                        headers=serves.auth(), timeout=90).json()
        r.expect(out["status"] == "done", f"polled from the other serve: {out['status']} {out.get('error')}")
    r.outcome = f"checked once (ledger attempt 1; {runs} job run(s)); poll on either serve"
    r.seconds, r.timing = took, "webhooks → verdict"
    return r


# -- the database locked ------------------------------------------------------------------------------


def _submit(serves, serve, name: str, files: dict[str, bytes] | None = None) -> httpx.Response:  # noqa: ANN001
    from tests.api.service import zip_folder

    folder = serves.data_dir.parent / f"pkt-{name}"
    folder.mkdir(exist_ok=True)
    for n, b in (files or small_packet(name)).items():
        (folder / n).write_bytes(b)
    return httpx.post(f"{serve.base}/v1/prechecks", headers=serves.auth(), timeout=90,
                      files={"packet": (f"{name}.zip", zip_folder(folder), "application/zip")})


def _wait_done(serves, serve, precheck_id: str) -> dict:  # noqa: ANN001
    deadline = time.monotonic() + 180
    while True:
        out = httpx.get(f"{serve.base}/v1/prechecks/{precheck_id}", params={"wait": 30}, headers=serves.auth(),
                        timeout=60).json()
        if out["status"] in ("done", "failed") or time.monotonic() > deadline:
            return out


def database_locked_briefly(world: FaultWorld) -> FaultResult:
    """Another process holds SQLite's write lock for 1.5 s (under the 3 s bound): a submission made
    meanwhile waits for it and is accepted; the pre-check is checked; no worker died."""
    r = FaultResult("database_locked_briefly")
    serves = world.serves()
    serves.wait_warm()
    pids = serves.worker_pids(serves.a)
    with WriteLock(serves.database, 1.5) as lock:
        t0 = time.monotonic()
        sub = _submit(serves, serves.a, "lock-short")
        waited = time.monotonic() - t0
        lock.wait_released()
    r.expect(sub.status_code == 202, f"submit under the lock: {sub.status_code} {sub.text[:200]}")
    r.expect(waited >= 0.8, f"the submission did not wait for the lock ({waited:.2f} s)")
    if sub.status_code == 202:
        out = _wait_done(serves, serves.a, sub.json()["id"])
        r.expect(out["status"] == "done", f"pre-check {out['status']}: {out.get('error')}")
    r.expect(serves.worker_pids(serves.a) == pids, "a worker was replaced")
    r.outcome = "accepted after waiting for the lock; done"
    r.seconds, r.timing = waited, "submit answered after"
    return r


def database_locked_too_long(world: FaultWorld) -> FaultResult:
    """The write lock held 9 s (three times the 3 s bound) while a pre-check is being checked: a
    submission gets 503 with Retry-After and a one-line reason (no trace, no path) once the bound
    has passed; the running pre-check is not lost (done, perhaps on a second attempt); both pools
    are warm afterwards and take work again."""
    from tests.packetgen import build_files, default_spec

    r = FaultResult("database_locked_too_long")
    serves = world.serves()
    serves.wait_warm()
    first = _submit(serves, serves.a, "lock-long-1", build_files(default_spec(seed=45))[0])
    r.expect(first.status_code == 202, f"first submit {first.status_code}")
    first_id = first.json()["id"]

    def running() -> bool:
        got = httpx.get(f"{serves.a.base}/v1/prechecks/{first_id}", headers=serves.auth(), timeout=30).json()
        return got["status"] != "queued"

    wait_for("the first pre-check to start", running, 60, 0.05)
    with WriteLock(serves.database, 9.0) as lock:
        t0 = time.monotonic()
        refused = _submit(serves, serves.b, "lock-long-2")
        answered = time.monotonic() - t0
        lock.wait_released()
    body = refused.text
    r.expect(refused.status_code == 503, f"submit under a long lock: {refused.status_code} {body[:200]}")
    r.expect("retry-after" in refused.headers, "no Retry-After")
    r.expect("database" in body and "Traceback" not in body and str(serves.data_dir) not in body,
             f"unclear or leaky 503 body: {body[:300]}")
    r.expect(answered < 3 * 3 + 2, f"answered only after {answered:.1f} s (bound 3 s)")
    out = _wait_done(serves, serves.a, first_id)
    r.expect(out["status"] == "done", f"the pre-check under the lock ended {out['status']}: {out.get('error')}")
    after = _submit(serves, serves.b, "lock-long-3")
    r.expect(after.status_code == 202, f"submit after the lock {after.status_code}")
    if after.status_code == 202:
        r.expect(_wait_done(serves, serves.b, after.json()["id"])["status"] == "done", "no check after the lock")
    serves.wait_warm()
    r.outcome = f"503 + Retry-After after {answered:.1f} s; running pre-check done"
    r.seconds, r.timing = answered, "refusal answered after"
    return r


# -- disk full -----------------------------------------------------------------------------------------


def disk_full_results(world: FaultWorld) -> FaultResult:
    """See tests/faults/diskfull.py for how the disk is filled. The CLI's result folder, the local
    store's result set and the service store's single write each fail with `StorageFull` and a
    one-line message; the previous result set is byte for byte as it was; no `.part` left."""
    from tests.faults import diskfull

    r = FaultResult("disk_full_results")
    base = world.root / "diskfull"
    for name, note in (("old", ""), ("new", "新")):
        d = base / name
        d.mkdir(parents=True, exist_ok=True)
        for n, b in small_packet(f"fault-{name}", note).items():
            (d / n).write_bytes(b)
    t0 = time.monotonic()
    got = diskfull.run(base / "work", base / "old", base / "new")
    took = time.monotonic() - t0
    for name in ("lib", "store"):
        case = got["cases"][name]
        r.expect(case["kind"] == "StorageFull", f"{name}: raised {case['kind']}: {case['error']}")
        r.expect(case["intact"], f"{name}: the previous result set changed")
        r.expect(not case["leftovers"], f"{name}: left {case['leftovers']}")
    cli = got["cases"]["cli"]
    r.expect(cli["returncode"] == 1, f"cli exit {cli['returncode']}")
    r.expect("no space left" in cli["stderr"] and "previous results are kept" in cli["stderr"]
             and "Traceback" not in cli["stderr"], f"cli said: {cli['stderr'][-400:]}")
    r.expect(cli["intact"] and not cli["leftovers"], "cli: previous results changed or .part left")
    r.expect(got["put"].get("kind") == "StorageFull" and not got["put"].get("leftovers"), f"put: {got['put']}")
    r.outcome = f"StorageFull ({got['mode']}); previous verdict intact x3"
    r.seconds, r.timing = took, "child incl. 2 checks + CLI"
    r.notes.append("full disk: " + ("tmpfs in a private mount namespace (ENOSPC)" if got["mode"] == "tmpfs"
                                    else "RLIMIT_FSIZE with SIGXFSZ ignored (EFBIG)"))
    return r


SCENARIOS: dict[str, Callable[[FaultWorld], FaultResult]] = {
    f.__name__: f for f in (
        s3_restart_mid_write, s3_outage_past_bound, watcher_killed_mid_check, two_watchers_same_bucket,
        worker_killed_watch_job,
        two_serves_one_packet, database_locked_briefly, database_locked_too_long, disk_full_results,
    )
}


def run(world: FaultWorld, name: str) -> FaultResult:
    """One scenario; an exception is a failed scenario with the reason, not a crash of the table."""
    t0 = time.monotonic()
    try:
        result = SCENARIOS[name](world)
    except Exception as exc:  # noqa: BLE001
        result = FaultResult(name, outcome="crashed", problems=[f"{type(exc).__name__}: {exc}"])
    result.notes.append(f"wall {time.monotonic() - t0:.1f} s")
    return result


def table(results: list[FaultResult]) -> str:
    head = f"{'scenario':26} {'ok':3} {'time s':>7}  {'timed':36} outcome"
    lines = [head, "-" * len(head)]
    for x in results:
        lines.append(f"{x.scenario:26} {'yes' if x.ok else 'NO':3} {x.seconds:7.1f}  {x.timing[:36]:36} {x.outcome}")
        for n in x.notes:
            lines.append(f"{'':26}     · {n}")
        for p in x.problems:
            lines.append(f"{'':26}     !! {p[:220]}")
    lines.append(f"{sum(x.ok for x in results)} of {len(results)} fault scenarios hold")
    return "\n".join(lines)


def data_dir_of(world: FaultWorld) -> Path:
    return world.root
