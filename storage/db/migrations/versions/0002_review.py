"""review: flags, decisions, sessions, login attempts, staff overrides, packet leases

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 15:29:29.706097
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('login_attempts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_attempts_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_attempts_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_attempts_name'), ['name'], unique=False)

    op.create_table('staff_overrides',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('department', sa.String(length=200), nullable=True),
    sa.Column('enterprise', sa.String(length=40), nullable=True),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('subclass', sa.String(length=40), nullable=True),
    sa.Column('decided_by', sa.String(length=100), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('staff_overrides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_overrides_enterprise'), ['enterprise'], unique=False)

    op.create_table('review_sessions',
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('csrf_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id_hash')
    )
    with op.batch_alter_table('review_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('review_decisions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('packet_id', sa.String(length=200), nullable=False),
    sa.Column('precheck_id', sa.String(length=40), nullable=False),
    sa.Column('flag_key', sa.String(length=40), nullable=True),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('actor_role', sa.String(length=16), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('scope', sa.String(length=16), nullable=True),
    sa.Column('reverses', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.Column('verdict_version', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['packet_id'], ['packets.id'], ),
    sa.ForeignKeyConstraint(['precheck_id'], ['prechecks.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('review_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_decisions_packet_id'), ['packet_id'], unique=False)

    op.create_table('review_flags',
    sa.Column('precheck_id', sa.String(length=40), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('packet_id', sa.String(length=200), nullable=False),
    sa.Column('flag_id', sa.String(length=20), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('indicator', sa.String(length=60), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('flag', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('can_change_verdict', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['packet_id'], ['packets.id'], ),
    sa.ForeignKeyConstraint(['precheck_id'], ['prechecks.id'], ),
    sa.PrimaryKeyConstraint('precheck_id', 'key')
    )
    with op.batch_alter_table('review_flags', schema=None) as batch_op:
        batch_op.create_index('ix_review_flags_code', ['code', 'status'], unique=False)
        batch_op.create_index('ix_review_flags_key', ['key'], unique=False)
        batch_op.create_index('ix_review_flags_packet', ['packet_id', 'status'], unique=False)

    with op.batch_alter_table('packets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locked_by', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('lock_expires', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('industry_group', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assessor', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('flags_synced', sa.String(length=40), nullable=True))




def downgrade() -> None:

    with op.batch_alter_table('packets', schema=None) as batch_op:
        batch_op.drop_column('flags_synced')
        batch_op.drop_column('assessor')
        batch_op.drop_column('industry_group')
        batch_op.drop_column('lock_expires')
        batch_op.drop_column('locked_by')

    with op.batch_alter_table('review_flags', schema=None) as batch_op:
        batch_op.drop_index('ix_review_flags_packet')
        batch_op.drop_index('ix_review_flags_key')
        batch_op.drop_index('ix_review_flags_code')

    op.drop_table('review_flags')
    with op.batch_alter_table('review_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_decisions_packet_id'))

    op.drop_table('review_decisions')
    with op.batch_alter_table('review_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_sessions_user_id'))

    op.drop_table('review_sessions')
    with op.batch_alter_table('staff_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_overrides_enterprise'))

    op.drop_table('staff_overrides')
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_attempts_name'))
        batch_op.drop_index(batch_op.f('ix_login_attempts_at'))
        batch_op.drop_index(batch_op.f('ix_login_attempts_address'))

    op.drop_table('login_attempts')

