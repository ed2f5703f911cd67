"""period locks can be reopened, with who, when and why

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 20:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('period_lock', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reopened_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reopened_by', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('reopen_reason', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('period_lock', schema=None) as batch_op:
        batch_op.drop_column('reopen_reason')
        batch_op.drop_column('reopened_by')
        batch_op.drop_column('reopened_at')
