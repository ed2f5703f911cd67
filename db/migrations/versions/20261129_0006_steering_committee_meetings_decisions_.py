"""steering committee meetings decisions and french wordings

Revision ID: 0006
Revises: 0011
Create Date: 2026-11-29 19:55:34.070533
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('committee_meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=120), nullable=False),
    sa.Column('chair_institution_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('cutoff_date', sa.Date(), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('signed_off_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('signed_off_by', sa.String(length=60), nullable=True),
    sa.Column('period_lock_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(signed_off_at IS NULL) = (signed_off_by IS NULL)', name=op.f('ck_committee_meeting_sign_off_complete')),
    sa.CheckConstraint('cutoff_date <= held_on', name=op.f('ck_committee_meeting_cutoff_not_after_meeting')),
    sa.CheckConstraint('period_end >= period_start', name=op.f('ck_committee_meeting_period_ordered')),
    sa.ForeignKeyConstraint(['chair_institution_id'], ['institution.id'], name=op.f('fk_committee_meeting_chair_institution_id_institution')),
    sa.ForeignKeyConstraint(['period_lock_id'], ['period_lock.id'], name=op.f('fk_committee_meeting_period_lock_id_period_lock')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_committee_meeting_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_meeting')),
    sa.UniqueConstraint('project_id', 'held_on', name=op.f('uq_committee_meeting_project_id_held_on'))
    )
    with op.batch_alter_table('committee_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_meeting_chair_institution_id'), ['chair_institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_committee_meeting_period_lock_id'), ['period_lock_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_committee_meeting_project_id'), ['project_id'], unique=False)

    op.create_table('committee_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner_institution_id', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('indicator_id', sa.Integer(), nullable=True),
    sa.Column('budget_line_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'in_progress', 'done', 'dropped')", name=op.f('ck_committee_decision_status_known')),
    sa.CheckConstraint('(CASE WHEN activity_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN indicator_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN budget_line_id IS NULL THEN 0 ELSE 1 END) <= 1', name=op.f('ck_committee_decision_one_link_at_most')),
    sa.ForeignKeyConstraint(['activity_id'], ['workplan_activity.id'], name=op.f('fk_committee_decision_activity_id_workplan_activity')),
    sa.ForeignKeyConstraint(['budget_line_id'], ['budget_line.id'], name=op.f('fk_committee_decision_budget_line_id_budget_line')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_committee_decision_indicator_id_indicator')),
    sa.ForeignKeyConstraint(['meeting_id'], ['committee_meeting.id'], name=op.f('fk_committee_decision_meeting_id_committee_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_institution_id'], ['institution.id'], name=op.f('fk_committee_decision_owner_institution_id_institution')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_decision'))
    )
    with op.batch_alter_table('committee_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_decision_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_committee_decision_budget_line_id'), ['budget_line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_committee_decision_indicator_id'), ['indicator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_committee_decision_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_committee_decision_owner_institution_id'), ['owner_institution_id'], unique=False)

    op.create_table('committee_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'], name=op.f('fk_committee_member_institution_id_institution')),
    sa.ForeignKeyConstraint(['meeting_id'], ['committee_meeting.id'], name=op.f('fk_committee_member_meeting_id_committee_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_member')),
    sa.UniqueConstraint('meeting_id', 'institution_id', name=op.f('uq_committee_member_meeting_id_institution_id'))
    )
    with op.batch_alter_table('committee_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_member_institution_id'), ['institution_id'], unique=False)

    op.create_table('decision_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('changed_on', sa.Date(), nullable=False),
    sa.Column('actor', sa.String(length=60), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("to_status IN ('open', 'in_progress', 'done', 'dropped')", name=op.f('ck_decision_change_to_status_known')),
    sa.ForeignKeyConstraint(['decision_id'], ['committee_decision.id'], name=op.f('fk_decision_change_decision_id_committee_decision'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_change'))
    )
    with op.batch_alter_table('decision_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_change_decision_id'), ['decision_id'], unique=False)

    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_fr', sa.String(length=200), nullable=True))

    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_fr', sa.Text(), nullable=True))

    with op.batch_alter_table('result_level', schema=None) as batch_op:
        batch_op.add_column(sa.Column('statement_fr', sa.Text(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('result_level', schema=None) as batch_op:
        batch_op.drop_column('statement_fr')

    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_column('name_fr')

    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.drop_column('name_fr')

    with op.batch_alter_table('decision_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_change_decision_id'))

    op.drop_table('decision_change')
    with op.batch_alter_table('committee_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_member_institution_id'))

    op.drop_table('committee_member')
    with op.batch_alter_table('committee_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_decision_owner_institution_id'))
        batch_op.drop_index(batch_op.f('ix_committee_decision_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_committee_decision_indicator_id'))
        batch_op.drop_index(batch_op.f('ix_committee_decision_budget_line_id'))
        batch_op.drop_index(batch_op.f('ix_committee_decision_activity_id'))

    op.drop_table('committee_decision')
    with op.batch_alter_table('committee_meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_meeting_project_id'))
        batch_op.drop_index(batch_op.f('ix_committee_meeting_period_lock_id'))
        batch_op.drop_index(batch_op.f('ix_committee_meeting_chair_institution_id'))

    op.drop_table('committee_meeting')
