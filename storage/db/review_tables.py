"""The review tables (SPEC §6b review): flags under review with a version each (optimistic
concurrency), decisions (the append-only audit), login sessions, failed-login attempts and the
staff title overrides. Leases on packets are columns of `packets` (locked_by, lock_expires)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.db.tables import Base, UTCDateTime


class FlagStatus:
    OPEN, ACCEPTED, CORRECTED, REJECTED = "open", "accepted", "corrected", "rejected"
    OF_ACTION = {"accept": ACCEPTED, "correct": CORRECTED, "reject": REJECTED}


class ReviewFlag(Base):
    """One flag of one check under review. `key` is the flag's stable id within its packet
    (same packet, same finding → same key across re-checks); `version` grows with each change."""

    __tablename__ = "review_flags"

    precheck_id: Mapped[str] = mapped_column(ForeignKey("prechecks.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    packet_id: Mapped[str] = mapped_column(ForeignKey("packets.id"))
    flag_id: Mapped[str] = mapped_column(String(20))  # models.Flag.id
    code: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(10))
    indicator: Mapped[str | None] = mapped_column(String(60), default=None)
    position: Mapped[int] = mapped_column(Integer, default=0)  # order in flags.json
    flag: Mapped[dict] = mapped_column(JSON)  # the flag as stored (message, evidence, data)
    status: Mapped[str] = mapped_column(String(10), default=FlagStatus.OPEN)
    version: Mapped[int] = mapped_column(Integer, default=1)
    can_change_verdict: Mapped[bool | None] = mapped_column(Boolean, default=None)  # None: not computed yet

    __table_args__ = (
        Index("ix_review_flags_packet", "packet_id", "status"),
        Index("ix_review_flags_key", "key"),
        Index("ix_review_flags_code", "code", "status"),
    )


class ReviewDecision(Base):
    """Append-only: a decision on a flag, or a lead's take-over of a packet (flag_key None)."""

    __tablename__ = "review_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    packet_id: Mapped[str] = mapped_column(ForeignKey("packets.id"), index=True)
    precheck_id: Mapped[str] = mapped_column(ForeignKey("prechecks.id"))
    flag_key: Mapped[str | None] = mapped_column(String(40), default=None)
    actor: Mapped[str] = mapped_column(String(100))
    actor_role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))  # accept | correct | reject | undo | takeover
    value: Mapped[object | None] = mapped_column(JSON, default=None)
    comment: Mapped[str | None] = mapped_column(Text, default=None)
    scope: Mapped[str | None] = mapped_column(String(16), default=None)  # title decisions: enterprise | global
    reverses: Mapped[int | None] = mapped_column(Integer, default=None)  # undo: the decision it reverses
    before: Mapped[dict] = mapped_column(JSON, default=dict)  # {"indicators": {key: value}, "passed": …}
    after: Mapped[dict] = mapped_column(JSON, default=dict)
    verdict_version: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReviewSession(Base):
    """A login session: the cookie holds a random id; only its SHA-256 is stored here."""

    __tablename__ = "review_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class LoginAttempt(Base):
    """Failed logins, by name and by client address, for the rate limit."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class StaffOverride(Base):
    """A reviewer's decision on a job title (extractors.staff.overrides.OverrideEntry), reused by
    later checks: for one enterprise (credit code) or, decided by a lead, for all (enterprise None)."""

    __tablename__ = "staff_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(200))
    department: Mapped[str | None] = mapped_column(String(200), default=None)
    enterprise: Mapped[str | None] = mapped_column(String(40), default=None, index=True)
    role: Mapped[str] = mapped_column(String(16))
    subclass: Mapped[str | None] = mapped_column(String(40), default=None)
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str | None] = mapped_column(Text, default=None)
