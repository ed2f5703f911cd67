"""follow-ups are versioned: a follow-up call is corrected in place, so a correction goes against the
version the form loaded like every other edited record

Revision ID: 0009
Revises: 0005
Create Date: 2026-11-29 21:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.drop_column('version')
