"""The database locked by another writer: waited for, then one clear `DatabaseUnavailable`."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from storage.db import open_database
from storage.db import queue as q
from storage.db.engine import DatabaseUnavailable


def locked(path: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another connection holds the write lock
    return holder


def test_a_lock_shorter_than_the_bound_is_waited_for(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'e.db'}"
    db = open_database(url, upgrade=True, busy_seconds=2.0)
    holder = locked(tmp_path / "e.db")
    threading.Timer(0.5, lambda: holder.execute("ROLLBACK")).start()
    t0 = time.monotonic()
    q.register_worker(db, "h:1", "h", 1)
    assert 0.3 < time.monotonic() - t0 < 2.0
    assert q.claim_next(db, "h:1") is None


def test_a_lock_past_the_bound_is_one_clear_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'e.db'}"
    db = open_database(url, upgrade=True, busy_seconds=0.4)
    holder = locked(tmp_path / "e.db")
    t0 = time.monotonic()
    with pytest.raises(DatabaseUnavailable) as err:
        q.register_worker(db, "h:1", "h", 1)
    took = time.monotonic() - t0
    assert 0.4 <= took < 3.0, took
    assert "database busy or unavailable" in str(err.value) and "locked" in str(err.value)
    holder.execute("ROLLBACK")
    q.register_worker(db, "h:1", "h", 1)  # and it works again at once


def test_two_processes_migrating_at_once_both_succeed(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.api.service import REPO

    code = "import sys; from storage.db.engine import migrate; migrate(sys.argv[1]); print('ok')"
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    procs = [subprocess.Popen([sys.executable, "-c", code, url], cwd=REPO, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [o[1][-500:] for o in outs]


def test_a_database_gone_for_a_moment_is_retried_then_reported(tmp_path: Path) -> None:
    folder = tmp_path / "volume"
    db = open_database(f"sqlite:///{folder / 'e.db'}", upgrade=True, busy_seconds=3.0)
    db.engine.dispose()  # no pooled connection to the old file: the next call must open it
    folder.rename(tmp_path / "away")  # the volume is gone (unmounted, being restored)
    threading.Timer(0.6, lambda: (tmp_path / "away").rename(folder)).start()
    t0 = time.monotonic()
    q.register_worker(db, "h:1", "h", 1)  # retried until the file is back
    assert 0.5 < time.monotonic() - t0 < 3.0
    db.engine.dispose()
    folder.rename(tmp_path / "away")
    db.busy_seconds = 0.5
    with pytest.raises(DatabaseUnavailable) as err:
        q.set_worker_state(db, "h:1", "idle")
    assert "unable to open database file" in str(err.value)
