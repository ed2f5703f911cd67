"""per-cohort outcome summary

The funnel over groups settled by its as-of date reads one row per group, dimension, category and outcome
instead of one per enrolment. The table starts empty (every group is then read enrolment by enrolment, as
before); `python -m db.migrate` fills it after upgrading (db.group_outcomes.fill_missing), and every write
keeps it in step from then on.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 03:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('group_outcome',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=16), nullable=False),
    sa.Column('category', sa.String(length=120), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('met', sa.Integer(), nullable=False),
    sa.Column('completed', sa.Boolean(), nullable=False),
    sa.Column('certified', sa.Boolean(), nullable=False),
    sa.Column('placed', sa.Boolean(), nullable=False),
    sa.Column('enrolments', sa.Integer(), nullable=False),
    sa.Column('present', sa.Integer(), nullable=False),
    sa.Column('marked', sa.Integer(), nullable=False),
    sa.Column('settled_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['training_group.id'], name=op.f('fk_group_outcome_group_id_training_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_outcome'))
    )
    with op.batch_alter_table('group_outcome', schema=None) as batch_op:
        batch_op.create_index('ix_group_outcome_group_id', ['group_id', 'dimension'], unique=False)
        batch_op.create_index('ix_group_outcome_settled_on', ['dimension', 'settled_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('group_outcome', schema=None) as batch_op:
        batch_op.drop_index('ix_group_outcome_settled_on')
        batch_op.drop_index('ix_group_outcome_group_id')

    op.drop_table('group_outcome')
