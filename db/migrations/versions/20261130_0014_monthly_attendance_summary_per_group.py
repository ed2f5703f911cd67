"""monthly attendance summary per group

Per-cohort reads (the cohort list, the attendance chart per group and month) sum one row per group and
month instead of one per enrolment and month; existing databases fill it from `attendance_month`.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 00:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('group_attendance_month',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('marked', sa.Integer(), nullable=False),
    sa.Column('present', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['training_group.id'], name=op.f('fk_group_attendance_month_group_id_training_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'month', name=op.f('pk_group_attendance_month'))
    )
    with op.batch_alter_table('group_attendance_month', schema=None) as batch_op:
        batch_op.create_index('ix_group_attendance_month_month', ['month'], unique=False)
    op.execute(
        "INSERT INTO group_attendance_month (group_id, month, marked, present) "
        "SELECT e.group_id, m.month, SUM(m.marked), SUM(m.present) "
        "FROM attendance_month m JOIN enrolment e ON e.id = m.enrolment_id GROUP BY e.group_id, m.month")


def downgrade() -> None:
    with op.batch_alter_table('group_attendance_month', schema=None) as batch_op:
        batch_op.drop_index('ix_group_attendance_month_month')

    op.drop_table('group_attendance_month')
