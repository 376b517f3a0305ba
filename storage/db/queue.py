"""The pre-check queue in the database: enqueue, claim (safe with many workers on many machines),
finish, and recovery from workers that died. Claiming is an optimistic conditional UPDATE
(`… WHERE id = ? AND status = 'queued'`): it works the same on SQLite and PostgreSQL, and two
workers can never both win the same row.

The calls the workers and the supervisor make are retried while the database is locked or
unreachable (`Database.retry`, bounded by `EVIDENCE_DATABASE_BUSY_SECONDS`), then raise
`DatabaseUnavailable`."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.db.engine import Database
from storage.db.tables import Packet, Precheck, PrecheckStatus, VerdictVersion, Worker

QUEUED, RUNNING, DONE, FAILED = (s.value for s in PrecheckStatus)
ENDED = (DONE, FAILED)


def now() -> datetime:
    return datetime.now(UTC)


def new_precheck_id() -> str:
    return "pc_" + secrets.token_hex(12)


def queued_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Precheck).where(Precheck.status == QUEUED)) or 0


def find_by_idempotency(session: Session, token_name: str, key: str) -> Precheck | None:
    return session.scalar(
        select(Precheck).where(Precheck.token_name == token_name, Precheck.idempotency_key == key)
    )


def claim_next(db: Database, worker_id: str, candidates: int = 8) -> Precheck | None:
    return db.retry(lambda: _claim_next(db, worker_id, candidates), "claim a pre-check")


def _claim_next(db: Database, worker_id: str, candidates: int = 8) -> Precheck | None:
    """Take the oldest queued pre-check for this worker, or None if the queue is empty."""
    with db.session() as s:
        ids = list(s.scalars(
            select(Precheck.id).where(Precheck.status == QUEUED).order_by(Precheck.created_at).limit(candidates)
        ))
        for pid in ids:
            won = s.execute(
                update(Precheck)
                .where(Precheck.id == pid, Precheck.status == QUEUED)
                .values(status=RUNNING, worker_id=worker_id, started_at=now(), attempts=Precheck.attempts + 1)
            ).rowcount
            if won == 1:
                s.execute(update(Worker).where(Worker.id == worker_id)
                          .values(state="busy", precheck_id=pid, heartbeat_at=now()))
                s.flush()
                return s.get(Precheck, pid)
    return None


def finish(db: Database, precheck_id: str, worker_id: str, *, packet_id: str | None,
           enterprise_name: str | None, passed: bool | None, needs_review: bool | None,
           verdict_key: str | None) -> bool:
    """Mark a pre-check done and record its packet and machine verdict (version 1). False if the
    pre-check is no longer this worker's (it was taken as dead and requeued meanwhile)."""
    return db.retry(lambda: _finish(db, precheck_id, worker_id, packet_id=packet_id,
                                    enterprise_name=enterprise_name, passed=passed, needs_review=needs_review,
                                    verdict_key=verdict_key), "finish a pre-check")


def _finish(db: Database, precheck_id: str, worker_id: str, *, packet_id: str | None,
            enterprise_name: str | None, passed: bool | None, needs_review: bool | None,
            verdict_key: str | None) -> bool:
    with db.session() as s:
        won = s.execute(
            update(Precheck)
            .where(Precheck.id == precheck_id, Precheck.status == RUNNING, Precheck.worker_id == worker_id)
            .values(status=DONE, finished_at=now(), packet_id=packet_id, error=None)
        ).rowcount
        if won != 1:
            return False
        if packet_id and verdict_key and passed is not None:
            packet = s.get(Packet, packet_id)
            if packet is None:
                packet = Packet(id=packet_id, updated_at=now())
                s.add(packet)
            packet.enterprise_name = enterprise_name
            packet.latest_precheck_id = precheck_id
            packet.passed = passed
            packet.needs_review = bool(needs_review)
            packet.updated_at = now()
            s.flush()
            s.add(VerdictVersion(packet_id=packet_id, precheck_id=precheck_id, version=1, passed=passed,
                                 needs_review=bool(needs_review), verdict_key=verdict_key, created_at=now()))
        _worker_idle(s, worker_id)
    return True


def fail(db: Database, precheck_id: str, worker_id: str | None, reason: str) -> None:
    return db.retry(lambda: _fail(db, precheck_id, worker_id, reason), "fail a pre-check")


def _fail(db: Database, precheck_id: str, worker_id: str | None, reason: str) -> None:
    with db.session() as s:
        cond = [Precheck.id == precheck_id, Precheck.status.in_((QUEUED, RUNNING))]
        if worker_id is not None:
            cond.append(Precheck.worker_id == worker_id)
        s.execute(update(Precheck).where(*cond).values(status=FAILED, finished_at=now(), error=reason))
        if worker_id is not None:
            _worker_idle(s, worker_id)


