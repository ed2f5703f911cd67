"""index foreign keys and field dates the overview filters on

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 02:53:50.428476
"""
from __future__ import annotations

from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('action_point', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_point_event_id'), ['event_id'], unique=False)

    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_enrolment_id'), ['enrolment_id'], unique=False)

    with op.batch_alter_table('business_plan_owner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_plan_owner_participant_id'), ['participant_id'], unique=False)

    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrolment_enrolled_on'), ['enrolled_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrolment_participant_id'), ['participant_id'], unique=False)

    with op.batch_alter_table('expenditure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expenditure_business_plan_id'), ['business_plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_expenditure_line_id'), ['line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_expenditure_spent_on'), ['spent_on'], unique=False)

    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_contact_date'), ['contact_date'], unique=False)

    with op.batch_alter_table('plan_transition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_transition_plan_id'), ['plan_id'], unique=False)

    with op.batch_alter_table('stakeholder_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stakeholder_event_project_id'), ['project_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('stakeholder_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stakeholder_event_project_id'))

    with op.batch_alter_table('plan_transition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_transition_plan_id'))

    with op.batch_alter_table('follow_up', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_up_contact_date'))

    with op.batch_alter_table('expenditure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expenditure_spent_on'))
        batch_op.drop_index(batch_op.f('ix_expenditure_line_id'))
        batch_op.drop_index(batch_op.f('ix_expenditure_business_plan_id'))

    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrolment_participant_id'))
        batch_op.drop_index(batch_op.f('ix_enrolment_enrolled_on'))

    with op.batch_alter_table('business_plan_owner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_business_plan_owner_participant_id'))

    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_enrolment_id'))

    with op.batch_alter_table('action_point', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_point_event_id'))

