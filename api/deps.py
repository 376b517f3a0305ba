"""`Annotated` dependencies: settings, database session, store, the current principal and roles.

No token or a wrong/revoked one → 401 (with `WWW-Authenticate: Bearer`); a valid token whose
role lacks the right → 403 (SPEC §6b)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy.orm import Session

from models.settings import Settings
from storage.base import BucketStore
from storage.db import Database
from storage.db.accounts import authenticate_token

PRECHECK_ROLES = ("portal", "reviewer", "lead")  # submit and read pre-checks
REVIEW_ROLES = ("reviewer", "lead")  # the review queue and decisions


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_db(request: Request) -> Database:
    return request.app.state.db


def get_session(db: Annotated[Database, Depends(get_db)]) -> Iterator[Session]:
    with db.session() as s:
        yield s


def get_store(request: Request) -> BucketStore:
    return request.app.state.store


SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_db)]
SessionDep = Annotated[Session, Depends(get_session)]
StoreDep = Annotated[BucketStore, Depends(get_store)]


@dataclass(frozen=True)
class Principal:
    name: str
    role: str


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization") or ""
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def _unauthorized(message: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, message, headers={"WWW-Authenticate": "Bearer"})


def current_principal(request: Request, db: DatabaseDep) -> Principal:
    token = bearer_token(request)
    if token is None:
        raise _unauthorized("missing bearer token (Authorization: Bearer <token>)")
    with db.session() as s:
        tok = authenticate_token(s, token)
        if tok is None:
            raise _unauthorized("invalid or revoked token")
        return Principal(name=tok.name, role=tok.role)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: str):  # noqa: ANN201  (a FastAPI dependency)
    def check(principal: CurrentPrincipal) -> Principal:
        if principal.role not in roles:
            raise HTTPException(status.HTTP_403_FORBIDDEN,
                                f"role {principal.role!r} may not do this (needs {' or '.join(roles)})")
        return principal

    return check


PrecheckPrincipal = Annotated[Principal, Depends(require_roles(*PRECHECK_ROLES))]
ReviewPrincipal = Annotated[Principal, Depends(require_roles(*REVIEW_ROLES))]


# An absolute filesystem path (POSIX or Windows) of two parts or more, as OS and store errors
# quote them: answers to clients name what failed, never where the server keeps its files.
_FS_PATH = re.compile(r"(?<![\w.\-~@+/\\])(?:[A-Za-z]:)?(?:[/\\][\w.\-~@+]+){2,}[/\\]?")

_FILE_URL = re.compile(r"file://[^\s'\"]+")


def public_message(text: str | None) -> str | None:
    """`text` for a client: filesystem paths replaced by `…`, a traceback cut to its last line."""
    if text is None:
        return None
    if "Traceback (most recent call last)" in text:
        text = text.strip().splitlines()[-1]
    return _FS_PATH.sub("…", _FILE_URL.sub("file://…", text))
