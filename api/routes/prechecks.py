"""`/v1/prechecks`: the portal's pre-check (SPEC §6b). Submit → 202 + Location; poll or
`?wait=S` → 202 while queued/running, 200 once done/failed; results as the store holds them."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from api.deps import DatabaseDep, PrecheckPrincipal, SettingsDep, StoreDep, public_message
from api.logs import request_id_var
from api.schemas import EXAMPLE_PRECHECK_DONE, BucketReference, PrecheckCreated, PrecheckOut, Problem
from api.store import PAGE_NAME, packet_prefix, result_key
from api.uploads import Submission, read_submission, unprocessable
from storage.db import Database, Precheck
from storage.db import queue as q
from storage.db.tables import PrecheckSource
from storage.errors import StorageError

router = APIRouter(prefix="/v1/prechecks", tags=["prechecks"])
# `?wait=` re-reads the row quickly at first (born-digital checks end in about a second), then
# less often, so many waiting clients cost the database little.
WAIT_POLL_FIRST_SECONDS = 0.05
WAIT_POLL_MAX_SECONDS = 0.25

SUBMIT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "packet": {"type": "string", "format": "binary", "description": "one zip holding the packet"},
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                                  "description": "evidence files and manifest.json (instead of `packet`)"},
                    },
                },
                "encoding": {"files": {"style": "form", "explode": True}},
            },
            "application/json": {
                "schema": BucketReference.model_json_schema(),
                "examples": {"folder": {"value": {"bucket_key": "incoming/acme-2026/"}},
                             "zip": {"value": {"bucket_key": "incoming/acme-2026.zip"}}},
            },
        },
    }
}
ERRORS = {401: {"model": Problem, "description": "no token, or a wrong or revoked one"},
          403: {"model": Problem, "description": "the token's role may not do this"},
          404: {"model": Problem, "description": "no such pre-check"}}


def links(p: Precheck) -> dict[str, str | None]:
    base = f"/v1/prechecks/{p.id}"
    done = p.status == q.DONE and p.source != PrecheckSource.WATCH.value
    return {"self": base, "report": f"{base}/report" if done else None,
            "facts": f"{base}/facts" if done else None, "flags": f"{base}/flags" if done else None}


def _pending_headers(p: Precheck, settings) -> dict[str, str]:  # noqa: ANN001
    return {"Location": f"/v1/prechecks/{p.id}", "Retry-After": str(settings.service.retry_after_seconds)}


@router.post(
    "", status_code=status.HTTP_202_ACCEPTED, response_model=PrecheckCreated, openapi_extra=SUBMIT_BODY,
    responses={**ERRORS, 413: {"model": Problem, "description": "larger than EVIDENCE_MAX_UPLOAD_MB"},
               422: {"model": Problem, "description": "not a packet (not a zip, no files, bad bucket_key), "
                                                      "or an Idempotency-Key reused with another body"},
               503: {"model": Problem, "description": "the queue is full (see Retry-After) or the bucket is down"}},
)
async def submit_precheck(
    request: Request, principal: PrecheckPrincipal, settings: SettingsDep, db: DatabaseDep, store: StoreDep,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JSONResponse:
    """Submit a packet: multipart `packet` (one zip) or `files` (the evidence files and
    manifest.json), or JSON `{"bucket_key": "incoming/<id>/"}` (or `incoming/<id>.zip`).

    The same `Idempotency-Key` (per token) with the same body returns the same pre-check; with
    another body it is refused with 422."""
    svc = settings.service
    sub = await read_submission(request, svc.max_upload_bytes, svc.max_upload_mb)
    if idempotency_key:
        existing = await run_in_threadpool(_existing, db, principal.name, idempotency_key, sub.request_hash)
        if existing is not None:
            return _created(existing, settings, replayed=True)
    queued = await run_in_threadpool(_queued, db)
    if queued >= svc.queue_size:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, f"the queue is full ({queued} pre-checks waiting)",
                            headers={"Retry-After": str(svc.retry_after_seconds * 5)})
    if sub.kind == "bucket":
        await run_in_threadpool(_require_in_bucket, request, sub)
    precheck = _new_row(sub, principal.name, idempotency_key, request.app.state.bucket_url)
    if sub.kind == "upload":
        await run_in_threadpool(_store_members, store, precheck.id, sub)
    try:
        await run_in_threadpool(_insert, db, precheck)
    except IntegrityError:  # the same key raced us: answer with the winner
        existing = await run_in_threadpool(_existing, db, principal.name, idempotency_key or "", sub.request_hash)
        if existing is None:
            raise
        return _created(existing, settings, replayed=True)
    request.app.state.wake()
    return _created(precheck, settings)


def _created(p: Precheck, settings, replayed: bool = False) -> JSONResponse:  # noqa: ANN001
    body = PrecheckCreated(id=p.id, status=p.status, links={"self": f"/v1/prechecks/{p.id}"})
    headers = _pending_headers(p, settings)
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return JSONResponse(body.model_dump(mode="json", exclude_none=True), status.HTTP_202_ACCEPTED, headers=headers)


def _existing(db: Database, token_name: str, key: str, request_hash: str) -> Precheck | None:
    with db.session() as s:
        p = q.find_by_idempotency(s, token_name, key)
    if p is not None and p.request_hash != request_hash:
        raise unprocessable("this Idempotency-Key was used with a different request body")
    return p


def _queued(db: Database) -> int:
    with db.session() as s:
        return q.queued_count(s)


def _require_in_bucket(request: Request, sub: Submission) -> None:
    from storage.bucket import find_packet

    bucket = request.app.state.bucket
    try:
        ref = find_packet(bucket, sub.packet_id or "")
    except StorageError as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE,
                            f"the bucket is unavailable: {public_message(str(exc))}",
                            headers={"Retry-After": "10"}) from None
    if ref is None:
        raise unprocessable(f"no complete packet at {sub.bucket_key} in {public_message(bucket.describe())} "
                            "(a folder needs its manifest.json)")


def _new_row(sub: Submission, token_name: str, key: str | None, bucket_url: str) -> Precheck:
    pid = q.new_precheck_id()
    upload = sub.kind == "upload"
    return Precheck(
        id=pid, status=q.QUEUED,
        source=PrecheckSource.UPLOAD.value if upload else PrecheckSource.BUCKET.value,
        packet_location=packet_prefix(pid) if upload else f"{bucket_url}/{sub.bucket_key}",
        members=[n for n, _ in sub.members], packet_id=None if upload else sub.packet_id,
        token_name=token_name, idempotency_key=key, request_hash=sub.request_hash,
        request_id=request_id_var.get(), attempts=0, created_at=q.now(),
    )


def _store_members(store, precheck_id: str, sub: Submission) -> None:  # noqa: ANN001
    prefix = packet_prefix(precheck_id)
    try:
        for name, data in sub.members:
            store.put(prefix + name, data)
    except StorageError as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE,
                            f"the store is unavailable: {public_message(str(exc))}",
                            headers={"Retry-After": "10"}) from None


def _insert(db: Database, p: Precheck) -> None:
    with db.session() as s:
        s.add(p)


def _load(db: Database, precheck_id: str) -> Precheck:
    with db.session() as s:
        p = s.get(Precheck, precheck_id)
    if p is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no pre-check {precheck_id}")
    return p


@router.get(
    "/{precheck_id}", response_model=PrecheckOut,
    responses={**ERRORS, 200: {"description": "done or failed",
                               "content": {"application/json": {"example": EXAMPLE_PRECHECK_DONE}}},
               202: {"model": PrecheckOut, "description": "still queued or running (Location, Retry-After)"}},
)
async def get_precheck(
    precheck_id: str, principal: PrecheckPrincipal, settings: SettingsDep, db: DatabaseDep, store: StoreDep,
    wait: Annotated[float, Query(ge=0, description="seconds to wait for the check to end (at most 60)")] = 0,
) -> JSONResponse:
    """The pre-check's status, and its verdict (SPEC §6a) once done. `wait=S` holds the answer
    until the check ends or S seconds pass (capped at 60)."""
    deadline = time.monotonic() + min(wait, settings.service.max_wait_seconds)
    p = await run_in_threadpool(_load, db, precheck_id)
    pause = WAIT_POLL_FIRST_SECONDS
    while p.status not in q.ENDED and time.monotonic() < deadline:
        await asyncio.sleep(min(pause, max(0.0, deadline - time.monotonic())))
        pause = min(pause * 1.5, WAIT_POLL_MAX_SECONDS)
        p = await run_in_threadpool(_load, db, precheck_id)
    verdict = None
    if p.status == q.DONE and p.source != PrecheckSource.WATCH.value:
        got = await run_in_threadpool(store.get, result_key(p.id, "verdict.json"))
        verdict = json.loads(got[0]) if got else None
    error = public_message(p.error) if p.status == q.FAILED else None
    body = {"id": p.id, "status": p.status, "verdict": verdict, "error": error, "links": links(p)}
    if p.status in q.ENDED:
        return JSONResponse(body)
    return JSONResponse(body, status.HTTP_202_ACCEPTED, headers=_pending_headers(p, settings))


async def _result(db: Database, store, precheck_id: str, name: str, media_type: str) -> Response:  # noqa: ANN001
    p = await run_in_threadpool(_load, db, precheck_id)
    if p.status != q.DONE:
        raise HTTPException(status.HTTP_409_CONFLICT, f"pre-check {precheck_id} is {p.status}: no results",
                            headers={"Retry-After": "1"} if p.status not in q.ENDED else None)
    got = await run_in_threadpool(store.get, result_key(p.id, name))
    if got is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"pre-check {precheck_id} has no {name}")
    return Response(got[0], media_type=media_type)


@router.get("/{precheck_id}/verdict", responses=ERRORS, response_class=Response)
async def get_verdict(precheck_id: str, principal: PrecheckPrincipal, db: DatabaseDep, store: StoreDep) -> Response:
    """verdict.json exactly as written (the same bytes as the CLI's)."""
    return await _result(db, store, precheck_id, "verdict.json", "application/json")


@router.get("/{precheck_id}/report", responses=ERRORS, response_class=Response)
async def get_report(precheck_id: str, principal: PrecheckPrincipal, db: DatabaseDep, store: StoreDep) -> Response:
    """The HTML report (page images are linked relative to it, under pages/)."""
    return await _result(db, store, precheck_id, "report.html", "text/html; charset=utf-8")


@router.get("/{precheck_id}/facts", responses=ERRORS, response_class=Response)
async def get_facts(precheck_id: str, principal: PrecheckPrincipal, db: DatabaseDep, store: StoreDep) -> Response:
    """facts.json: every fact with its evidence references."""
    return await _result(db, store, precheck_id, "facts.json", "application/json")


@router.get("/{precheck_id}/flags", responses=ERRORS, response_class=Response)
async def get_flags(precheck_id: str, principal: PrecheckPrincipal, db: DatabaseDep, store: StoreDep) -> Response:
    """flags.json: every flag with its evidence references."""
    return await _result(db, store, precheck_id, "flags.json", "application/json")


@router.get("/{precheck_id}/pages/{name}.png", responses=ERRORS, response_class=Response)
async def get_page_image(precheck_id: str, name: str, principal: PrecheckPrincipal, db: DatabaseDep,
                         store: StoreDep) -> Response:
    """A rendered page image of an OCR'd page (name as in the report, e.g. doc01-p001)."""
    if not PAGE_NAME.match(name) or ".." in name:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such page image")
    return await _result(db, store, precheck_id, f"pages/{name}.png", "image/png")
