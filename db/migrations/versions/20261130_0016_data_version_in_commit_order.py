"""data version in commit order

Cached reads were keyed by the highest audit id, which is taken when a write inserts its entry, not when it
commits: a write committing after a later-numbered one left readers on figures from before it until the next
write. One row now counts committed writes (moved just before each commit); it starts at the highest audit
id, so versions only go up across the upgrade.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 03:45:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('data_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('n', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_data_version_one_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version'))
    )
    op.execute("INSERT INTO data_version (id, n) SELECT 1, COALESCE(MAX(id), 0) FROM audit_entry")


def downgrade() -> None:
    op.drop_table('data_version')
