"""Review queries (SPEC §6b): the flags of a packet's latest check, the queue, leases, decisions.

Concurrency without row locks (the same on SQLite and PostgreSQL): a lease is taken by one
conditional `UPDATE packets … WHERE locked_by IS NULL OR lock_expires < now OR locked_by = me`;
a decision resolves its flag by `UPDATE review_flags … WHERE status = 'open' AND version = v`.
The loser of either race sees no row changed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import Session

from storage.db.queue import now
from storage.db.review_tables import FlagStatus, ReviewDecision, ReviewFlag, StaffOverride
from storage.db.tables import Packet, Precheck, VerdictVersion

DECISION_ACTIONS = ("accept", "correct", "reject")


def flag_key(packet_id: str, flag_id: str) -> str:
    """A flag's id in the review API: stable for the same finding in the same packet across checks."""
    return hashlib.sha1(f"{packet_id}\x00{flag_id}".encode()).hexdigest()[:16]


def sync_flags(session: Session, packet: Packet, flags: list[dict], industry_group: int | None) -> None:
    """Put the latest check's flags (flags.json) into review_flags once per check."""
    pc = packet.latest_precheck_id
    if pc is None or packet.flags_synced == pc:
        return
    have = set(session.scalars(select(ReviewFlag.key).where(ReviewFlag.precheck_id == pc)))
    for pos, f in enumerate(flags):
        key = flag_key(packet.id, f["id"])
        if key in have:
            continue
        have.add(key)
        session.add(ReviewFlag(precheck_id=pc, key=key, packet_id=packet.id, flag_id=f["id"], code=f["code"],
                               severity=f.get("severity") or "warning", indicator=f.get("indicator"), position=pos,
                               flag=f, status=FlagStatus.OPEN, version=1))
    packet.flags_synced = pc
    packet.industry_group = industry_group
    if packet.assessor is None:
        packet.assessor = session.scalar(select(Precheck.token_name).where(Precheck.id == pc))


def unsynced(session: Session) -> list[Packet]:
    return list(session.scalars(select(Packet).where(
        Packet.latest_precheck_id.is_not(None),
        or_(Packet.flags_synced.is_(None), Packet.flags_synced != Packet.latest_precheck_id))))


@dataclass
class QueueRow:
    packet: Packet
    open_errors: int
    open_warnings: int


def queue(session: Session, *, needs_review: bool | None = True, status: str | None = None, code: str | None = None,
          industry_group: int | None = None, assessor: str | None = None, limit: int = 200,
          offset: int = 0) -> list[QueueRow]:
    """Packets newest first with their open error/warning counts (latest check only). `status`:
    a flag status the packet must have a flag in; `code`: a flag code it must carry (open)."""
    open_ = ReviewFlag.status == FlagStatus.OPEN
    counts = (
        select(ReviewFlag.precheck_id.label("pc"),
               func.sum(case((open_ & (ReviewFlag.severity == "error"), 1), else_=0)).label("errors"),
               func.sum(case((open_ & (ReviewFlag.severity == "warning"), 1), else_=0)).label("warnings"))
        .group_by(ReviewFlag.precheck_id).subquery()
    )
    stmt = (select(Packet, func.coalesce(counts.c.errors, 0), func.coalesce(counts.c.warnings, 0))
            .outerjoin(counts, counts.c.pc == Packet.latest_precheck_id))
    if needs_review is not None:
        stmt = stmt.where(Packet.needs_review == needs_review)
    if industry_group is not None:
        stmt = stmt.where(Packet.industry_group == industry_group)
    if assessor:
        stmt = stmt.where(Packet.assessor == assessor)
    if status or code:
        cond = [ReviewFlag.precheck_id == Packet.latest_precheck_id]
        if status:
            cond.append(ReviewFlag.status == status)
        if code:
            cond.append(ReviewFlag.code == code)
            if not status:
                cond.append(open_)
        stmt = stmt.where(select(ReviewFlag.key).where(*cond).exists())
    stmt = stmt.order_by(Packet.updated_at.desc(), Packet.id).limit(limit).offset(offset)
    return [QueueRow(p, int(e), int(w)) for p, e, w in session.execute(stmt)]


def packet_flags(session: Session, packet: Packet) -> list[ReviewFlag]:
    return list(session.scalars(select(ReviewFlag).where(ReviewFlag.precheck_id == packet.latest_precheck_id)
                                .order_by(ReviewFlag.position)))


