"""The `/review` pages: login (a DB-checked session id in an HttpOnly cookie, rotated at login,
CSRF token per session on every form, failed logins rate-limited), the queue, the flag view with
its evidence and each decision's effect, and decisions posted as forms. Server-rendered Jinja
(autoescaped), plain fetch-free HTML forms plus a little vendored JS (api/static/review.js).

API tokens are refused here (403): the pages are for people; tokens use the JSON routes."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import func, select

from api import review as svc
from api.deps import DatabaseDep
from api.routes.packets import flags_view, queue_rows
from models.verdict import INDICATOR_NAMES_ZH
from storage.db import Database, User
from storage.db import review as rv
from storage.db.accounts import verify_user
from storage.db.queue import now
from storage.db.review_tables import LoginAttempt, ReviewSession

router = APIRouter(prefix="/review", include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parents[1] / "templates"))
COOKIE = "ec_session"
LOGIN_CSRF_COOKIE = "ec_login_csrf"
SESSION_HOURS = 10
LOGIN_WINDOW = timedelta(minutes=15)
LOGIN_MAX_FAILURES = 5  # per name and per client address within LOGIN_WINDOW
DECIDE_ROLES = ("reviewer", "lead")


def _hash(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


class Reviewer:
    def __init__(self, user: User, session: ReviewSession) -> None:
        self.name, self.role, self.csrf = user.name, user.role, session.csrf_token


def _refuse_tokens(request: Request) -> None:
    if request.headers.get("authorization"):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "API tokens may not use the review pages; log in")


def _current(request: Request, db: Database) -> Reviewer | None:
    sid = request.cookies.get(COOKIE)
    if not sid:
        return None
    with db.session() as s:
        sess = s.get(ReviewSession, _hash(sid))
        if sess is None or sess.revoked_at is not None or sess.expires_at < now():
            return None
        user = s.get(User, sess.user_id)
        if user is None or user.disabled_at is not None:
            return None
        return Reviewer(user, sess)


class LoginRequired(Exception):
    pass


def reviewer(request: Request, db: DatabaseDep) -> Reviewer:
    _refuse_tokens(request)
    who = _current(request, db)
    if who is None:
        raise LoginRequired
    return who


ReviewerDep = Annotated[Reviewer, Depends(reviewer)]


def _check_csrf(who: Reviewer, token: str) -> None:
    if not who.csrf or not hmac.compare_digest(who.csrf.encode(), (token or "").encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "CSRF token missing or wrong: reload the page")


def _secure(request: Request) -> bool:
    return not request.app.state.settings.service.development


def _packet_url(packet_id: str) -> str:
    """The packet page's address (the id quoted: a form's packet_id never leaves /review/packets/)."""
    return f"/review/packets/{quote(packet_id, safe='')}"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    _refuse_tokens(request)
    token = secrets.token_urlsafe(24)
    resp = templates.TemplateResponse(request, "login.html", {"csrf": token, "error": None})
    resp.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request),
                    path="/review")
    return resp


def _login(db: Database, name: str, password: str, address: str) -> tuple[str | None, str | None]:
    """(session id, None) or (None, why not)."""
    since = now() - LOGIN_WINDOW
    with db.session() as s:
        failures = s.scalar(select(func.count()).select_from(LoginAttempt).where(
            LoginAttempt.at > since, (LoginAttempt.name == name) | (LoginAttempt.address == address))) or 0
        if failures >= LOGIN_MAX_FAILURES:
            return None, "too many failed logins: wait 15 minutes"
        user = verify_user(s, name, password)
        if user is None:
            s.add(LoginAttempt(name=name[:100], address=address[:64], at=now()))
            return None, "wrong name or password"
        sid = secrets.token_urlsafe(32)
        s.add(ReviewSession(id_hash=_hash(sid), user_id=user.id, csrf_token=secrets.token_urlsafe(32),
                            created_at=now(), expires_at=now() + timedelta(hours=SESSION_HOURS)))
        return sid, None


@router.post("/login")
async def login(request: Request, db: DatabaseDep, name: Annotated[str, Form()], password: Annotated[str, Form()],
                csrf: Annotated[str, Form()]) -> Response:
    _refuse_tokens(request)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(expected.encode(), csrf.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "CSRF token missing or wrong: reload the login page")
    address = request.client.host if request.client else "-"
    old = request.cookies.get(COOKIE)
    sid, why = await run_in_threadpool(_login, db, name, password, address)
    if sid is None:
        code = status.HTTP_429_TOO_MANY_REQUESTS if why and why.startswith("too many") else status.HTTP_401_UNAUTHORIZED
        resp = templates.TemplateResponse(request, "login.html", {"csrf": csrf, "error": why}, status_code=code)
        return resp
    if old:  # rotation: a session id from before the login never stays valid
        await run_in_threadpool(_revoke, db, old)
    resp = RedirectResponse("/review", status.HTTP_303_SEE_OTHER)
    resp.set_cookie(COOKIE, sid, httponly=True, samesite="lax", secure=_secure(request), path="/",
                    max_age=SESSION_HOURS * 3600)
    resp.delete_cookie(LOGIN_CSRF_COOKIE, path="/review")
    return resp


def _revoke(db: Database, sid: str) -> None:
    with db.session() as s:
        sess = s.get(ReviewSession, _hash(sid))
        if sess is not None and sess.revoked_at is None:
            sess.revoked_at = now()


@router.post("/logout")
async def logout(request: Request, who: ReviewerDep, db: DatabaseDep, csrf: Annotated[str, Form()]) -> Response:
    _check_csrf(who, csrf)
    await run_in_threadpool(_revoke, db, request.cookies.get(COOKIE, ""))
    resp = RedirectResponse("/review/login", status.HTTP_303_SEE_OTHER)
    resp.delete_cookie(COOKIE, path="/")
    return resp


@router.get("", response_class=HTMLResponse)
async def queue_page(request: Request, who: ReviewerDep, db: DatabaseDep, status_: str | None = None,
                     code: str | None = None, industry_group: str | None = None, assessor: str | None = None) -> Response:
    group = int(industry_group) if industry_group and industry_group.isdigit() else None
    rows = await run_in_threadpool(queue_rows, request, db, needs_review=True, status=status_ or None,
                                   code=code or None, industry_group=group, assessor=assessor or None, limit=200,
                                   offset=0)
    return templates.TemplateResponse(request, "queue.html", {
        "who": who, "rows": rows, "filters": {"code": code or "", "industry_group": industry_group or "",
                                              "assessor": assessor or "", "status": status_ or ""}})


def _packet_page(request: Request, db: Database, who: Reviewer, packet_id: str, current: str | None) -> dict:
    with db.session() as s:
        packet = svc.packet_or_404(s, packet_id)
        if who.role in DECIDE_ROLES:
            rv.claim(s, packet_id, who.name, request.app.state.settings.service.review_lease_seconds)
    flags = flags_view(request, db, packet_id)
    with db.session() as s:
        packet = svc.packet_or_404(s, packet_id)
        held = rv.holder(packet)
        res, facts, stored = svc.stored_check(request.app.state, s, packet)
        standing = svc.applied(s, packet.latest_precheck_id)
        now_verdict = svc.rescore_decided(facts, stored, standing)
        flag = next((f for f in flags if f["id"] == current), flags[0] if flags else None)
        effects = {}
        if flag is not None and flag["status"] == "open":
            row = next(r for r in rv.packet_flags(s, packet) if r.key == flag["id"])
            effects = svc.effects(facts, stored, standing, row)
    if flag is not None:
        for e in flag["evidence"]:
            e["rows"] = None if e.get("page_image") else neighbour_rows(facts, e)
    pages = sorted({(e["file"], e["page"], e["page_image"]) for f in flags for e in f["evidence"] if e["page_image"]},
                   key=lambda t: (t[0], t[1]))
    flagged_pages = {(e["file"], e["page"]) for f in flags if f["status"] == "open" for e in f["evidence"]}
    indicator = None
    if flag and flag["indicator"]:
        ind = getattr(now_verdict.verdict.indicators, flag["indicator"], None)
        indicator = {"key": flag["indicator"], "name": INDICATOR_NAMES_ZH.get(flag["indicator"], flag["indicator"]),
                     "value": getattr(ind, "value", None), "threshold": getattr(ind, "threshold", None),
                     "passed": getattr(ind, "passed", None)}
    return {"who": who, "packet": packet, "held": held, "flags": flags, "flag": flag, "effects": effects,
            "passed": now_verdict.verdict.passed, "indicator": indicator, "pages": pages,
            "flagged_pages": flagged_pages, "flag_json": json.dumps(flag, ensure_ascii=False) if flag else "null"}


NEIGHBOURS = 2  # rows shown above and below a cited spreadsheet row


def neighbour_rows(facts, ref: dict) -> dict | None:  # noqa: ANN001  (models.PacketFacts)
    """For a spreadsheet/CSV ref: the cited row with its neighbours, as the stored records hold
    them (header = the records' fields), or None."""
    from models.records import RecordSet

    if ref.get("row") is None or ref.get("page") is not None:
        return None
    rows: dict[int, dict] = {}
    for name in RecordSet.model_fields:
        for r in getattr(facts, name):
            if (r.ref.file, r.ref.sheet, r.ref.table) != (ref["file"], ref.get("sheet"), ref.get("table")):
                continue
            if r.ref.row is not None and abs(r.ref.row - ref["row"]) <= NEIGHBOURS:
                rows[r.ref.row] = r.model_dump(mode="json", exclude={"ref", "min_confidence"}, exclude_none=True)
    if not rows:
        return None
    header = list(dict.fromkeys(k for row in rows.values() for k in row))
    return {"header": header, "rows": [(n, [rows[n].get(k, "") for k in header]) for n in sorted(rows)],
            "cited": ref["row"]}


@router.get("/packets/{packet_id}", response_class=HTMLResponse)
async def packet_page(request: Request, packet_id: str, who: ReviewerDep, db: DatabaseDep,
                      flag: str | None = None) -> Response:
    ctx = await run_in_threadpool(_packet_page, request, db, who, packet_id, flag)
    return templates.TemplateResponse(request, "packet.html", ctx)


@router.post("/flags/{key}/decision")
async def decide_form(request: Request, key: str, who: ReviewerDep, db: DatabaseDep,
                      csrf: Annotated[str, Form()], action: Annotated[str, Form()], packet_id: Annotated[str, Form()],
                      version: Annotated[int, Form()], comment: Annotated[str, Form()] = "",
                      value: Annotated[str, Form()] = "", scope: Annotated[str, Form()] = "") -> Response:
    _check_csrf(who, csrf)
    if who.role not in DECIDE_ROLES:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "only reviewers and leads decide")
    if action not in ("accept", "correct", "reject"):
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, "unknown action")
    parsed: object = None
    if value.strip():
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = value.strip()
    await run_in_threadpool(svc.decide, request.app.state, db, key, svc.Actor(who.name, who.role), action, parsed,
                            comment, version, scope or None)
    return RedirectResponse(_packet_url(packet_id), status.HTTP_303_SEE_OTHER)


