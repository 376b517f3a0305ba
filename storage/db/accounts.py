"""API tokens and user accounts. Tokens are 256-bit random strings kept only as SHA-256 (a slow
hash adds nothing against a secret of that entropy) and compared in constant time; passwords are
argon2id hashes (argon2-cffi)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.db.tables import ApiToken, User

TOKEN_ROLES = ("portal", "reviewer", "lead")
USER_ROLES = ("reviewer", "lead", "admin")
TOKEN_PREFIX = "ec_"  # so a leaked token is recognisable by secret scanners


class AccountError(ValueError):
    """A name taken, a role unknown, a token or user not found."""


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_token(session: Session, name: str, role: str = "portal") -> str:
    """Create a token and return it; this is the only time it exists in clear."""
    if role not in TOKEN_ROLES:
        raise AccountError(f"unknown role {role!r}: one of {', '.join(TOKEN_ROLES)}")
    if session.scalar(select(ApiToken).where(ApiToken.name == name)) is not None:
        raise AccountError(f"a token named {name!r} exists already (revoke it or pick another name)")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(name=name, role=role, token_hash=_hash_token(token), created_at=datetime.now(UTC)))
    session.flush()
    return token


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.created_at)))


def revoke_token(session: Session, name: str) -> ApiToken:
    tok = session.scalar(select(ApiToken).where(ApiToken.name == name))
    if tok is None:
        raise AccountError(f"no token named {name!r}")
    if tok.revoked_at is None:
        tok.revoked_at = datetime.now(UTC)
    return tok


def authenticate_token(session: Session, token: str) -> ApiToken | None:
    """The live token this string is, or None (unknown or revoked). The row is found by the
    hash's index; the hashes are then compared with `hmac.compare_digest` so the answer's timing
    says nothing about how much of a guess was right."""
    if not token:
        return None
    digest = _hash_token(token)
    tok = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    if tok is None or not hmac.compare_digest(tok.token_hash, digest) or tok.revoked_at is not None:
        return None
    return tok


def _hasher():  # noqa: ANN202  (argon2 imported only where passwords are handled)
    from argon2 import PasswordHasher

    return PasswordHasher()


def add_user(session: Session, name: str, role: str, password: str) -> User:
    if role not in USER_ROLES:
        raise AccountError(f"unknown role {role!r}: one of {', '.join(USER_ROLES)}")
    if not password:
        raise AccountError("the password is empty")
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise AccountError(f"a user named {name!r} exists already")
    user = User(name=name, role=role, password_hash=_hasher().hash(password), created_at=datetime.now(UTC))
    session.add(user)
    session.flush()
    return user


def verify_user(session: Session, name: str, password: str) -> User | None:
    """The user if the password is right (rehashing it when argon2's parameters changed)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    user = session.scalar(select(User).where(User.name == name))
    hasher = _hasher()
    if user is None or user.disabled_at is not None:
        hasher.hash(password or "x")  # same work as a real check: no user-enumeration by timing
        return None
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return user
