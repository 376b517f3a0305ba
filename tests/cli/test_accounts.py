"""`evidence-check tokens …` and `users add`: shown once, stored hashed, revocable."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.api.service import cli, service_env


def test_tokens_are_shown_once_and_stored_hashed(tmp_path: Path) -> None:
    env = service_env(tmp_path / "var")
    add = cli(["tokens", "add", "portal-prod"], env)
    assert add.returncode == 0, add.stderr
    token = add.stdout.strip()
    assert token.startswith("ec_") and len(token) > 40
    listing = cli(["tokens", "list"], env)
    assert "portal-prod" in listing.stdout and "portal" in listing.stdout and token not in listing.stdout
    with sqlite3.connect(tmp_path / "var" / "evidence.db") as db:
        (stored,) = db.execute("select token_hash from api_tokens where name='portal-prod'").fetchone()
    assert token not in stored and len(stored) == 64
    assert cli(["tokens", "add", "portal-prod"], env).returncode == 2  # names are unique
    assert cli(["tokens", "add", "x", "--role", "admin"], env).returncode == 2  # not a token role
    assert cli(["tokens", "revoke", "portal-prod"], env).returncode == 0
    assert cli(["tokens", "revoke", "nobody"], env).returncode == 2


def test_users_get_argon2_hashes_from_stdin(tmp_path: Path) -> None:
    env = service_env(tmp_path / "var")
    proc = cli(["users", "add", "wang", "--role", "reviewer", "--password-stdin"], env, stdin="s3cret pass\n")
    assert proc.returncode == 0, proc.stderr
    with sqlite3.connect(tmp_path / "var" / "evidence.db") as db:
        (role, stored) = db.execute("select role, password_hash from users where name='wang'").fetchone()
    assert role == "reviewer" and stored.startswith("$argon2id$") and "s3cret" not in stored

    from storage.db import open_database
    from storage.db.accounts import verify_user

    database = open_database(f"sqlite:///{tmp_path / 'var' / 'evidence.db'}")
    with database.session() as s:
        assert verify_user(s, "wang", "s3cret pass") is not None
        assert verify_user(s, "wang", "s3cret pas") is None
        assert verify_user(s, "nobody", "s3cret pass") is None
    assert cli(["users", "add", "li", "--role", "boss", "--password-stdin"], env, stdin="x\n").returncode == 2
    assert cli(["users", "add", "li", "--role", "lead"], env).returncode == 2  # no password on the command line
