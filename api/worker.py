"""A warm check worker: a long-lived process that imports the pipeline and loads the staff model
once, then takes pre-checks from the database queue until told to stop.

`run_precheck` is the one place the service calls the check (`flows.check_packet.check_files`,
plain calls without Prefect: the worker is already warm and a Prefect run would add seconds).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from dataclasses import dataclass

from models.packet import PacketFile
from models.settings import Settings
from storage.base import BucketStore, ResultFile
from storage.db import Database, Precheck, open_database
from storage.db import queue as q
from storage.db.engine import DatabaseUnavailable
from storage.db.tables import PrecheckSource
from storage.errors import StorageError

log = logging.getLogger("evidence.worker")

IDLE_POLL_SECONDS = 1.0  # without a wake-up (a pre-check queued by another machine) look this often
DATABASE_UNAVAILABLE_EXIT = 75  # EX_TEMPFAIL: the database stayed locked or down past its bound


@dataclass
class PrecheckResult:
    packet_id: str
    enterprise_name: str | None
    passed: bool | None  # None: nothing was checked (a watch job whose packet version is done)
    needs_review: bool
    verdict_key: str | None  # None for a watch job (its verdict is in results/<packet-id>/)


class PacketGone(RuntimeError):
    """The packet a pre-check names is no longer in the store."""


def worker_id_for(pid: int) -> str:
    return f"{socket.gethostname()}:{pid}"


def check_files(packet_id: str, files: list[PacketFile], tracked: bool = False, overrides=None) -> list[ResultFile]:  # noqa: ANN001
    """The check itself: packet members in, result files out (verdict.json among them). With
    `tracked` (EVIDENCE_PREFECT_TRACKING=true and a Prefect server in PREFECT_API_URL) it runs as
    a `check-packet-files` flow run, visible in the Prefect UI, at the cost of its API calls."""
    if tracked:
        from flows.check_packet import check_packet_files

        return check_packet_files(packet_id, files).files
    from flows.check_packet import check_files
    from flows.steps import CheckConfig

    # `overrides`: reviewers' title decisions from the database (api.review.staff_override_table)
    return check_files(packet_id, files, CheckConfig(staff_overrides=overrides) if overrides else None).files


def _verdict_of(files: list[ResultFile]):  # noqa: ANN202
    from models import Verdict

    data = next(f.data for f in files if f.name == "verdict.json")
    return Verdict.model_validate_json(data)


def run_precheck(precheck: Precheck, store: BucketStore, bucket: BucketStore | None,
                 settings: Settings, overrides=None) -> PrecheckResult:  # noqa: ANN001
    """Read the pre-check's packet, check it, write its results (verdict last)."""
    from api.store import packet_prefix, write_precheck_results

    if precheck.source == PrecheckSource.WATCH.value:
        return _run_watch_job(precheck, bucket, settings)
    if precheck.source == PrecheckSource.UPLOAD.value:
        prefix = packet_prefix(precheck.id)
        files = []
        for name in precheck.members:
            got = store.get(prefix + name)
            if got is None:
                raise PacketGone(f"uploaded member missing from the store: {name}")
            files.append(PacketFile(name=name, data=got[0]))
        fallback_id = _fallback_id(precheck)
    else:  # a packet in the bucket, named by the portal
        ref = _find_in_bucket(bucket, precheck.packet_id or "")
        files = bucket.read_members(ref)  # type: ignore[union-attr]
        fallback_id = ref.packet_id
    results = check_files(fallback_id, files, _tracked(settings), overrides)
    verdict = _verdict_of(results)
    key = write_precheck_results(store, precheck.id, results, settings.watch.store_outage_seconds)
    return PrecheckResult(packet_id=verdict.packet_id, enterprise_name=verdict.enterprise.name,
                          passed=verdict.passed, needs_review=verdict.needs_review, verdict_key=key)


def _tracked(settings: Settings) -> bool:
    return settings.service.prefect_tracking and bool(os.environ.get("PREFECT_API_URL"))


def _fallback_id(precheck: Precheck) -> str:
    """The packet id when the manifest names none: the zip's name (as the CLI does), else the pre-check's."""
    if len(precheck.members) == 1 and precheck.members[0].lower().endswith(".zip"):
        return precheck.members[0].rsplit("/", 1)[-1][:-4]
    return precheck.id


def _find_in_bucket(bucket: BucketStore | None, packet_id: str):  # noqa: ANN202
    from storage.bucket import find_packet

    if bucket is None:
        raise PacketGone("no bucket is configured")
    ref = find_packet(bucket, packet_id)
    if ref is None:
        raise PacketGone(f"packet {packet_id} is no longer complete in {bucket.describe()}")
    return ref


