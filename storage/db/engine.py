"""Engine, sessions and migrations. SQLite gets WAL and a busy timeout so the server and its
worker processes can write at once; any other URL is used as given.

A database that is locked by another writer or cannot be reached is waited for a bounded time
(`busy_seconds`, `EVIDENCE_DATABASE_BUSY_SECONDS`): every SQLite statement waits that long for a
lock, and `Database.retry` tries a unit of work again until the bound has passed. After it the
caller gets one `DatabaseUnavailable` with a one-line message (the API answers 503)."""

from __future__ import annotations

import fcntl
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from models.settings import ServiceSettings

MIGRATIONS = Path(__file__).with_name("migrations")
T = TypeVar("T")
log = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 0.2
RETRY_MAX_SECONDS = 2.0


class DatabaseUnavailable(Exception):
    """The database stayed locked or unreachable past the bound; trying again later may help."""

    transient = True


def default_busy_seconds() -> float:
    return ServiceSettings().database_busy_seconds


def _sqlite_pragmas(busy_ms: int):  # noqa: ANN202
    def apply(dbapi_connection, _record) -> None:  # noqa: ANN001
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={busy_ms}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    return apply


def sqlite_path(url: str) -> Path | None:
    if not url.startswith("sqlite"):
        return None
    path = url.split(":///", 1)[-1]
    return Path(path) if path and path != ":memory:" else None


def make_engine(url: str, busy_seconds: float | None = None) -> Engine:
    busy = default_busy_seconds() if busy_seconds is None else busy_seconds
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy})
        event.listen(engine, "connect", _sqlite_pragmas(int(busy * 1000)))
        return engine
    return create_engine(url, pool_pre_ping=True)


def _unavailable(exc: OperationalError, url: str, waited: float) -> DatabaseUnavailable:
    reason = str(exc.orig).splitlines()[0][:200] if exc.orig is not None else str(exc).splitlines()[0][:200]
    return DatabaseUnavailable(f"数据库忙或不可用 / database busy or unavailable ({url}) "
                               f"for {waited:.1f} s: {reason}")


@dataclass
class Database:
    engine: Engine
    sessions: sessionmaker[Session]
    busy_seconds: float = 30.0

    @property
    def where(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success, rolled back on error. A database still locked or
        unreachable after the busy timeout raises `DatabaseUnavailable`."""
        t0 = time.monotonic()
        with self.sessions() as s:
            try:
                yield s
                s.commit()
            except OperationalError as exc:
                s.rollback()
                raise _unavailable(exc, self.where, time.monotonic() - t0) from exc
            except BaseException:
                s.rollback()
                raise

    def retry(self, fn: Callable[[], T], what: str = "database call") -> T:
        """Run a unit of work (its own sessions inside) again while the database is locked or
        unreachable, until `busy_seconds` have passed; then raise the last `DatabaseUnavailable`."""
        deadline = time.monotonic() + self.busy_seconds
        delay = RETRY_BASE_SECONDS
        while True:
            try:
                return fn()
            except DatabaseUnavailable as exc:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise
                log.warning("%s: %s; trying again in %.1f s", what, exc, min(delay, left))
                time.sleep(min(delay, left))
                delay = min(delay * 2, RETRY_MAX_SECONDS)

    def ping(self) -> None:
        with self.session() as s:
            s.execute(text("SELECT 1"))


@contextmanager
def _migration_lock(url: str, conn) -> Iterator[None]:  # noqa: ANN001
    """One migrating process at a time (two `serve` started together on one database): a file
    lock beside a SQLite file, an advisory lock on PostgreSQL. The loser then finds the schema
    current and does nothing."""
    path = sqlite_path(url)
    if path is not None:
        with open(path.with_name(path.name + ".migrate.lock"), "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
        return
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(740113)"))  # released with the transaction
    yield


def migrate(url: str) -> None:
    """Bring the schema to the latest migration (idempotent; safe to run at every start, by
    several processes at once)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    engine = make_engine(url)
    try:
        with engine.begin() as conn, _migration_lock(url, conn):
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    finally:
        engine.dispose()


def open_database(url: str, *, upgrade: bool = False, busy_seconds: float | None = None) -> Database:
    if upgrade:
        migrate(url)
    busy = default_busy_seconds() if busy_seconds is None else busy_seconds
    engine = make_engine(url, busy)
    return Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False), busy_seconds=busy)
