"""At most one waiting or running bucket job per packet, however many webhooks and watchers race
to queue it (storage.db.queue.enqueue_watch; the partial unique index of migration 0003)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from storage.db import open_database
from storage.db import queue as q
from storage.db.tables import Precheck


def test_racing_enqueues_make_one_job(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'e.db'}", upgrade=True)
    barrier, ids = threading.Barrier(8), []

    def enqueue() -> None:
        other = open_database(f"sqlite:///{tmp_path / 'e.db'}")  # a process of its own, as two serves are
        barrier.wait()
        ids.append(q.enqueue_watch(other, "pk-1", "s3://bucket/incoming/pk-1/"))

    threads = [threading.Thread(target=enqueue) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len([i for i in ids if i]) == 1 and ids.count(None) == 7
    with db.session() as s:
        assert len(s.scalars(select(Precheck).where(Precheck.packet_id == "pk-1")).all()) == 1


def test_the_index_refuses_a_second_waiting_job_but_not_a_finished_one(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'e.db'}", upgrade=True)
    first = q.enqueue_watch(db, "pk-2", "s3://bucket/incoming/pk-2/")
    assert first and q.enqueue_watch(db, "pk-2", "s3://bucket/incoming/pk-2/") is None
    with pytest.raises(IntegrityError), db.session() as s:  # even past the look-before-insert
        s.add(Precheck(id="pc_dup", status="queued", source="watch", packet_location="x", members=[],
                       packet_id="pk-2", attempts=0, created_at=q.now()))
    with db.session() as s:
        s.get(Precheck, first).status = "done"
    assert q.enqueue_watch(db, "pk-2", "s3://bucket/incoming/pk-2/") not in (None, first)  # a new version
