"""result levels are versioned

A result statement's English and French wording is edited in a form: the statement carries the version the
form loaded, like indicators and budget lines, so that two administrators' saves never silently overwrite
each other.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 22:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('result_level', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('result_level', schema=None) as batch_op:
        batch_op.drop_column('version')
