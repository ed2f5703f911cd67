"""Write services of the pipeline: what they store, and every refusal with nothing written."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select

from domain.errors import PermissionDenied, ValidationError
from db.models import (
    AuditEntry, BusinessPlan, BusinessPlanOwner, EnterpriseStatus, Expenditure, MentoringVisit, PeriodLock,
    PlanScore, PlanTransition,
)
from tests.enterprise_factories import (
    create_plan, make_participant, make_pipeline_project, move_plan, record_disbursement, record_enterprise_status,
    record_mentoring_visit, score_plan, write,
)
from tests.factories import COORDINATOR_ACTOR, VIEWER_ACTOR

GOOD_SCORES = {"viability": 4, "market": 3, "feasibility": 5, "financial_plan": 4, "capacity": 4}


@pytest.fixture
def project(session):
    project = make_pipeline_project(session)
    make_participant(session, project, "CAS-0001")
    make_participant(session, project, "CAS-0002", sex="M", nationality="CM")
    session.commit()
    return project


def _owner_ids(session) -> list[int]:
    from db.models import Participant
    return list(session.scalars(select(Participant.id).order_by(Participant.code)))


def _count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def _new_plan(engine, session, project, **overrides):
    fields = dict(actor=COORDINATOR_ACTOR, project_id=project.id, owner_ids=_owner_ids(session)[:1],
                  business_idea="Tailoring workshop", sector="Textile and garment", city="Casablanca",
                  requested_mad="15000", created_on=date(2015, 6, 1))
    return write(engine, create_plan, **(fields | overrides))


def _walk(engine, plan_id, steps, start=date(2015, 6, 2), **extra):
    day = start
    for status in steps:
        kwargs = {"approved_mad": "12000"} if status == "approved" else {}
        comment = "Needs quotes" if status in ("returned", "rejected", "closed") else ""
        write(engine, move_plan, actor=COORDINATOR_ACTOR, plan_id=plan_id, to_status=status, occurred_on=day,
              comment=comment, **kwargs)
        day += timedelta(days=10)
    return day


def _approved(engine, session, project):
    plan = _new_plan(engine, session, project)
    _walk(engine, plan.id, ["submitted", "under_review", "approved"])  # approved on 2015-06-22
    return plan


def _launched(engine, session, project):
    plan = _approved(engine, session, project)
    write(engine, record_disbursement, actor=COORDINATOR_ACTOR, plan_id=plan.id, amount_mad="12000",
          spent_on=date(2015, 7, 1))
    write(engine, move_plan, actor=COORDINATOR_ACTOR, plan_id=plan.id, to_status="launched",
          occurred_on=date(2015, 7, 15))
    return plan


def _problems(error: ValidationError) -> set[tuple[str, str]]:
    return {(p.field, p.key) for p in error.problems}


# --- creating a plan -----------------------------------------------------------------------------------------

def test_create_plan_stores_a_draft_with_owners_rate_first_transition_and_audit(engine, session, project):
    plan = _new_plan(engine, session, project, owner_ids=_owner_ids(session))
    stored = session.get(BusinessPlan, plan.id)
    assert (stored.code, stored.status, stored.requested_mad, stored.mad_per_usd) == (
        "BP-001", "draft", Decimal("15000.00"), Decimal("9.7600"))  # the 2015 average rate
    assert _count(session, BusinessPlanOwner) == 2
    first = session.scalars(select(PlanTransition)).one()
    assert (first.from_status, first.to_status, first.occurred_on, first.actor) == (
        None, "draft", date(2015, 6, 1), "coord")
    assert session.scalars(select(AuditEntry.action)).all() == ["create"]


def test_create_plan_keeps_the_rate_of_the_day_when_typed(engine, session, project):
    plan = _new_plan(engine, session, project, mad_per_usd="9,95")
    assert session.get(BusinessPlan, plan.id).mad_per_usd == Decimal("9.9500")


def test_second_plan_gets_the_next_code(engine, session, project):
    _new_plan(engine, session, project)
    assert _new_plan(engine, session, project).code == "BP-002"


def test_create_plan_refuses_every_bad_field_at_once_and_writes_nothing(engine, session, project):
    with pytest.raises(ValidationError) as refused:
        _new_plan(engine, session, project, owner_ids=[], business_idea=" ", sector="", city="",
                  requested_mad="N/A", created_on=None)
    assert _problems(refused.value) == {
        ("owners", "error.plan_owner_required"), ("business_idea", "error.required"),
        ("sector", "error.required"), ("city", "error.required"),
        ("requested_mad", "error.number_invalid"), ("created_on", "error.required")}
    assert _count(session, BusinessPlan) == 0 and _count(session, AuditEntry) == 0


def test_create_plan_refuses_an_unknown_owner(engine, session, project):
    with pytest.raises(ValidationError) as refused:
        _new_plan(engine, session, project, owner_ids=[9999])
    assert _problems(refused.value) == {("owners", "error.plan_owner_unknown")}
    assert _count(session, BusinessPlan) == 0


def test_create_plan_refuses_a_negative_amount(engine, session, project):
    with pytest.raises(ValidationError) as refused:
        _new_plan(engine, session, project, requested_mad="-5")
    assert _problems(refused.value) == {("requested_mad", "error.number_too_small")}
    assert _count(session, BusinessPlan) == 0


def test_create_plan_refuses_a_year_without_a_rate(engine, session, project):
    from db.models import ExchangeRate
    session.execute(delete(ExchangeRate).where(ExchangeRate.year == 2014))
    session.commit()
    with pytest.raises(ValidationError) as refused:
        _new_plan(engine, session, project, created_on=date(2014, 12, 1))
    assert _problems(refused.value) == {("mad_per_usd", "error.plan_rate_missing")}
    assert _count(session, BusinessPlan) == 0


def test_create_plan_refuses_a_date_in_the_future(engine, session, project):
    project.end_date = date.today() + timedelta(days=400)  # a project still running: tomorrow is inside it
    session.commit()
    with pytest.raises(ValidationError) as refused:
        _new_plan(engine, session, project, created_on=date.today() + timedelta(days=1), mad_per_usd="9.7")
    assert _problems(refused.value) == {("created_on", "error.date_in_future")}
    assert _count(session, BusinessPlan) == 0


def test_create_plan_refuses_a_date_in_a_locked_period(engine, session, project):
    session.add(PeriodLock(project_id=project.id, locked_through=date(2015, 6, 30), locked_by="boss"))
    session.commit()
    with pytest.raises(ValidationError) as refused:
        _new_plan(engine, session, project)
    assert _problems(refused.value) == {("created_on", "error.period_locked")}
    assert _count(session, BusinessPlan) == 0


def test_viewer_may_not_create_a_plan(engine, session, project):
    with pytest.raises(PermissionDenied):
        _new_plan(engine, session, project, actor=VIEWER_ACTOR)
    assert _count(session, BusinessPlan) == 0


# --- moving a plan -------------------------------------------------------------------------------------------

def test_move_records_who_when_and_comment(engine, session, project):
    plan = _new_plan(engine, session, project)
    write(engine, move_plan, actor=COORDINATOR_ACTOR, plan_id=plan.id, to_status="submitted",
          occurred_on=date(2015, 6, 10), comment="Through AHJ")
    session.expire_all()
    assert session.get(BusinessPlan, plan.id).status == "submitted"
    last = session.scalars(select(PlanTransition).order_by(PlanTransition.id.desc())).first()
    assert (last.from_status, last.to_status, last.occurred_on, last.actor, last.comment) == (
        "draft", "submitted", date(2015, 6, 10), "coord", "Through AHJ")


def test_returned_plan_goes_back_to_submitted(engine, session, project):
    plan = _new_plan(engine, session, project)
    _walk(engine, plan.id, ["submitted", "under_review", "returned", "submitted"])
    assert session.get(BusinessPlan, plan.id).status == "submitted"


def test_approval_keeps_the_approved_amount(engine, session, project):
    plan = _approved(engine, session, project)
    stored = session.get(BusinessPlan, plan.id)
    assert (stored.status, stored.approved_mad) == ("approved", Decimal("12000.00"))


def test_move_refuses_a_transition_not_allowed_and_writes_nothing(engine, session, project):
    plan = _new_plan(engine, session, project)
    with pytest.raises(ValidationError) as refused:
        write(engine, move_plan, actor=COORDINATOR_ACTOR, plan_id=plan.id, to_status="approved",
              occurred_on=date(2015, 6, 5), approved_mad="1000")
    assert _problems(refused.value) == {("to_status", "error.plan_transition_not_allowed")}
    session.expire_all()
    assert session.get(BusinessPlan, plan.id).status == "draft"
    assert _count(session, PlanTransition) == 1 and _count(session, AuditEntry) == 1


def test_rejection_without_a_reason_is_refused_and_nothing_written(engine, session, project):
    plan = _new_plan(engine, session, project)
    _walk(engine, plan.id, ["submitted", "under_review"])
    with pytest.raises(ValidationError) as refused:
        write(engine, move_plan, actor=COORDINATOR_ACTOR, plan_id=plan.id, to_status="rejected",
              occurred_on=date(2015, 7, 1), comment="   ")
    assert _problems(refused.value) == {("comment", "error.plan_reason_required")}
    session.expire_all()
    assert session.get(BusinessPlan, plan.id).status == "under_review"
    assert _count(session, PlanTransition) == 3


def test_return_without_a_reason_is_refused(engine, session, project):
    plan = _new_plan(engine, session, project)
    _walk(engine, plan.id, ["submitted", "under_review"])
    with pytest.raises(ValidationError) as refused:
        write(engine, move_plan, actor=COORDINATOR_ACTOR, plan_id=plan.id, to_status="returned",
              occurred_on=date(2015, 7, 1))
    assert _problems(refused.value) == {("comment", "error.plan_reason_required")}
    assert _count(session, PlanTransition) == 3


def test_approval_without_amount_or_above_the_request_is_refused(engine, session, project):
    plan = _new_plan(engine, session, project)
    _walk(engine, plan.id, ["submitted", "under_review"])
    for amount, key in ((None, "error.required"), ("20000", "error.plan_approved_above_requested")):
        with pytest.raises(ValidationError) as refused:
            write(engine, move_plan, actor=COORDINATOR_ACTOR, plan_id=plan.id, to_status="approved",
                  occurred_on=date(2015, 7, 1), approved_mad=amount)
        assert _problems(refused.value) == {("approved_mad", key)}
    session.expire_all()
    assert session.get(BusinessPlan, plan.id).approved_mad is None
    assert _count(session, PlanTransition) == 3


def test_move_dated_before_the_previous_move_is_refused(engine, session, project):
    plan = _new_plan(engine, session, project)
    with pytest.raises(ValidationError) as refused:
        write(engine, move_plan, actor=COORDINATOR_ACTOR, plan_id=plan.id, to_status="submitted",
              occurred_on=date(2015, 5, 1))
    assert _problems(refused.value) == {("occurred_on", "error.plan_date_before_previous")}
    assert _count(session, PlanTransition) == 1


def test_move_to_disbursed_asks_for_the_payment_form(engine, session, project):
    plan = _approved(engine, session, project)
    with pytest.raises(ValidationError) as refused:
        write(engine, move_plan, actor=COORDINATOR_ACTOR, plan_id=plan.id, to_status="disbursed",
              occurred_on=date(2015, 7, 1))
    assert _problems(refused.value) == {("to_status", "error.plan_disburse_with_amount")}
    assert _count(session, Expenditure) == 0


def test_move_of_a_missing_plan_is_refused(engine, session, project):
    with pytest.raises(ValidationError) as refused:
        write(engine, move_plan, actor=COORDINATOR_ACTOR, plan_id=404, to_status="submitted",
              occurred_on=date(2015, 6, 1))
    assert _problems(refused.value) == {("plan", "error.plan_not_found")}


# --- scoring ---------------------------------------------------------------------------------------------------

def test_score_is_stored_and_rescoring_replaces_it(engine, session, project):
    plan = _new_plan(engine, session, project)
    _walk(engine, plan.id, ["submitted", "under_review"])  # under review on 2015-06-12
    write(engine, score_plan, actor=COORDINATOR_ACTOR, plan_id=plan.id, reviewer="Karim",
          scored_on=date(2015, 6, 14), scores=GOOD_SCORES)
    write(engine, score_plan, actor=COORDINATOR_ACTOR, plan_id=plan.id, reviewer="Karim",
          scored_on=date(2015, 6, 15), scores=GOOD_SCORES | {"market": 5})
    session.expire_all()
    score = session.scalars(select(PlanScore)).one()
    assert (score.market, score.scored_on) == (5, date(2015, 6, 15))


def test_score_outside_one_to_five_is_refused_and_nothing_written(engine, session, project):
    plan = _new_plan(engine, session, project)
    _walk(engine, plan.id, ["submitted", "under_review"])
    with pytest.raises(ValidationError) as refused:
        write(engine, score_plan, actor=COORDINATOR_ACTOR, plan_id=plan.id, reviewer="Karim",
              scored_on=date(2015, 6, 14), scores=GOOD_SCORES | {"market": 6, "capacity": 0})
    assert _problems(refused.value) == {("market", "error.number_too_large"),
                                        ("capacity", "error.number_too_small")}
    assert _count(session, PlanScore) == 0


def test_score_before_review_is_refused(engine, session, project):
    plan = _new_plan(engine, session, project)
    with pytest.raises(ValidationError) as refused:
        write(engine, score_plan, actor=COORDINATOR_ACTOR, plan_id=plan.id, reviewer="Karim",
              scored_on=date(2015, 6, 14), scores=GOOD_SCORES)
    assert ("plan", "error.plan_not_reviewed_yet") in _problems(refused.value)
    assert _count(session, PlanScore) == 0


# --- start-up support ----------------------------------------------------------------------------------------

def test_disbursement_is_an_expenditure_on_the_start_up_line_and_moves_the_plan(engine, session, project):
    plan = _approved(engine, session, project)
    write(engine, record_disbursement, actor=COORDINATOR_ACTOR, plan_id=plan.id, amount_mad="9760",
          spent_on=date(2015, 7, 1))
    session.expire_all()
    spent = session.scalars(select(Expenditure)).one()
    # 9,760 MAD at the 2015 rate of 9.76 MAD per USD = 1,000.00 USD
    assert (spent.currency, spent.amount, spent.units_per_usd, spent.amount_usd, spent.business_plan_id) == (
        "MAD", Decimal("9760.00"), Decimal("9.7600"), Decimal("1000.00"), plan.id)
    assert session.get(BusinessPlan, plan.id).status == "disbursed"
    assert session.scalars(select(PlanTransition.to_status).order_by(PlanTransition.id.desc())).first() == "disbursed"


def test_second_instalment_counts_the_first_against_the_approved_amount(engine, session, project):
    plan = _approved(engine, session, project)  # 12,000 MAD approved
    write(engine, record_disbursement, actor=COORDINATOR_ACTOR, plan_id=plan.id, amount_mad="8000",
          spent_on=date(2015, 7, 1))
    with pytest.raises(ValidationError) as refused:
        # 8,000 already paid + 4,500 = 12,500 > 12,000
        write(engine, record_disbursement, actor=COORDINATOR_ACTOR, plan_id=plan.id, amount_mad="4500",
              spent_on=date(2015, 7, 5))
    assert _problems(refused.value) == {("amount_mad", "error.plan_disbursement_above_approved")}
    assert refused.value.problems[0].params["left"] == "4,000"
    assert _count(session, Expenditure) == 1
    write(engine, record_disbursement, actor=COORDINATOR_ACTOR, plan_id=plan.id, amount_mad="4000",
          spent_on=date(2015, 7, 5))
    assert _count(session, Expenditure) == 2
    assert _count(session, PlanTransition) == 5  # the second payment does not move the plan again


def test_disbursement_above_the_approved_amount_is_refused_and_nothing_written(engine, session, project):
    plan = _approved(engine, session, project)
    with pytest.raises(ValidationError) as refused:
        write(engine, record_disbursement, actor=COORDINATOR_ACTOR, plan_id=plan.id, amount_mad="12000.01",
              spent_on=date(2015, 7, 1))
    assert _problems(refused.value) == {("amount_mad", "error.plan_disbursement_above_approved")}
    session.expire_all()
    assert _count(session, Expenditure) == 0
    assert session.get(BusinessPlan, plan.id).status == "approved"


def test_disbursement_to_a_plan_not_approved_is_refused(engine, session, project):
    plan = _new_plan(engine, session, project)
    with pytest.raises(ValidationError) as refused:
        write(engine, record_disbursement, actor=COORDINATOR_ACTOR, plan_id=plan.id, amount_mad="100",
              spent_on=date(2015, 7, 1))
    assert _problems(refused.value) == {("plan", "error.plan_not_approved")}
    assert _count(session, Expenditure) == 0


def test_disbursement_without_a_start_up_line_is_refused(engine, session):
    project = make_pipeline_project(session, with_line=False)
    make_participant(session, project, "CAS-0001")
    session.commit()
    plan = _approved(engine, session, project)
    with pytest.raises(ValidationError) as refused:
        write(engine, record_disbursement, actor=COORDINATOR_ACTOR, plan_id=plan.id, amount_mad="100",
              spent_on=date(2015, 7, 1))
    assert _problems(refused.value) == {("plan", "error.plan_no_start_up_line")}
    assert _count(session, Expenditure) == 0


# --- follow-up of the enterprise -----------------------------------------------------------------------------

def test_mentoring_visit_is_stored(engine, session, project):
    plan = _launched(engine, session, project)
    write(engine, record_mentoring_visit, actor=COORDINATOR_ACTOR, plan_id=plan.id, visit_date=date(2015, 8, 20),
          revenue_band="1000_3000", notes="Bookkeeping checked")
    visit = session.scalars(select(MentoringVisit)).one()
    assert (visit.visit_date, visit.revenue_band) == (date(2015, 8, 20), "1000_3000")


def test_mentoring_visit_of_an_unlaunched_plan_is_refused_and_nothing_written(engine, session, project):
    plan = _approved(engine, session, project)
    with pytest.raises(ValidationError) as refused:
        write(engine, record_mentoring_visit, actor=COORDINATOR_ACTOR, plan_id=plan.id,
              visit_date=date(2015, 8, 20), revenue_band="lt_1000")
    assert _problems(refused.value) == {("plan", "error.plan_not_launched")}
    assert _count(session, MentoringVisit) == 0


def test_mentoring_visit_with_an_unknown_band_is_refused_and_nothing_written(engine, session, project):
    plan = _launched(engine, session, project)
    with pytest.raises(ValidationError) as refused:
        write(engine, record_mentoring_visit, actor=COORDINATOR_ACTOR, plan_id=plan.id,
              visit_date=date(2015, 8, 20), revenue_band="millions")
    assert _problems(refused.value) == {("revenue_band", "error.plan_revenue_band_unknown")}
    assert _count(session, MentoringVisit) == 0


def test_enterprise_status_is_stored_and_corrected(engine, session, project):
    plan = _launched(engine, session, project)
    for status in ("operating", "closed"):
        write(engine, record_enterprise_status, actor=COORDINATOR_ACTOR, plan_id=plan.id, months_after=3,
              observed_on=date(2015, 10, 15), status=status)
    assert session.scalars(select(EnterpriseStatus.status)).all() == ["closed"]


def test_enterprise_status_refuses_unknown_months_and_status(engine, session, project):
    plan = _launched(engine, session, project)
    with pytest.raises(ValidationError) as refused:
        write(engine, record_enterprise_status, actor=COORDINATOR_ACTOR, plan_id=plan.id, months_after=9,
              observed_on=date(2015, 7, 1), status="thriving")
    assert _problems(refused.value) == {("months_after", "error.plan_months_unknown"),
                                        ("status", "error.plan_enterprise_status_unknown")}
    assert _count(session, EnterpriseStatus) == 0
