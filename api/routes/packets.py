"""`/v1/packets`: the review queue and a packet's flags, verdict versions, audit and page images
(SPEC §6b), for reviewer and lead tokens (and the `/review` pages' session). A packet is its
manifest `packet_id`; its latest check is the one under review."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool

from api import review as svc
from api.deps import DatabaseDep, ReviewPrincipal
from api.routes.prechecks import ERRORS
from api.schemas import PacketOut
from api.store import PAGE_NAME
from models.flags import Severity
from storage.db import Database, Precheck
from storage.db import review as rv

router = APIRouter(prefix="/v1/packets", tags=["review"])
SEVERITY_ORDER = {Severity.ERROR.value: 0, Severity.WARNING.value: 1, Severity.INFO.value: 2}


def queue_rows(request: Request, db: Database, **filters) -> list[PacketOut]:  # noqa: ANN003
    svc.sync_packets(request.app.state, db)
    with db.session() as s:
        rows = rv.queue(s, **filters)
    out = []
    for r in rows:
        p, held = r.packet, rv.holder(r.packet)
        out.append(PacketOut(id=p.id, enterprise_name=p.enterprise_name, latest_precheck=p.latest_precheck_id,
                             passed=p.passed, needs_review=p.needs_review, updated_at=p.updated_at.isoformat(),
                             industry_group=p.industry_group, assessor=p.assessor, open_errors=r.open_errors,
                             open_warnings=r.open_warnings, held_by=held[0] if held else None,
                             held_until=held[1].isoformat() if held else None))
    return out


@router.get("", response_model=list[PacketOut], responses=ERRORS)
async def list_packets(
    request: Request, principal: ReviewPrincipal, db: DatabaseDep, needs_review: bool | None = None,
    flag_status: Annotated[str | None, Query(alias="status")] = None, code: str | None = None,
    industry_group: int | None = None, assessor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200, offset: Annotated[int, Query(ge=0)] = 0,
) -> list[PacketOut]:
    """Packets newest first; `needs_review=true`: the queue (an error flag open). Filters: `status`
    (a flag in that status), `code` (an open flag of that code), `industry_group`, `assessor`."""
    return await run_in_threadpool(queue_rows, request, db, needs_review=needs_review, status=flag_status,
                                   code=code, industry_group=industry_group, assessor=assessor, limit=limit,
                                   offset=offset)


def page_url(packet_id: str, facts_documents: list[str], ref: dict) -> str | None:
    """The page image of a PDF/scan page ref (named as flows.report names them), if the ref has a page."""
    from flows.report import page_image_name

    if ref.get("page") is None or ref.get("file") not in facts_documents:
        return None
    name = page_image_name(facts_documents.index(ref["file"]) + 1, int(ref["page"]))
    return f"/v1/packets/{packet_id}/{name}"


def flags_view(request: Request, db: Database, packet_id: str) -> list[dict]:
    with db.session() as s:
        packet = svc.packet_or_404(s, packet_id)
    svc.sync_packets(request.app.state, db, [packet])
    svc.ensure_effects(request.app.state, db, packet_id)
    with db.session() as s:
        packet = svc.packet_or_404(s, packet_id)
        res = svc.results_of(request.app.state, s.get(Precheck, packet.latest_precheck_id))
        facts = json.loads(res.get("facts.json") or b"{}")
        docs = [d["file"] for d in facts.get("documents", [])]
        images = {o.key for o in res.store.list_objects(res.prefix + "pages/")}
        last = {d.flag_key: d for d in rv.standing_decisions(s, packet.latest_precheck_id)}
        out = []
        for f in rv.packet_flags(s, packet):
            evidence = []
            for ref in f.flag.get("evidence", []):
                url = page_url(packet_id, docs, ref)
                if url and res.prefix + url.split(f"/{packet_id}/", 1)[1] not in images:
                    url = None
                evidence.append({**ref, "page_image": url})
            d = last.get(f.key)
            out.append({
                "id": f.key, "flag_id": f.flag_id, "code": f.code, "severity": f.severity,
                "message": f.flag.get("message"), "indicator": f.indicator, "data": f.flag.get("data", {}),
                "evidence": evidence, "status": f.status, "version": f.version,
                "can_change_verdict": bool(f.can_change_verdict),
                "decision": None if d is None else {"action": d.action, "value": d.value, "comment": d.comment,
                                                    "by": d.actor, "at": d.created_at.isoformat()},
            })
    out.sort(key=lambda f: (f["status"] != "open", not f["can_change_verdict"], SEVERITY_ORDER.get(f["severity"], 3)))
    return out


@router.get("/{packet_id}/flags", responses=ERRORS)
async def get_flags(request: Request, packet_id: str, principal: ReviewPrincipal, db: DatabaseDep) -> list[dict]:
    """Every flag of the latest check: stable `id`, `status`, `version` (send it back as
    `expected_version` to detect a concurrent change), evidence with `page_image` URLs and
    `can_change_verdict`; open flags that can flip `passed` come first."""
    return await run_in_threadpool(flags_view, request, db, packet_id)


def verdict_of(request: Request, db: Database, packet_id: str, version: int | None) -> dict:
    with db.session() as s:
        packet = svc.packet_or_404(s, packet_id)
        vv = rv.verdict_version(s, packet, version)
        if vv is None:
            raise svc.not_found(f"packet {packet_id} has no verdict version {version}")
        res = svc.results_of(request.app.state, s.get(Precheck, packet.latest_precheck_id))
        key = vv.verdict_key
        data = res.store.get(key)
        if data is None:
            raise svc.not_found(f"verdict version {vv.version} is not in the store")
        decisions = len(rv.standing_decisions(s, packet.latest_precheck_id)) if vv.version == 1 else 0
        return svc.with_review(json.loads(data[0]), vv.version, 0 if vv.version == 1 else decisions)


@router.get("/{packet_id}/verdict", responses=ERRORS)
async def get_verdict(request: Request, packet_id: str, principal: ReviewPrincipal, db: DatabaseDep,
                      version: Annotated[int | None, Query(ge=1)] = None) -> dict:
    """The latest verdict (or `version` N; 1 is the machine's), with `version` and `review`."""
    return await run_in_threadpool(verdict_of, request, db, packet_id, version)


def audit_of(db: Database, packet_id: str) -> list[dict]:
    with db.session() as s:
        svc.packet_or_404(s, packet_id)
        return [{"id": d.id, "who": d.actor, "role": d.actor_role, "when": d.created_at.isoformat(),
                 "action": d.action, "flag_id": d.flag_key, "check": d.precheck_id, "value": d.value,
                 "comment": d.comment, "scope": d.scope, "reverses": d.reverses, "verdict_version": d.verdict_version,
                 "before": d.before, "after": d.after} for d in rv.decisions_of(s, packet_id)]


@router.get("/{packet_id}/audit", responses=ERRORS)
async def get_audit(packet_id: str, principal: ReviewPrincipal, db: DatabaseDep) -> list[dict]:
    """Every decision on the packet, oldest first (append-only, earlier checks included)."""
    return await run_in_threadpool(audit_of, db, packet_id)


def page_image(request: Request, db: Database, packet_id: str, name: str) -> bytes:
    if not PAGE_NAME.match(name) or ".." in name:
        raise svc.not_found("no such page image")
    with db.session() as s:
        packet = svc.packet_or_404(s, packet_id)
        res = svc.results_of(request.app.state, s.get(Precheck, packet.latest_precheck_id))
    data = res.get(f"pages/{name}.png")
    if data is None:
        raise svc.not_found("no such page image")
    return data


@router.get("/{packet_id}/pages/{name}.png", responses=ERRORS, response_class=Response)
async def get_page_image(request: Request, packet_id: str, name: str, principal: ReviewPrincipal,
                         db: DatabaseDep) -> Response:
    """A page image of the latest check (names are checked: nothing outside its results is reachable)."""
    return Response(await run_in_threadpool(page_image, request, db, packet_id, name), media_type="image/png")


def claim_packet(db: Database, packet_id: str, who: str, role: str, take_over: bool, seconds: float) -> dict:
    from storage.db.queue import now
    from storage.db.review_tables import ReviewDecision

    with db.session() as s:
        packet = svc.packet_or_404(s, packet_id)
        before = rv.holder(packet)
        if take_over and role != "lead":
            raise HTTPException(status.HTTP_403_FORBIDDEN, "only a lead may take over a packet")
        if not rv.claim(s, packet_id, who, seconds, take_over=take_over):
            raise HTTPException(status.HTTP_409_CONFLICT, f"held by {before[0]} until {before[1].isoformat()}"
                                if before else "held by another reviewer")
        if take_over and before and before[0] != who:
            s.add(ReviewDecision(packet_id=packet_id, precheck_id=packet.latest_precheck_id, actor=who,
                                 actor_role=role, action="takeover", value={"from": before[0]}, before={}, after={},
                                 created_at=now()))
        s.flush()
        s.refresh(packet)
        held = rv.holder(packet)
        return {"held_by": held[0] if held else None, "held_until": held[1].isoformat() if held else None}


@router.post("/{packet_id}/claim", responses={**ERRORS, 409: {"description": "held by another reviewer"}})
async def post_claim(request: Request, packet_id: str, principal: ReviewPrincipal, db: DatabaseDep,
                     take_over: bool = False) -> dict:
    """Take (or renew) the lease on a packet; a lead may `take_over` one held by another (audited)."""
    seconds = request.app.state.settings.service.review_lease_seconds
    return await run_in_threadpool(claim_packet, db, packet_id, principal.name, principal.role, take_over, seconds)