def find_flag(session: Session, key: str) -> tuple[ReviewFlag, Packet] | None:
    """The flag `key` in its packet's latest check."""
    row = session.execute(select(ReviewFlag, Packet).join(Packet, Packet.latest_precheck_id == ReviewFlag.precheck_id)
                          .where(ReviewFlag.key == key)).first()
    return (row[0], row[1]) if row else None


def resolve_flag(session: Session, flag: ReviewFlag, new_status: str, expected_version: int | None) -> bool:
    """Open → `new_status` (or back to open for an undo) if nobody changed the flag since `expected_version`."""
    cond = [ReviewFlag.precheck_id == flag.precheck_id, ReviewFlag.key == flag.key]
    if new_status == FlagStatus.OPEN:
        cond.append(ReviewFlag.status != FlagStatus.OPEN)
    else:
        cond.append(ReviewFlag.status == FlagStatus.OPEN)
    if expected_version is not None:
        cond.append(ReviewFlag.version == expected_version)
    return session.execute(update(ReviewFlag).where(*cond).values(
        status=new_status, version=ReviewFlag.version + 1)).rowcount == 1


def forget_effects(session: Session, precheck_id: str) -> None:
    """After a decision the other flags' `can_change_verdict` is stale."""
    session.execute(update(ReviewFlag).where(ReviewFlag.precheck_id == precheck_id).values(can_change_verdict=None))


def decisions_of(session: Session, packet_id: str, precheck_id: str | None = None) -> list[ReviewDecision]:
    stmt = select(ReviewDecision).where(ReviewDecision.packet_id == packet_id)
    if precheck_id is not None:
        stmt = stmt.where(ReviewDecision.precheck_id == precheck_id)
    return list(session.scalars(stmt.order_by(ReviewDecision.id)))


def standing_decisions(session: Session, precheck_id: str) -> list[ReviewDecision]:
    """The decisions in force on a check: each flag's latest accept/correct/reject not undone."""
    rows = list(session.scalars(select(ReviewDecision).where(ReviewDecision.precheck_id == precheck_id,
                                                            ReviewDecision.flag_key.is_not(None))
                                .order_by(ReviewDecision.id)))
    current: dict[str, ReviewDecision | None] = {}
    for d in rows:
        if d.action in DECISION_ACTIONS:
            current[d.flag_key] = d  # type: ignore[index]
        elif d.action == "undo":
            current[d.flag_key] = None  # type: ignore[index]
    return [d for d in current.values() if d is not None]


def next_version(session: Session, precheck_id: str) -> int:
    return (session.scalar(select(func.max(VerdictVersion.version)).where(VerdictVersion.precheck_id == precheck_id))
            or 0) + 1


def verdict_version(session: Session, packet: Packet, version: int | None) -> VerdictVersion | None:
    stmt = select(VerdictVersion).where(VerdictVersion.precheck_id == packet.latest_precheck_id)
    if version is None:
        stmt = stmt.order_by(VerdictVersion.version.desc())
    else:
        stmt = stmt.where(VerdictVersion.version == version)
    return session.scalars(stmt.limit(1)).first()


def claim(session: Session, packet_id: str, who: str, seconds: float, *, take_over: bool = False) -> bool:
    """Take or renew the lease on a packet: one conditional UPDATE (a lead may take over a held one)."""
    t = now()
    cond = [Packet.id == packet_id]
    if not take_over:
        cond.append(or_(Packet.locked_by.is_(None), Packet.lock_expires < t, Packet.locked_by == who))
    return session.execute(update(Packet).where(*cond).values(
        locked_by=who, lock_expires=t + timedelta(seconds=seconds))).rowcount == 1


def release(session: Session, packet_id: str, who: str) -> None:
    session.execute(update(Packet).where(Packet.id == packet_id, Packet.locked_by == who)
                    .values(locked_by=None, lock_expires=None))


def holder(packet: Packet, at: datetime | None = None) -> tuple[str, datetime] | None:
    if packet.locked_by and packet.lock_expires and packet.lock_expires > (at or now()):
        return packet.locked_by, packet.lock_expires
    return None


def overrides(session: Session) -> list[StaffOverride]:
    return list(session.scalars(select(StaffOverride).order_by(StaffOverride.id)))
