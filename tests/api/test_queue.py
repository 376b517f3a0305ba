"""The database queue on its own: concurrent claims never hand one pre-check to two workers; a
dead worker's pre-check is queued again, then failed, never left running."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from storage.db import Precheck, open_database
from storage.db import queue as q


def _db(tmp_path: Path):  # noqa: ANN202
    return open_database(f"sqlite:///{tmp_path / 'q.db'}", upgrade=True)


def _enqueue(db, n: int) -> list[str]:  # noqa: ANN001
    ids = []
    with db.session() as s:
        for _ in range(n):
            pid = q.new_precheck_id()
            s.add(Precheck(id=pid, status=q.QUEUED, source="upload", packet_location="x", members=[],
                           attempts=0, created_at=q.now()))
            ids.append(pid)
    return ids


def test_concurrent_claims_take_each_precheck_once(tmp_path: Path) -> None:
    db = _db(tmp_path)
    ids = _enqueue(db, 40)
    for w in range(4):
        q.register_worker(db, f"w{w}", "h", w)

    def drain(worker: str) -> list[str]:
        got = []
        while (p := q.claim_next(db, worker)) is not None:
            got.append(p.id)
        return got

    with ThreadPoolExecutor(4) as pool:
        claimed = [pid for batch in pool.map(drain, [f"w{w}" for w in range(4)]) for pid in batch]
    assert sorted(claimed) == sorted(ids)
    assert q.claim_next(db, "w0") is None


def test_a_dead_workers_precheck_is_requeued_then_failed(tmp_path: Path) -> None:
    db = _db(tmp_path)
    (pid,) = _enqueue(db, 1)
    q.register_worker(db, "a", "h", 1)
    assert q.claim_next(db, "a").id == pid
    assert q.recover_worker(db, "a", "worker a died", max_attempts=2) == [(pid, q.QUEUED)]
    q.register_worker(db, "b", "h", 2)
    again = q.claim_next(db, "b")
    assert again.id == pid and again.attempts == 2
    # the first worker's late answer no longer counts
    assert not q.finish(db, pid, "a", packet_id=None, enterprise_name=None, passed=None, needs_review=None,
                        verdict_key=None)
    assert q.recover_worker(db, "b", "worker b died", max_attempts=2) == [(pid, q.FAILED)]
    with db.session() as s:
        p = s.get(Precheck, pid)
        assert p.status == q.FAILED and "worker b died (after 2 attempts)" in p.error


def test_a_silent_worker_is_swept(tmp_path: Path) -> None:
    from api.pool import sweep_stale

    db = _db(tmp_path)
    (pid,) = _enqueue(db, 1)
    q.register_worker(db, "elsewhere:7", "elsewhere", 7)
    q.claim_next(db, "elsewhere:7")
    sweep_stale(db, stale_seconds=0.0, max_attempts=1)
    with db.session() as s:
        p = s.get(Precheck, pid)
        assert p.status == q.FAILED and "no heartbeat" in p.error
        assert q.list_workers(s) == []
