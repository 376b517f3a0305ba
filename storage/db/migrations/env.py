"""Alembic environment: runs on the connection `storage.db.engine.migrate` hands it."""

from alembic import context

import storage.db.review_tables  # noqa: F401  (registers the review tables on Base)
from storage.db.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # the `alembic` command line, with sqlalchemy.url set
        from storage.db.engine import make_engine

        with make_engine(config.get_main_option("sqlalchemy.url")).begin() as conn:
            context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
            with context.begin_transaction():
                context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
