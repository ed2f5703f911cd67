"""whole domain schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-29 02:31:18.425031
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('admin', 'coordinator', 'viewer')", name=op.f('ck_app_user_role_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('username', name=op.f('uq_app_user_username'))
    )
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=60), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('entity', sa.String(length=60), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entry_entity', ['entity', 'entity_id'], unique=False)

    op.create_table('institution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('acronym', sa.String(length=30), nullable=True),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('city', sa.String(length=60), nullable=True),
    sa.Column('is_implementing_partner', sa.Boolean(), nullable=False),
    sa.CheckConstraint("level IN ('local', 'central')", name=op.f('ck_institution_level_known')),
    sa.CheckConstraint("type IN ('government', 'ngo', 'private_sector', 'international', 'academia')", name=op.f('ck_institution_type_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_institution')),
    sa.UniqueConstraint('name', name=op.f('uq_institution_name'))
    )
    op.create_table('project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('prima_id', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('project_type', sa.String(length=100), nullable=False),
    sa.Column('fund', sa.String(length=100), nullable=False),
    sa.Column('region', sa.String(length=60), nullable=False),
    sa.Column('member_state', sa.String(length=60), nullable=False),
    sa.Column('coverage', sa.String(length=60), nullable=False),
    sa.Column('target_group', sa.Text(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('budget_usd', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('is_illustrative', sa.Boolean(), nullable=False),
    sa.CheckConstraint('budget_usd > 0', name=op.f('ck_project_budget_positive')),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_project_dates_ordered')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project')),
    sa.UniqueConstraint('code', name=op.f('uq_project_code'))
    )
    op.create_table('budget_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('amount_usd', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('variance_explanation', sa.Text(), nullable=False),
    sa.CheckConstraint("category IN ('staff', 'office', 'operational', 'overhead')", name=op.f('ck_budget_line_category_known')),
    sa.CheckConstraint('amount_usd >= 0', name=op.f('ck_budget_line_amount_not_negative')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_budget_line_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_line')),
    sa.UniqueConstraint('project_id', 'code', name=op.f('uq_budget_line_project_id_code'))
    )
    op.create_table('business_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('business_idea', sa.Text(), nullable=False),
    sa.Column('sector', sa.String(length=100), nullable=False),
    sa.Column('city', sa.String(length=60), nullable=False),
    sa.Column('requested_mad', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('approved_mad', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('mad_per_usd', sa.Numeric(precision=10, scale=4), nullable=False),
    sa.Column('documents_ref', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'under_review', 'returned', 'approved', 'rejected', 'disbursed', 'launched', 'operating_6m', 'closed')", name=op.f('ck_business_plan_status_known')),
    sa.CheckConstraint('approved_mad IS NULL OR approved_mad >= 0', name=op.f('ck_business_plan_approved_not_negative')),
    sa.CheckConstraint('mad_per_usd > 0', name=op.f('ck_business_plan_rate_positive')),
    sa.CheckConstraint('requested_mad >= 0', name=op.f('ck_business_plan_requested_not_negative')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_business_plan_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_business_plan')),
    sa.UniqueConstraint('project_id', 'code', name=op.f('uq_business_plan_project_id_code'))
    )
    op.create_table('exchange_rate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('units_per_usd', sa.Numeric(precision=10, scale=4), nullable=False),
    sa.CheckConstraint('units_per_usd > 0', name=op.f('ck_exchange_rate_rate_positive')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_exchange_rate_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_rate')),
    sa.UniqueConstraint('project_id', 'currency', 'year', name=op.f('uq_exchange_rate_project_id_currency_year'))
    )
    op.create_table('milestone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.CheckConstraint("kind IN ('steering_committee', 'interim_report', 'final_report', 'budget_revision', 'extension_request', 'closing_workshop', 'other')", name=op.f('ck_milestone_kind_known')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_milestone_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestone'))
    )
    op.create_table('participant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('nationality', sa.String(length=2), nullable=False),
    sa.Column('city', sa.String(length=60), nullable=False),
    sa.Column('children_count', sa.Integer(), nullable=False),
    sa.Column('year_regularized', sa.Integer(), nullable=True),
    sa.Column('consent_recorded', sa.Boolean(), nullable=False),
    sa.Column('consent_date', sa.Date(), nullable=True),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.CheckConstraint("sex IN ('F', 'M')", name=op.f('ck_participant_sex_known')),
    sa.CheckConstraint('birth_year IS NULL OR birth_year BETWEEN 1940 AND 2010', name=op.f('ck_participant_birth_year_plausible')),
    sa.CheckConstraint('children_count >= 0', name=op.f('ck_participant_children_not_negative')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_participant_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant')),
    sa.UniqueConstraint('project_id', 'code', name=op.f('uq_participant_project_id_code'))
    )
    op.create_table('period_lock',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('locked_through', sa.Date(), nullable=False),
    sa.Column('locked_by', sa.String(length=60), nullable=False),
    sa.Column('locked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_period_lock_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_period_lock'))
    )
    op.create_table('result_level',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('assumptions', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('objective', 'outcome', 'output')", name=op.f('ck_result_level_kind_known')),
    sa.ForeignKeyConstraint(['parent_id'], ['result_level.id'], name=op.f('fk_result_level_parent_id_result_level')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_result_level_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_result_level')),
    sa.UniqueConstraint('project_id', 'code', name=op.f('uq_result_level_project_id_code'))
    )
    op.create_table('stakeholder_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('event_type', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('city', sa.String(length=60), nullable=False),
    sa.Column('organiser_id', sa.Integer(), nullable=True),
    sa.Column('topics', sa.Text(), nullable=False),
    sa.Column('facilitators', sa.Text(), nullable=False),
    sa.Column('score_scale', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('pre_test_avg', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('post_test_avg', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.CheckConstraint("event_type IN ('training', 'workshop', 'policy_dialogue', 'study_visit', 'steering_committee')", name=op.f('ck_stakeholder_event_type_known')),
    sa.CheckConstraint('(pre_test_avg IS NULL OR pre_test_avg BETWEEN 0 AND score_scale) AND (post_test_avg IS NULL OR post_test_avg BETWEEN 0 AND score_scale)', name=op.f('ck_stakeholder_event_scores_on_scale')),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_stakeholder_event_dates_ordered')),
    sa.CheckConstraint('score_scale > 0', name=op.f('ck_stakeholder_event_scale_positive')),
    sa.ForeignKeyConstraint(['organiser_id'], ['institution.id'], name=op.f('fk_stakeholder_event_organiser_id_institution')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_stakeholder_event_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stakeholder_event'))
    )
    op.create_table('training_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('trade', sa.String(length=100), nullable=True),
    sa.Column('module', sa.String(length=10), nullable=True),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('city', sa.String(length=60), nullable=False),
    sa.Column('planned_start', sa.Date(), nullable=False),
    sa.Column('planned_end', sa.Date(), nullable=False),
    sa.Column('planned_sessions', sa.Integer(), nullable=False),
    sa.Column('planned_hours', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.CheckConstraint("(kind = 'vocational' AND module IS NULL) OR (kind = 'entrepreneurship' AND module IN ('TRIE', 'CREE', 'GERME'))", name=op.f('ck_training_group_module_matches_kind')),
    sa.CheckConstraint("kind IN ('vocational', 'entrepreneurship')", name=op.f('ck_training_group_kind_known')),
    sa.CheckConstraint("status IN ('planned', 'open', 'closed')", name=op.f('ck_training_group_status_known')),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_training_group_capacity_positive')),
    sa.CheckConstraint('planned_end >= planned_start', name=op.f('ck_training_group_dates_ordered')),
    sa.CheckConstraint('planned_sessions >= 0 AND planned_hours >= 0', name=op.f('ck_training_group_plan_not_negative')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_training_group_project_id_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['provider_id'], ['institution.id'], name=op.f('fk_training_group_provider_id_institution')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_group')),
    sa.UniqueConstraint('project_id', 'code', name=op.f('uq_training_group_project_id_code'))
    )
    op.create_table('workplan_activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('component', sa.String(length=30), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('responsible', sa.String(length=120), nullable=False),
    sa.Column('planned_start', sa.Date(), nullable=False),
    sa.Column('planned_end', sa.Date(), nullable=False),
    sa.Column('actual_start', sa.Date(), nullable=True),
    sa.Column('actual_end', sa.Date(), nullable=True),
    sa.Column('percent_complete', sa.Integer(), nullable=False),
    sa.CheckConstraint("component IN ('vocational_training', 'entrepreneurship', 'capacity_building', 'management')", name=op.f('ck_workplan_activity_component_known')),
    sa.CheckConstraint('actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start', name=op.f('ck_workplan_activity_actual_ordered')),
    sa.CheckConstraint('percent_complete BETWEEN 0 AND 100', name=op.f('ck_workplan_activity_percent_range')),
    sa.CheckConstraint('planned_end >= planned_start', name=op.f('ck_workplan_activity_planned_ordered')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_workplan_activity_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workplan_activity')),
    sa.UniqueConstraint('project_id', 'code', name=op.f('uq_workplan_activity_project_id_code'))
    )
    op.create_table('action_point',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner_institution_id', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.CheckConstraint("status IN ('open', 'in_progress', 'done', 'dropped')", name=op.f('ck_action_point_status_known')),
    sa.ForeignKeyConstraint(['event_id'], ['stakeholder_event.id'], name=op.f('fk_action_point_event_id_stakeholder_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_institution_id'], ['institution.id'], name=op.f('fk_action_point_owner_institution_id_institution')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_point'))
    )
    op.create_table('business_plan_owner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_business_plan_owner_participant_id_participant')),
    sa.ForeignKeyConstraint(['plan_id'], ['business_plan.id'], name=op.f('fk_business_plan_owner_plan_id_business_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_business_plan_owner')),
    sa.UniqueConstraint('plan_id', 'participant_id', name=op.f('uq_business_plan_owner_plan_id_participant_id'))
    )
    op.create_table('enrolment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('enrolled_on', sa.Date(), nullable=False),
    sa.Column('over_capacity_reason', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('assessment_score', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('certified', sa.Boolean(), nullable=False),
    sa.Column('certified_on', sa.Date(), nullable=True),
    sa.Column('dropout_reason', sa.Text(), nullable=True),
    sa.Column('dropout_on', sa.Date(), nullable=True),
    sa.CheckConstraint("status <> 'dropped_out' OR dropout_reason IS NOT NULL", name=op.f('ck_enrolment_dropout_has_reason')),
    sa.CheckConstraint("status IN ('enrolled', 'completed', 'dropped_out')", name=op.f('ck_enrolment_status_known')),
    sa.CheckConstraint('assessment_score IS NULL OR assessment_score BETWEEN 0 AND 100', name=op.f('ck_enrolment_score_range')),
    sa.ForeignKeyConstraint(['group_id'], ['training_group.id'], name=op.f('fk_enrolment_group_id_training_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_enrolment_participant_id_participant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolment')),
    sa.UniqueConstraint('group_id', 'participant_id', name=op.f('uq_enrolment_group_id_participant_id'))
    )
    op.create_table('enterprise_status',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('months_after', sa.Integer(), nullable=False),
    sa.Column('observed_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.CheckConstraint("status IN ('operating', 'closed')", name=op.f('ck_enterprise_status_status_known')),
    sa.CheckConstraint('months_after IN (3, 6, 12)', name=op.f('ck_enterprise_status_months_known')),
    sa.ForeignKeyConstraint(['plan_id'], ['business_plan.id'], name=op.f('fk_enterprise_status_plan_id_business_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enterprise_status')),
    sa.UniqueConstraint('plan_id', 'months_after', name=op.f('uq_enterprise_status_plan_id_months_after'))
    )
    op.create_table('event_participation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('women', sa.Integer(), nullable=False),
    sa.Column('men', sa.Integer(), nullable=False),
    sa.CheckConstraint('women >= 0 AND men >= 0', name=op.f('ck_event_participation_counts_not_negative')),
    sa.ForeignKeyConstraint(['event_id'], ['stakeholder_event.id'], name=op.f('fk_event_participation_event_id_stakeholder_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'], name=op.f('fk_event_participation_institution_id_institution')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_participation')),
    sa.UniqueConstraint('event_id', 'institution_id', name=op.f('uq_event_participation_event_id_institution_id'))
    )
    op.create_table('expenditure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('spent_on', sa.Date(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('units_per_usd', sa.Numeric(precision=10, scale=4), nullable=False),
    sa.Column('amount_usd', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('business_plan_id', sa.Integer(), nullable=True),
    sa.Column('overspend_justification', sa.Text(), nullable=True),
    sa.Column('recorded_by', sa.String(length=60), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("currency <> 'USD' OR units_per_usd = 1", name=op.f('ck_expenditure_usd_rate_is_one')),
    sa.CheckConstraint("currency IN ('USD', 'MAD')", name=op.f('ck_expenditure_currency_known')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_expenditure_amount_positive')),
    sa.CheckConstraint('units_per_usd > 0', name=op.f('ck_expenditure_rate_positive')),
    sa.ForeignKeyConstraint(['business_plan_id'], ['business_plan.id'], name=op.f('fk_expenditure_business_plan_id_business_plan')),
    sa.ForeignKeyConstraint(['line_id'], ['budget_line.id'], name=op.f('fk_expenditure_line_id_budget_line')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expenditure'))
    )
    op.create_table('indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('level_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('unit', sa.String(length=60), nullable=False),
    sa.Column('measure_type', sa.String(length=20), nullable=False),
    sa.Column('cumulative', sa.Boolean(), nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('baseline', sa.Numeric(precision=14, scale=4), nullable=False),
    sa.Column('lop_target', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('frequency', sa.String(length=20), nullable=False),
    sa.Column('means_of_verification', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('computed_measure', sa.String(length=60), nullable=True),
    sa.Column('disaggregations', sa.String(length=200), nullable=False),
    sa.CheckConstraint("direction IN ('increase', 'decrease')", name=op.f('ck_indicator_direction_known')),
    sa.CheckConstraint("frequency IN ('lop', 'annual', 'semi_annual', 'quarterly', 'monthly', 'event')", name=op.f('ck_indicator_frequency_known')),
    sa.CheckConstraint("measure_type IN ('number', 'percentage')", name=op.f('ck_indicator_measure_type_known')),
    sa.CheckConstraint("source = 'reported' OR computed_measure IS NOT NULL", name=op.f('ck_indicator_computed_has_measure')),
    sa.CheckConstraint("source IN ('computed', 'reported')", name=op.f('ck_indicator_source_known')),
    sa.ForeignKeyConstraint(['level_id'], ['result_level.id'], name=op.f('fk_indicator_level_id_result_level'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator')),
    sa.UniqueConstraint('level_id', 'code', name=op.f('uq_indicator_level_id_code'))
    )
    op.create_table('mentoring_visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('revenue_band', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.CheckConstraint("revenue_band IN ('none', 'lt_1000', '1000_3000', '3000_6000', 'gt_6000')", name=op.f('ck_mentoring_visit_revenue_band_known')),
    sa.ForeignKeyConstraint(['plan_id'], ['business_plan.id'], name=op.f('fk_mentoring_visit_plan_id_business_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_visit'))
    )
    op.create_table('plan_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('reviewer', sa.String(length=60), nullable=False),
    sa.Column('scored_on', sa.Date(), nullable=False),
    sa.Column('viability', sa.Integer(), nullable=False),
    sa.Column('market', sa.Integer(), nullable=False),
    sa.Column('feasibility', sa.Integer(), nullable=False),
    sa.Column('financial_plan', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.CheckConstraint('capacity BETWEEN 1 AND 5', name=op.f('ck_plan_score_capacity_1_to_5')),
    sa.CheckConstraint('feasibility BETWEEN 1 AND 5', name=op.f('ck_plan_score_feasibility_1_to_5')),
    sa.CheckConstraint('financial_plan BETWEEN 1 AND 5', name=op.f('ck_plan_score_financial_plan_1_to_5')),
    sa.CheckConstraint('market BETWEEN 1 AND 5', name=op.f('ck_plan_score_market_1_to_5')),
    sa.CheckConstraint('viability BETWEEN 1 AND 5', name=op.f('ck_plan_score_viability_1_to_5')),
    sa.ForeignKeyConstraint(['plan_id'], ['business_plan.id'], name=op.f('fk_plan_score_plan_id_business_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_score')),
    sa.UniqueConstraint('plan_id', 'reviewer', name=op.f('uq_plan_score_plan_id_reviewer'))
    )
    op.create_table('plan_transition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('actor', sa.String(length=60), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("from_status IS NULL OR from_status IN ('draft', 'submitted', 'under_review', 'returned', 'approved', 'rejected', 'disbursed', 'launched', 'operating_6m', 'closed')", name=op.f('ck_plan_transition_from_status_known')),
    sa.CheckConstraint("to_status IN ('draft', 'submitted', 'under_review', 'returned', 'approved', 'rejected', 'disbursed', 'launched', 'operating_6m', 'closed')", name=op.f('ck_plan_transition_to_status_known')),
    sa.ForeignKeyConstraint(['plan_id'], ['business_plan.id'], name=op.f('fk_plan_transition_plan_id_business_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_transition'))
    )
    op.create_table('planned_amount',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('quarter_start', sa.Date(), nullable=False),
    sa.Column('amount_usd', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.CheckConstraint('amount_usd >= 0', name=op.f('ck_planned_amount_amount_not_negative')),
    sa.ForeignKeyConstraint(['line_id'], ['budget_line.id'], name=op.f('fk_planned_amount_line_id_budget_line'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planned_amount')),
    sa.UniqueConstraint('line_id', 'quarter_start', name=op.f('uq_planned_amount_line_id_quarter_start'))
    )
    op.create_table('training_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('session_date', sa.Date(), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('hours', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.CheckConstraint('hours > 0', name=op.f('ck_training_session_hours_positive')),
    sa.ForeignKeyConstraint(['group_id'], ['training_group.id'], name=op.f('fk_training_session_group_id_training_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_session')),
    sa.UniqueConstraint('group_id', 'session_date', 'topic', name=op.f('uq_training_session_group_id_session_date_topic'))
    )
    op.create_table('action_point_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_point_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('changed_on', sa.Date(), nullable=False),
    sa.Column('actor', sa.String(length=60), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("to_status IN ('open', 'in_progress', 'done', 'dropped')", name=op.f('ck_action_point_change_to_status_known')),
    sa.ForeignKeyConstraint(['action_point_id'], ['action_point.id'], name=op.f('fk_action_point_change_action_point_id_action_point'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_point_change'))
    )
    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolment.id'], name=op.f('fk_attendance_enrolment_id_enrolment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], name=op.f('fk_attendance_session_id_training_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('session_id', 'enrolment_id', name=op.f('uq_attendance_session_id_enrolment_id'))
    )
    op.create_table('follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('months_after', sa.Integer(), nullable=False),
    sa.Column('contact_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('sector', sa.String(length=100), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.CheckConstraint("status IN ('wage_job', 'self_employed', 'in_training', 'unemployed', 'not_reached')", name=op.f('ck_follow_up_status_known')),
    sa.CheckConstraint('months_after IN (3, 6, 12)', name=op.f('ck_follow_up_months_known')),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolment.id'], name=op.f('fk_follow_up_enrolment_id_enrolment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up')),
    sa.UniqueConstraint('enrolment_id', 'months_after', name=op.f('uq_follow_up_enrolment_id_months_after'))
    )
    op.create_table('indicator_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('dimension', sa.String(length=30), nullable=False),
    sa.Column('category', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Numeric(precision=14, scale=4), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('evidence_ref', sa.String(length=300), nullable=False),
    sa.Column('reported_by', sa.String(length=60), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('period_end >= period_start', name=op.f('ck_indicator_result_period_ordered')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_result_indicator_id_indicator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_result')),
    sa.UniqueConstraint('indicator_id', 'period_start', 'dimension', 'category', name=op.f('uq_indicator_result_indicator_id_period_start_dimension_category'))
    )
    op.create_table('indicator_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('target', sa.Numeric(precision=14, scale=4), nullable=False),
    sa.CheckConstraint('period_end >= period_start', name=op.f('ck_indicator_target_period_ordered')),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_target_indicator_id_indicator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_target')),
    sa.UniqueConstraint('indicator_id', 'period_start', name=op.f('uq_indicator_target_indicator_id_period_start'))
    )
    op.create_table('target_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old_value', sa.String(length=60), nullable=False),
    sa.Column('new_value', sa.String(length=60), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('changed_by', sa.String(length=60), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_target_change_indicator_id_indicator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_target_change'))
    )


def downgrade() -> None:
    op.drop_table('target_change')
    op.drop_table('indicator_target')
    op.drop_table('indicator_result')
    op.drop_table('follow_up')
    op.drop_table('attendance')
    op.drop_table('action_point_change')
    op.drop_table('training_session')
    op.drop_table('planned_amount')
    op.drop_table('plan_transition')
    op.drop_table('plan_score')
    op.drop_table('mentoring_visit')
    op.drop_table('indicator')
    op.drop_table('expenditure')
    op.drop_table('event_participation')
    op.drop_table('enterprise_status')
    op.drop_table('enrolment')
    op.drop_table('business_plan_owner')
    op.drop_table('action_point')
    op.drop_table('workplan_activity')
    op.drop_table('training_group')
    op.drop_table('stakeholder_event')
    op.drop_table('result_level')
    op.drop_table('period_lock')
    op.drop_table('participant')
    op.drop_table('milestone')
    op.drop_table('exchange_rate')
    op.drop_table('business_plan')
    op.drop_table('budget_line')
    op.drop_table('project')
    op.drop_table('institution')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entry_entity')

    op.drop_table('audit_entry')
    op.drop_table('app_user')
