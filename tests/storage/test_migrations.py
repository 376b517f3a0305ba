"""The migrations build exactly the schema the tables declare (nothing left for autogenerate)."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import storage.db.review_tables  # noqa: F401  (registers the review tables on Base)
from storage.db import open_database
from storage.db.tables import Base


def test_migrated_schema_matches_the_tables(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'e.db'}", upgrade=True)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
