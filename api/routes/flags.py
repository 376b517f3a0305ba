"""`POST /v1/flags/{flag_id}/decision` (SPEC §6b): accept | correct | reject → the new verdict;
`POST /v1/flags/{flag_id}/undo`: a reversing decision (history is never edited)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from api import review as svc
from api.deps import DatabaseDep, ReviewPrincipal
from api.routes.prechecks import ERRORS

router = APIRouter(prefix="/v1/flags", tags=["review"])
DECISION_ERRORS = {**ERRORS, 409: {"description": "the flag is resolved, or changed since it was loaded"},
                   422: {"description": "no comment for reject/correct, or a value of the wrong type"}}


class DecisionIn(BaseModel):
    action: Literal["accept", "correct", "reject"]
    value: Any = None
    comment: str | None = Field(default=None, max_length=4000)
    expected_version: int | None = Field(default=None, description="the flag's `version` as loaded: 409 if changed")
    scope: Literal["enterprise", "global"] | None = Field(
        default=None, description="title decisions: for this enterprise (default) or, by a lead, for all")


class UndoIn(BaseModel):
    comment: str | None = Field(default=None, max_length=4000)


@router.post("/{flag_id}/decision", responses=DECISION_ERRORS)
async def post_decision(request: Request, flag_id: str, body: DecisionIn, principal: ReviewPrincipal,
                        db: DatabaseDep) -> dict:
    """Resolve a flag; the packet is re-scored from its stored facts and the new verdict returned."""
    actor = svc.Actor(principal.name, principal.role)
    return await run_in_threadpool(svc.decide, request.app.state, db, flag_id, actor, body.action, body.value,
                                   body.comment, body.expected_version, body.scope)


@router.post("/{flag_id}/undo", responses=DECISION_ERRORS)
async def post_undo(request: Request, flag_id: str, body: UndoIn, principal: ReviewPrincipal,
                    db: DatabaseDep) -> dict:
    """Reverse the flag's decision: the flag is open again and the packet re-scored."""
    actor = svc.Actor(principal.name, principal.role)
    return await run_in_threadpool(svc.undo, request.app.state, db, flag_id, actor, body.comment)
