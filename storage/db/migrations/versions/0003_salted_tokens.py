"""salted API-token hashes; one waiting bucket job per packet

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 18:20:00

- api_tokens gains `salt` and `lookup`. A token row of 0001/0002 kept SHA-256(token); that digest
  is what the salted hash covers, so existing tokens are converted in place and keep working.
- prechecks gains a partial unique index: at most one queued or running `watch` job per packet.
  Duplicates that raced in before it (two webhooks, two watchers) are closed as failed first.
"""

import hashlib
import hmac
import secrets

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

WATCH_WAITING = "source = 'watch' AND status IN ('queued', 'running')"


def upgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('salt', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('lookup', sa.String(length=16), nullable=True))
    conn = op.get_bind()
    for row_id, digest in conn.execute(sa.text("SELECT id, token_hash FROM api_tokens")).fetchall():
        salt = secrets.token_hex(16)
        salted = hmac.new(bytes.fromhex(salt), digest.encode(), hashlib.sha256).hexdigest()
        conn.execute(sa.text("UPDATE api_tokens SET salt = :s, lookup = :l, token_hash = :h WHERE id = :i"),
                     {"s": salt, "l": digest[:16], "h": salted, "i": row_id})
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.alter_column('salt', existing_type=sa.String(length=32), nullable=False)
        batch_op.alter_column('lookup', existing_type=sa.String(length=16), nullable=False)
        batch_op.create_index(batch_op.f('ix_api_tokens_lookup'), ['lookup'], unique=False)

    conn.execute(sa.text(
        "UPDATE prechecks SET status = 'failed', error = 'duplicate bucket job (closed by migration 0003)' "
        f"WHERE {WATCH_WAITING} AND id NOT IN (SELECT MIN(id) FROM prechecks WHERE {WATCH_WAITING} "
        "GROUP BY packet_id)"))
    with op.batch_alter_table('prechecks', schema=None) as batch_op:
        batch_op.create_index('uq_prechecks_watch_waiting', ['packet_id'], unique=True,
                              sqlite_where=sa.text(WATCH_WAITING), postgresql_where=sa.text(WATCH_WAITING))


def downgrade() -> None:
    # Salted hashes cannot be turned back into SHA-256(token): tokens must be issued again.
    with op.batch_alter_table('prechecks', schema=None) as batch_op:
        batch_op.drop_index('uq_prechecks_watch_waiting')
    op.execute("DELETE FROM api_tokens")
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_lookup'))
        batch_op.drop_column('lookup')
        batch_op.drop_column('salt')