def recover_worker(db: Database, worker_id: str, reason: str, max_attempts: int) -> list[tuple[str, str]]:
    """A worker is gone: its running pre-check is queued again while it has attempts left, else
    failed with `reason`; the worker's row is removed. Returns (pre-check id, new status)."""
    return db.retry(lambda: _recover_worker(db, worker_id, reason, max_attempts), "recover a worker")


def _recover_worker(db: Database, worker_id: str, reason: str, max_attempts: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    with db.session() as s:
        running = list(s.scalars(
            select(Precheck).where(Precheck.worker_id == worker_id, Precheck.status == RUNNING)
        ))
        for p in running:
            if p.attempts < max_attempts:
                p.status, p.worker_id, p.started_at = QUEUED, None, None
                p.error = f"{reason}; queued again (attempt {p.attempts + 1} of {max_attempts})"
            else:
                p.status, p.finished_at = FAILED, now()
                p.error = f"{reason} (after {p.attempts} attempts)"
            out.append((p.id, p.status))
        s.execute(delete(Worker).where(Worker.id == worker_id))
    return out


def watch_packets_of(db: Database, worker_id: str) -> list[str]:
    """The bucket packets (watch jobs) a worker is running: their ledger claims carry its id."""
    from storage.db.tables import PrecheckSource

    with db.session() as s:
        return [p for p in s.scalars(select(Precheck.packet_id).where(
            Precheck.worker_id == worker_id, Precheck.status == RUNNING,
            Precheck.source == PrecheckSource.WATCH.value)) if p]


# -- the worker registry -----------------------------------------------------------------------


def register_worker(db: Database, worker_id: str, host: str, pid: int) -> None:
    return db.retry(lambda: _register_worker(db, worker_id, host, pid), "register a worker")


def _register_worker(db: Database, worker_id: str, host: str, pid: int) -> None:
    with db.session() as s:
        s.execute(delete(Worker).where(Worker.id == worker_id))
        s.add(Worker(id=worker_id, host=host, pid=pid, state="starting", started_at=now(), heartbeat_at=now()))


def set_worker_state(db: Database, worker_id: str, state: str) -> None:
    return db.retry(lambda: _set_worker_state(db, worker_id, state), "set a worker's state")


def _set_worker_state(db: Database, worker_id: str, state: str) -> None:
    with db.session() as s:
        s.execute(update(Worker).where(Worker.id == worker_id).values(state=state, heartbeat_at=now()))


def heartbeat(db: Database, worker_id: str) -> None:
    with db.session() as s:
        s.execute(update(Worker).where(Worker.id == worker_id).values(heartbeat_at=now()))


def _worker_idle(s: Session, worker_id: str) -> None:
    s.execute(update(Worker).where(Worker.id == worker_id).values(state="idle", precheck_id=None,
                                                                  heartbeat_at=now()))


def list_workers(session: Session) -> list[Worker]:
    return list(session.scalars(select(Worker).order_by(Worker.started_at)))


def stale_workers(session: Session, stale_seconds: float) -> list[str]:
    cutoff = now() - timedelta(seconds=stale_seconds)
    return list(session.scalars(select(Worker.id).where(Worker.heartbeat_at < cutoff)))


def orphaned_prechecks(session: Session) -> list[Precheck]:
    """Running pre-checks whose worker has no row any more (removed after a crash of its server)."""
    live = select(Worker.id)
    return list(session.scalars(
        select(Precheck).where(Precheck.status == RUNNING, Precheck.worker_id.not_in(live))
    ))


def enqueue_watch(db: Database, packet_id: str, location: str, request_id: str | None = None) -> str | None:
    return db.retry(lambda: _enqueue_watch(db, packet_id, location, request_id), "queue a bucket packet")


def _enqueue_watch(db: Database, packet_id: str, location: str, request_id: str | None = None) -> str | None:
    """Queue a bucket packet for the workers (webhook, watcher) unless one is already waiting or
    running for it; returns the new pre-check's id, or None when it was already queued."""
    from storage.db.tables import PrecheckSource

    try:
        with db.session() as s:
            waiting = s.scalar(select(Precheck.id).where(
                Precheck.source == PrecheckSource.WATCH.value, Precheck.packet_id == packet_id,
                Precheck.status.in_((QUEUED, RUNNING))))
            if waiting is not None:
                return None
            pid = new_precheck_id()
            s.add(Precheck(id=pid, status=QUEUED, source=PrecheckSource.WATCH.value, packet_location=location,
                           members=[], packet_id=packet_id, request_id=request_id, attempts=0,
                           created_at=now()))
    except IntegrityError:  # another process queued it between our look and our insert
        return None
    return pid