def _run_watch_job(precheck: Precheck, bucket: BucketStore | None, settings: Settings) -> PrecheckResult:
    """A packet the webhook or the watcher saw: the bucket path of `flows.watch.process_packet`
    (ledger claim → check → results/<packet-id>/ → close), run here on the warm worker. The claim's
    owner is this worker's id, so the pool can free it at once if the worker dies mid-check."""
    from flows.watch import write_packet_results
    from storage.layout import result_key
    from storage.ledger import LeaseKeeper, PacketStatus, claim, release
    from storage.retry import until_back

    ref = _find_in_bucket(bucket, precheck.packet_id or "")
    watch = settings.watch
    owner = precheck.worker_id or watch.owner
    decision, held = claim(bucket, ref, owner, max_attempts=watch.max_attempts, lease_seconds=watch.lease_seconds)
    if held is None:  # done already, or another worker holds it: nothing to do
        log.info("packet %s version %s: %s", ref.packet_id, ref.version, decision.value)
        return PrecheckResult(packet_id=ref.packet_id, enterprise_name=None, passed=None, needs_review=False,
                              verdict_key=None)
    with LeaseKeeper(bucket, held, watch.lease_seconds) as keeper:
        try:
            results = check_files(ref.packet_id, bucket.read_members(ref), _tracked(settings))  # type: ignore[union-attr]
            write_packet_results(bucket, ref.packet_id, results, watch.store_outage_seconds)  # type: ignore[arg-type]
        except Exception as exc:
            failure = exc
        else:
            failure = None
    if failure is not None:
        try:
            release(bucket, keeper.current, PacketStatus.FAILED, f"{type(failure).__name__}: {failure}")
        except StorageError as exc:  # the store is down: the lease runs out and the packet is taken up again
            log.warning("could not close the claim on %s: %s", ref.packet_id, exc)
        raise failure
    until_back(lambda: release(bucket, keeper.current, PacketStatus.DONE), watch.store_outage_seconds,
               what=f"close the claim on {ref.packet_id}")
    verdict = _verdict_of(results)
    return PrecheckResult(packet_id=verdict.packet_id, enterprise_name=verdict.enterprise.name,
                          passed=verdict.passed, needs_review=verdict.needs_review,
                          verdict_key=result_key(ref.packet_id, "verdict.json"))


# -- the worker process ----------------------------------------------------------------------------

WARM_UP_ROSTER = "员工花名册\n工号,姓名,部门,岗位,在岗状态\nE001,张三,一车间,数控车工,在岗\nE002,李四,行政部,行政专员,在岗\n"


def warm_up() -> float:
    """Import the pipeline and load the staff model by checking a two-line roster. Seconds taken."""
    t0 = time.perf_counter()
    check_files("warm-up", [PacketFile(name="manifest.json", data=b'{"packet_id": "warm-up"}'),
                            PacketFile(name="roster.csv", data=WARM_UP_ROSTER.encode())])
    return time.perf_counter() - t0


class _Heartbeat(threading.Thread):
    def __init__(self, db: Database, worker_id: str, every: float) -> None:
        super().__init__(daemon=True, name="heartbeat")
        self.db, self.worker_id, self.every = db, worker_id, every
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            try:
                q.heartbeat(self.db, self.worker_id)
            except Exception as exc:  # noqa: BLE001  (a busy database must not kill the worker)
                log.warning("heartbeat failed: %s", exc)


def worker_main(database_url: str, wake, stop) -> None:  # noqa: ANN001  (multiprocessing primitives)
    """Entry of a worker process (started by `api.pool.WorkerPool` with the spawn method)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the pool stops us
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract: parallel across pages, not inside one
    from api.logs import configure_logging

    configure_logging()
    settings = Settings()
    db = open_database(database_url)
    wid = worker_id_for(os.getpid())
    q.register_worker(db, wid, socket.gethostname(), os.getpid())
    log.info("worker %s warming up", wid)
    log.info("worker %s warm in %.1f s", wid, warm_up())
    from api.store import open_bucket, open_store

    store = open_store(settings)
    bucket = open_bucket(settings)
    q.set_worker_state(db, wid, "idle")
    beat = _Heartbeat(db, wid, settings.service.worker_heartbeat_seconds)
    beat.start()
    parent = os.getppid()
    try:
        while not stop.is_set() and os.getppid() == parent:  # the server gone (even SIGKILLed): stop too
            try:
                job = q.claim_next(db, wid)
            except DatabaseUnavailable as exc:  # locked or down past the bound: keep polling, stay warm
                log.warning("worker %s: cannot take work: %s", wid, exc)
                job = None
            if job is None:
                wake.acquire(timeout=IDLE_POLL_SECONDS)
                continue
            try:
                _process(db, wid, job, store, bucket, settings)
            except DatabaseUnavailable as exc:
                # The outcome cannot be recorded even after the bounded retries: end this process,
                # so the pool requeues or fails the pre-check once the database answers again
                # (it is never left "running" under a live worker).
                log.error("worker %s: could not record pre-check %s: %s; exiting", wid, job.id, exc)
                raise SystemExit(DATABASE_UNAVAILABLE_EXIT) from None
    finally:
        beat.stopped.set()
        log.info("worker %s stopping", wid)


def _process(db: Database, wid: str, job: Precheck, store: BucketStore, bucket: BucketStore,
             settings: Settings) -> None:
    from api.logs import request_id_var

    token = request_id_var.set(job.request_id or "-")
    t0 = time.perf_counter()
    log.info("pre-check %s: started (attempt %d, %s)", job.id, job.attempts, job.source)
    try:
        from api.review import staff_override_table

        result = run_precheck(job, store, bucket, settings, staff_override_table(db))
    except Exception as exc:  # noqa: BLE001  (a failed check is recorded with its reason)
        reason = f"{type(exc).__name__}: {exc}"
        log.warning("pre-check %s: failed: %s", job.id, reason)
        q.fail(db, job.id, wid, reason)
    else:
        ok = q.finish(db, job.id, wid, packet_id=result.packet_id, enterprise_name=result.enterprise_name,
                      passed=result.passed, needs_review=result.needs_review, verdict_key=result.verdict_key)
        log.info("pre-check %s: %s in %.2f s (packet %s)", job.id, "done" if ok else "lost its claim",
                 time.perf_counter() - t0, result.packet_id)
    finally:
        request_id_var.reset(token)