@router.get("/packets/{packet_id}/audit", response_class=HTMLResponse)
async def audit_page(request: Request, packet_id: str, who: ReviewerDep, db: DatabaseDep) -> Response:
    from api.routes.packets import audit_of

    rows = await run_in_threadpool(audit_of, db, packet_id)
    return templates.TemplateResponse(request, "audit.html", {"who": who, "packet_id": packet_id, "rows": rows})


@router.get("/packets/{packet_id}/pages/{name}.png")
async def page_image(request: Request, packet_id: str, name: str, who: ReviewerDep, db: DatabaseDep) -> Response:
    from api.routes.packets import page_image as load

    return Response(await run_in_threadpool(load, request, db, packet_id, name), media_type="image/png")


@router.post("/packets/{packet_id}/takeover")
async def take_over(request: Request, packet_id: str, who: ReviewerDep, db: DatabaseDep,
                    csrf: Annotated[str, Form()]) -> Response:
    """A lead takes a packet held by another reviewer (an audit row says so)."""
    from api.routes.packets import claim_packet

    _check_csrf(who, csrf)
    await run_in_threadpool(claim_packet, db, packet_id, who.name, who.role, True,
                            request.app.state.settings.service.review_lease_seconds)
    return RedirectResponse(_packet_url(packet_id), status.HTTP_303_SEE_OTHER)


