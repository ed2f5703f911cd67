"""committee meetings and decisions are versioned

Minutes are corrected and decisions move: both carry the version a form loaded, so that two people's saves
never silently overwrite each other.

Revision ID: 0012
Revises: 0009
Create Date: 2026-11-29 21:15:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0012'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('committee_meeting', 'committee_decision'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade() -> None:
    for table in ('committee_decision', 'committee_meeting'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
