"""`/v1/packets`: the review queue (SPEC §6b), for reviewer and lead tokens. Packets by their
manifest `packet_id`, the latest check of each; the review pages and decisions build on it."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from api.deps import ReviewPrincipal, SessionDep
from api.routes.prechecks import ERRORS
from api.schemas import PacketOut
from storage.db import Packet

router = APIRouter(prefix="/v1/packets", tags=["review"])


@router.get("", response_model=list[PacketOut], responses=ERRORS)
def list_packets(principal: ReviewPrincipal, session: SessionDep, needs_review: bool | None = None) -> list[PacketOut]:
    """Packets, newest first; `needs_review=true`: only those with open error flags."""
    stmt = select(Packet).order_by(Packet.updated_at.desc())
    if needs_review is not None:
        stmt = stmt.where(Packet.needs_review == needs_review)
    return [PacketOut(id=p.id, enterprise_name=p.enterprise_name, latest_precheck=p.latest_precheck_id,
                      passed=p.passed, needs_review=p.needs_review, updated_at=p.updated_at.isoformat())
            for p in session.scalars(stmt)]
