"""The tables. Pre-check state lives here (and results in the store), never in one process's
memory, so any `serve` process on any machine can answer any poll."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: ANN001, ANN201
        return value

    def process_result_value(self, value, dialect):  # noqa: ANN001, ANN201
        from datetime import UTC

        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    pass


class PrecheckStatus(str, Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class PrecheckSource(str, Enum):
    UPLOAD = "upload"  # files posted to the API, kept under prechecks/<id>/packet/ in the store
    BUCKET = "bucket"  # a packet in the bucket named by the portal; results under prechecks/<id>/
    WATCH = "watch"  # a packet the webhook or the watcher saw; results in results/<packet-id>/ (ledger)


WATCH_WAITING = "source = 'watch' AND status IN ('queued', 'running')"


class Precheck(Base):
    __tablename__ = "prechecks"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default=PrecheckStatus.QUEUED.value, index=True)
    source: Mapped[str] = mapped_column(String(16))
    packet_location: Mapped[str] = mapped_column(Text)  # store prefix, or s3://bucket/key
    members: Mapped[list[str]] = mapped_column(JSON, default=list)  # uploaded member names
    packet_id: Mapped[str | None] = mapped_column(String(200), index=True, default=None)  # manifest's, once known
    token_name: Mapped[str | None] = mapped_column(String(100), default=None)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), default=None)
    request_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    request_id: Mapped[str | None] = mapped_column(String(100), default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker_id: Mapped[str | None] = mapped_column(String(100), default=None, index=True)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    __table_args__ = (
        UniqueConstraint("token_name", "idempotency_key", name="uq_prechecks_idempotency"),
        Index("ix_prechecks_queue", "status", "created_at"),
        # One waiting or running bucket job per packet, however many webhooks and watchers race to
        # queue it (migration 0003).
        Index("uq_prechecks_watch_waiting", "packet_id", unique=True,
              sqlite_where=text(WATCH_WAITING), postgresql_where=text(WATCH_WAITING)),
    )


class Packet(Base):
    """A packet by its manifest `packet_id`; its latest check is the one under review."""

    __tablename__ = "packets"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    enterprise_name: Mapped[str | None] = mapped_column(String(300), default=None)
    latest_precheck_id: Mapped[str | None] = mapped_column(ForeignKey("prechecks.id"), default=None)
    passed: Mapped[bool | None] = mapped_column(default=None)
    needs_review: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # Review (migration 0002): the reviewer holding the packet and until when (a lease).
    locked_by: Mapped[str | None] = mapped_column(String(100), default=None)
    lock_expires: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    industry_group: Mapped[int | None] = mapped_column(Integer, default=None)
    assessor: Mapped[str | None] = mapped_column(String(200), default=None)
    flags_synced: Mapped[str | None] = mapped_column(String(40), default=None)  # precheck whose flags are in review_flags


class VerdictVersion(Base):
    """Every verdict of a check: version 1 is the machine's; reviewers' decisions add versions."""

    __tablename__ = "verdict_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    packet_id: Mapped[str] = mapped_column(ForeignKey("packets.id"), index=True)
    precheck_id: Mapped[str] = mapped_column(ForeignKey("prechecks.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    passed: Mapped[bool] = mapped_column()
    needs_review: Mapped[bool] = mapped_column()
    verdict_key: Mapped[str] = mapped_column(Text)  # where verdict.json is in the store
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (UniqueConstraint("precheck_id", "version", name="uq_verdict_versions_check_version"),)


class ApiToken(Base):
    """An API token, kept only as a salted hash (storage.db.accounts; migration 0003): `lookup`
    finds the row, `token_hash` = HMAC-SHA256(salt, SHA-256(token)) proves it."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    salt: Mapped[str] = mapped_column(String(32))
    lookup: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class User(Base):
    """A reviewer, lead or admin who logs into the review pages (argon2id password hash)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class Worker(Base):
    """A live check worker (any machine): readiness lists them; a silent one is taken as dead."""

    __tablename__ = "workers"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)  # host:pid
    host: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))  # starting | idle | busy
    precheck_id: Mapped[str | None] = mapped_column(String(40), default=None)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime())
