"""project publishing settings: reporting organisation, French title, descriptions (for the IATI file)

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-29 20:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0004'
branch_labels = None
depends_on = None

COLUMNS = (
    ('reporting_org_ref', sa.String(length=60)),
    ('reporting_org_name', sa.String(length=200)),
    ('title_fr', sa.String(length=300)),
    ('description_en', sa.Text()),
    ('description_fr', sa.Text()),
)


def upgrade() -> None:
    with op.batch_alter_table('project', schema=None) as batch_op:
        for name, kind in COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('project', schema=None) as batch_op:
        for name, _kind in reversed(COLUMNS):
            batch_op.drop_column(name)
