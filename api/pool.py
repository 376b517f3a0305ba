"""The bounded pool of warm workers that `serve` owns, and the supervisor that keeps it honest:
a worker that dies is replaced and its pre-check queued again or failed with the reason; a
worker anywhere (another machine) whose heartbeat stops is treated the same; a check past its
timeout is failed and its worker killed. Nothing about a pre-check is kept here: the pool only
wakes workers up, the state is in the database."""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import threading
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from models.settings import Settings
from storage.db import Database, Precheck
from storage.db import queue as q

log = logging.getLogger("evidence.pool")
SUPERVISE_EVERY_SECONDS = 0.5


def describe_exit(code: int | None) -> str:
    if code is None:
        return "is gone"
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    from api.worker import DATABASE_UNAVAILABLE_EXIT

    if code == DATABASE_UNAVAILABLE_EXIT:
        return "could not record its result (the database stayed busy or unavailable)"
    return f"exited with code {code}"


class WorkerPool:
    def __init__(self, settings: Settings, db: Database, database_url: str, size: int) -> None:
        self.settings, self.db, self.database_url, self.size = settings, db, database_url, max(0, size)
        self.ctx = mp.get_context("spawn")  # a clean interpreter: no uvicorn threads or sockets inherited
        self.wake_sem = self.ctx.Semaphore(0)
        self.stop_event = self.ctx.Event()
        self.procs: list[mp.process.BaseProcess | None] = [None] * self.size
        self._stopping = threading.Event()
        self._bucket = None  # opened when a dead worker's bucket claims must be closed
        self._thread = threading.Thread(target=self._supervise, daemon=True, name="pool-supervisor")

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> None:
        for slot in range(self.size):
            self._spawn(slot)
        self._thread.start()

    def _spawn(self, slot: int) -> None:
        from api.worker import worker_main

        p = self.ctx.Process(target=worker_main, args=(self.database_url, self.wake_sem, self.stop_event),
                             name=f"evidence-worker-{slot}", daemon=True)
        p.start()
        self.procs[slot] = p
        log.info("worker slot %d: started pid %s", slot, p.pid)

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self.stop_event.set()
        for _ in self.procs:
            self.wake_sem.release()
        for p in self.procs:
            if p is not None:
                p.join(timeout)
                if p.is_alive():
                    p.kill()
                    p.join(2)
        for p in self.procs:
            if p is not None and p.pid is not None:
                self.free_bucket_claims(_wid(p.pid), "the server stopped during the check")
                q.recover_worker(self.db, _wid(p.pid), "the server stopped during the check",
                                 self.settings.service.precheck_max_attempts)

    def wake(self) -> None:
        """A pre-check was queued: let one idle worker look now instead of at its next poll."""
        if self.size:
            self.wake_sem.release()

    def pids(self) -> list[int]:
        return [p.pid for p in self.procs if p is not None and p.pid is not None]

    # -- supervision ----------------------------------------------------------------------------

    def _supervise(self) -> None:
        while not self._stopping.wait(SUPERVISE_EVERY_SECONDS):
            try:
                self.supervise_once()
            except Exception:  # noqa: BLE001  (the supervisor must outlive a busy database)
                log.exception("supervisor pass failed")

    def supervise_once(self) -> None:
        svc = self.settings.service
        for slot, p in enumerate(self.procs):
            if p is None or p.is_alive() or self._stopping.is_set():
                continue
            reason = f"worker process {p.pid} {describe_exit(p.exitcode)} during the check"
            self.free_bucket_claims(_wid(p.pid), reason)
            for pid_, status in q.recover_worker(self.db, _wid(p.pid), reason, svc.precheck_max_attempts):
                log.warning("pre-check %s: %s → %s", pid_, reason, status)
            self._spawn(slot)
        self._kill_overdue()
        sweep_stale(self.db, svc.worker_stale_seconds, svc.precheck_max_attempts, exclude=self.pids(),
                    free_claims=self.free_bucket_claims)

    def free_bucket_claims(self, worker_id: str, reason: str) -> None:
        """A dead worker's bucket packets: close its ledger claims now (the attempt counts) so the
        requeued job does not find the packet busy until the lease runs out."""
        packets = q.watch_packets_of(self.db, worker_id)
        if not packets:
            return
        from api.store import open_bucket
        from storage.errors import StorageError
        from storage.ledger import abandon

        if self._bucket is None:
            self._bucket = open_bucket(self.settings)
        for packet_id in packets:
            try:
                if abandon(self._bucket, packet_id, worker_id, reason):
                    log.warning("packet %s: claim of dead worker %s closed", packet_id, worker_id)
            except StorageError as exc:  # the bucket is down too: the lease runs out on its own
                log.warning("packet %s: could not close the claim of %s: %s", packet_id, worker_id, exc)

    def _kill_overdue(self) -> None:
        limit = self.settings.service.check_timeout_seconds
        cutoff = q.now() - timedelta(seconds=limit)
        mine = {_wid(pid): pid for pid in self.pids()}
        with self.db.session() as s:
            overdue = list(s.scalars(select(Precheck).where(
                Precheck.status == q.RUNNING, Precheck.started_at < cutoff, Precheck.worker_id.in_(list(mine))
            )))
        for p in overdue:
            q.fail(self.db, p.id, p.worker_id, f"the check took longer than {limit:g} s and was stopped")
            log.warning("pre-check %s: over %g s; killing worker %s", p.id, limit, p.worker_id)
            try:
                os.kill(mine[p.worker_id], signal.SIGKILL)
            except ProcessLookupError:
                pass


def sweep_stale(db: Database, stale_seconds: float, max_attempts: int, exclude: list[int] = (),
                free_claims: Callable[[str, str], None] | None = None) -> None:
    """Workers anywhere whose heartbeat stopped: requeue or fail their pre-checks, drop their rows;
    running pre-checks whose worker row is gone likewise. `free_claims(worker, reason)` closes
    their bucket claims first."""
    own = {_wid(pid) for pid in exclude}
    with db.session() as s:
        stale = [w for w in q.stale_workers(s, stale_seconds) if w not in own]
        orphans = [p.worker_id for p in q.orphaned_prechecks(s)]
    for wid in stale:
        reason = f"worker {wid} stopped answering (no heartbeat for {stale_seconds:g} s)"
        if free_claims is not None:
            free_claims(wid, reason)
        q.recover_worker(db, wid, reason, max_attempts)
    for wid in orphans:
        if wid and wid not in own:
            if free_claims is not None:
                free_claims(wid, f"worker {wid} is gone")
            q.recover_worker(db, wid, f"worker {wid} is gone", max_attempts)


def _wid(pid: int) -> str:
    from api.worker import worker_id_for

    return worker_id_for(pid)
