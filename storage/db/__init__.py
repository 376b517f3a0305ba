"""The service's database (SPEC §6b): pre-checks, packets and verdict versions, API tokens, users,
workers. SQLAlchemy 2 models with Alembic migrations shipped as package data; SQLite under
`EVIDENCE_DATA_DIR` by default, any SQLAlchemy URL (PostgreSQL in production) by
`EVIDENCE_DATABASE_URL`, same code."""

from storage.db.engine import Database, migrate, open_database
from storage.db.tables import ApiToken, Base, Packet, Precheck, PrecheckStatus, User, VerdictVersion, Worker

__all__ = [
    "ApiToken", "Base", "Database", "Packet", "Precheck", "PrecheckStatus", "User", "VerdictVersion", "Worker",
    "migrate", "open_database",
]
