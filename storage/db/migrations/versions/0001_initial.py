"""initial schema: prechecks, packets, verdict versions, tokens, users, workers

Revision ID: 0001
Revises: (none)
Create Date: 2026-12-02 14:39:26.352199
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name'),
    sa.UniqueConstraint('token_hash')
    )
    op.create_table('prechecks',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('packet_location', sa.Text(), nullable=False),
    sa.Column('members', sa.JSON(), nullable=False),
    sa.Column('packet_id', sa.String(length=200), nullable=True),
    sa.Column('token_name', sa.String(length=100), nullable=True),
    sa.Column('idempotency_key', sa.String(length=200), nullable=True),
    sa.Column('request_hash', sa.String(length=64), nullable=True),
    sa.Column('request_id', sa.String(length=100), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('worker_id', sa.String(length=100), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_name', 'idempotency_key', name='uq_prechecks_idempotency')
    )
    with op.batch_alter_table('prechecks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prechecks_packet_id'), ['packet_id'], unique=False)
        batch_op.create_index('ix_prechecks_queue', ['status', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_prechecks_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_prechecks_worker_id'), ['worker_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('workers',
    sa.Column('id', sa.String(length=100), nullable=False),
    sa.Column('host', sa.String(length=200), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('precheck_id', sa.String(length=40), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('packets',
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('enterprise_name', sa.String(length=300), nullable=True),
    sa.Column('latest_precheck_id', sa.String(length=40), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.Column('needs_review', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['latest_precheck_id'], ['prechecks.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('packets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_packets_updated_at'), ['updated_at'], unique=False)

    op.create_table('verdict_versions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('packet_id', sa.String(length=200), nullable=False),
    sa.Column('precheck_id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('needs_review', sa.Boolean(), nullable=False),
    sa.Column('verdict_key', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['packet_id'], ['packets.id'], ),
    sa.ForeignKeyConstraint(['precheck_id'], ['prechecks.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('precheck_id', 'version', name='uq_verdict_versions_check_version')
    )
    with op.batch_alter_table('verdict_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verdict_versions_packet_id'), ['packet_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('verdict_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verdict_versions_packet_id'))

    op.drop_table('verdict_versions')
    with op.batch_alter_table('packets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_packets_updated_at'))

    op.drop_table('packets')
    op.drop_table('workers')
    op.drop_table('users')
    with op.batch_alter_table('prechecks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prechecks_worker_id'))
        batch_op.drop_index(batch_op.f('ix_prechecks_status'))
        batch_op.drop_index('ix_prechecks_queue')
        batch_op.drop_index(batch_op.f('ix_prechecks_packet_id'))

    op.drop_table('prechecks')
    op.drop_table('api_tokens')
