"""API tokens kept only as salted hashes (SPEC §6b), and tokens of migration 0002 converted in place."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config

from storage.db import open_database
from storage.db.accounts import add_token, authenticate_token, revoke_token
from storage.db.engine import MIGRATIONS


def test_each_token_has_its_own_salt_and_no_plain_digest_is_kept(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'e.db'}", upgrade=True)
    with db.session() as s:
        one, two = add_token(s, "portal-a"), add_token(s, "portal-b", role="reviewer")
    rows = sqlite3.connect(tmp_path / "e.db").execute(
        "select name, token_hash, salt, lookup from api_tokens order by name").fetchall()
    (_, hash_a, salt_a, lookup_a), (_, hash_b, salt_b, _) = rows
    assert salt_a != salt_b and len(salt_a) == 32
    for token, stored in ((one, hash_a), (two, hash_b)):
        assert stored != hashlib.sha256(token.encode()).hexdigest()  # salted, not the bare digest
    assert lookup_a == hashlib.sha256(one.encode()).hexdigest()[:16]
    with db.session() as s:
        assert authenticate_token(s, one).name == "portal-a"
        assert authenticate_token(s, two).role == "reviewer"
        assert authenticate_token(s, one[:-1] + ("x" if one[-1] != "x" else "y")) is None
        assert authenticate_token(s, "") is None
        revoke_token(s, "portal-a")
    with db.session() as s:
        assert authenticate_token(s, one) is None and authenticate_token(s, two) is not None


def test_a_token_issued_before_salting_still_works_after_the_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'e.db'}"
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url)
    command.upgrade(cfg, "0002")
    old_token = "ec_issued-by-an-older-release-0123456789abcdef"
    with sqlite3.connect(tmp_path / "e.db") as conn:  # the 0002 scheme: SHA-256(token) only
        conn.execute("insert into api_tokens (name, role, token_hash, created_at) values (?, ?, ?, ?)",
                     ("portal-old", "portal", hashlib.sha256(old_token.encode()).hexdigest(),
                      datetime.now(UTC).isoformat()))
    db = open_database(url, upgrade=True)
    (stored,) = sqlite3.connect(tmp_path / "e.db").execute("select token_hash from api_tokens").fetchone()
    assert stored != hashlib.sha256(old_token.encode()).hexdigest()
    with db.session() as s:
        assert authenticate_token(s, old_token).name == "portal-old"
        assert authenticate_token(s, old_token + "x") is None
