"""monthly attendance summary per enrolment

Revision ID: 0011
Revises: 0007
Create Date: 2026-11-29 20:07:00.737475
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import op


revision = '0011'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('attendance_month',
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('marked', sa.Integer(), nullable=False),
    sa.Column('present', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolment.id'], name=op.f('fk_attendance_month_enrolment_id_enrolment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('enrolment_id', 'month', name=op.f('pk_attendance_month'))
    )
    with op.batch_alter_table('attendance_month', schema=None) as batch_op:
        batch_op.create_index('ix_attendance_month_month', ['month'], unique=False)
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.create_index('ix_training_session_session_date', ['session_date'], unique=False)
    _count_existing_marks()


def _count_existing_marks() -> None:
    """Fill the summary from the marks already recorded, one calendar month at a time."""
    connection = op.get_bind()
    days = [row[0] for row in connection.execute(sa.text("SELECT DISTINCT session_date FROM training_session"))]
    months = sorted({(d if isinstance(d, date) else date.fromisoformat(str(d))).replace(day=1) for d in days})
    for month in months:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        connection.execute(sa.text(
            "INSERT INTO attendance_month (enrolment_id, month, marked, present) "
            "SELECT a.enrolment_id, :month, COUNT(a.id), SUM(CASE WHEN a.present THEN 1 ELSE 0 END) "
            "FROM attendance a JOIN training_session s ON s.id = a.session_id "
            "WHERE s.session_date >= :month AND s.session_date < :following GROUP BY a.enrolment_id"),
            {"month": month, "following": following})


def downgrade() -> None:
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.drop_index('ix_training_session_session_date')
    with op.batch_alter_table('attendance_month', schema=None) as batch_op:
        batch_op.drop_index('ix_attendance_month_month')

    op.drop_table('attendance_month')