def _users(db: Database) -> list[dict]:
    with db.session() as s:
        return [{"name": u.name, "role": u.role, "disabled": u.disabled_at is not None}
                for u in s.scalars(select(User).order_by(User.name))]


@router.get("/users", response_class=HTMLResponse)
async def users_page(request: Request, who: ReviewerDep, db: DatabaseDep) -> Response:
    if who.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "only admins manage users")
    return templates.TemplateResponse(request, "users.html", {"who": who, "users": await run_in_threadpool(_users, db),
                                                              "error": None})


@router.post("/users")
async def add_user_form(request: Request, who: ReviewerDep, db: DatabaseDep, csrf: Annotated[str, Form()],
                        name: Annotated[str, Form()], role: Annotated[str, Form()],
                        password: Annotated[str, Form()]) -> Response:
    from storage.db.accounts import AccountError, add_user

    _check_csrf(who, csrf)
    if who.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "only admins manage users")

    def add() -> None:
        with db.session() as s:
            add_user(s, name.strip(), role, password)

    try:
        await run_in_threadpool(add)
    except AccountError as exc:
        return templates.TemplateResponse(request, "users.html", {
            "who": who, "users": await run_in_threadpool(_users, db), "error": str(exc)}, status_code=422)
    return RedirectResponse("/review/users", status.HTTP_303_SEE_OTHER)
