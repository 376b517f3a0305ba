"""API tokens and user accounts (SPEC §6b: secrets only as salted hashes).

A token is a 256-bit random string. Its row keeps a random salt and HMAC-SHA256(salt,
SHA-256(token)); a slow hash adds nothing against a secret of that entropy. The row is found by
`lookup`, the first 64 bits of SHA-256(token) (an index, not a proof: no precomputation can reach
a 256-bit secret), and the salted hashes are compared in constant time. Passwords are argon2id
hashes (argon2-cffi), which carry their own salt."""

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


TOKEN_LOOKUP_CHARS = 16


def token_digest(token: str) -> str:
    """SHA-256 of the token (hex): what `lookup` is cut from and what the salted hash covers."""
    return hashlib.sha256(token.encode()).hexdigest()


def salted_token_hash(salt: str, digest: str) -> str:
    return hmac.new(bytes.fromhex(salt), digest.encode(), hashlib.sha256).hexdigest()


def add_token(session: Session, name: str, role: str = "portal") -> str:
    """Create a token and return it; this is the only time it exists in clear."""
    if role not in TOKEN_ROLES:
        raise AccountError(f"unknown role {role!r}: one of {', '.join(TOKEN_ROLES)}")
    if session.scalar(select(ApiToken).where(ApiToken.name == name)) is not None:
        raise AccountError(f"a token named {name!r} exists already (revoke it or pick another name)")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    digest, salt = token_digest(token), secrets.token_hex(16)
    session.add(ApiToken(name=name, role=role, token_hash=salted_token_hash(salt, digest), salt=salt,
                         lookup=digest[:TOKEN_LOOKUP_CHARS], created_at=datetime.now(UTC)))
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
    """The live token this string is, or None (unknown or revoked). The candidate rows are found
    by `lookup`; each one's salted hash is compared with `hmac.compare_digest`, so the answer's
    timing says nothing about how much of a guess was right."""
    if not token:
        return None
    digest = token_digest(token)
    found = None
    for tok in session.scalars(select(ApiToken).where(ApiToken.lookup == digest[:TOKEN_LOOKUP_CHARS])):
        if hmac.compare_digest(tok.token_hash, salted_token_hash(tok.salt, digest)):
            found = tok
    if found is None or found.revoked_at is not None:
        return None
    return found


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
