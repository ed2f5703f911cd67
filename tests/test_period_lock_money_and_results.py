"""The period lock (through 31/12/2015, "Committee of January 2016") honoured by every dated write of the money,
pipeline and results side: a record dated inside it is neither created, nor changed, nor moved into it, and the
refusal carries the lock's reason; nothing is written. Reopened, the same entry goes through."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from db.engine import session_factory
from db.models import (
    AuditEntry, BudgetLine, BusinessPlan, BusinessPlanOwner, EnterpriseStatus, Indicator, Milestone, PeriodLock,
    PlanScore, PlanTransition, ResultLevel, WorkplanActivity,
)
from db.services import budget, business_plans, results, stakeholder_events, workplan
from db.services.period_locks import reopen_period
from domain.budget_inputs import ExpenditureInput
from domain.errors import ValidationError
from domain.inputs import parse
from domain.plan_inputs import (
    DisbursementInput, EnterpriseStatusInput, MentoringVisitInput, PlanInput, PlanMove, PlanScoreInput,
)
from domain.results_inputs import ResultReport
from domain.stakeholder_inputs import (
    ActionPointInput, ActionPointMove, EventChange, EventInput, LearningInput, ParticipationInput,
)
from domain.workplan_inputs import ActivityProgress, MilestoneReached
from tests.enterprise_factories import make_participant, make_pipeline_project
from tests.factories import ADMIN_ACTOR, COORDINATOR_ACTOR as COORD
from tests.stakeholder_factories import make_action_point, make_event, make_institution

REASON = "Committee of January 2016"
INSIDE, AFTER = date(2015, 11, 2), date(2016, 1, 12)
SCORES = {"viability": 4, "market": 3, "feasibility": 5, "financial_plan": 4, "capacity": 4}


def _plan(session, project, owner, code: str, status: str, *moves: tuple[str, date]) -> BusinessPlan:
    plan = BusinessPlan(project_id=project.id, code=code, business_idea="Stall", sector="Retail", city="Rabat",
                        requested_mad=Decimal(12000), mad_per_usd=Decimal("9.76"), status=status,
                        approved_mad=Decimal(12000) if status != "under_review" else None, created_on=date(2015, 6, 1))
    session.add(plan)
    session.flush()
    session.add(BusinessPlanOwner(plan_id=plan.id, participant_id=owner.id))
    session.add_all(PlanTransition(plan_id=plan.id, from_status=None, to_status=s, occurred_on=d, actor="coord")
                    for s, d in moves)
    return plan


@pytest.fixture
def world(session):
    """One of each dated record, some inside the locked period and some after it."""
    project = make_pipeline_project(session)
    owner = make_participant(session, project, "RAB-0001", city="Rabat")
    reviewed = _plan(session, project, owner, "BP-001", "under_review", ("under_review", date(2015, 6, 10)))
    approved = _plan(session, project, owner, "BP-002", "approved", ("approved", date(2015, 6, 20)))
    launched = _plan(session, project, owner, "BP-003", "launched", ("launched", date(2015, 7, 15)))
    session.flush()
    session.add(PlanScore(plan_id=reviewed.id, reviewer="Karim", scored_on=date(2015, 6, 15), **SCORES))
    session.add(EnterpriseStatus(plan_id=launched.id, months_after=3, observed_on=date(2015, 10, 15),
                                 status="operating"))
    line = BudgetLine(project_id=project.id, code="VT", name="Training", category="operational",
                      amount_usd=Decimal(100000))
    level = ResultLevel(project_id=project.id, kind="outcome", code="1", statement="Jobs")
    session.add_all([line, level])
    session.flush()
    indicator = Indicator(level_id=level.id, code="1a", name="Events held", unit="events", source="reported")
    ministry = make_institution(session, "MCMREAM")
    locked_event = make_event(session, project, start=date(2015, 6, 10))
    open_event = make_event(session, project, start=date(2016, 3, 1))
    point = make_action_point(session, locked_event, ministry, due=None, history=(("open", date(2015, 6, 10)),))
    activity = WorkplanActivity(project_id=project.id, component="management", code="A1", name="Reporting",
                                planned_start=date(2015, 1, 1), planned_end=date(2016, 12, 31),
                                actual_start=date(2015, 2, 1), percent_complete=10)
    waiting = WorkplanActivity(project_id=project.id, component="management", code="A2", name="Audit",
                               planned_start=date(2015, 9, 1), planned_end=date(2016, 12, 31))
    done = Milestone(project_id=project.id, kind="interim_report", name="Interim report", due_date=date(2015, 5, 31),
                     done_on=date(2015, 5, 1))
    pending = Milestone(project_id=project.id, kind="final_report", name="Final report", due_date=date(2017, 5, 31))
    session.add_all([indicator, activity, waiting, done, pending])
    session.add(PeriodLock(project_id=project.id, locked_through=date(2015, 12, 31), locked_by="boss", reason=REASON))
    session.commit()
    return dict(project=project.id, owner=owner.id, reviewed=reviewed.id, approved=approved.id,
                launched=launched.id, line=line.id, indicator=indicator.id, ministry=ministry.id,
                locked_event=locked_event.id, open_event=open_event.id, point=point.id, activity=activity.id, waiting=waiting.id,
                done=done.id, pending=pending.id)


EVENT = dict(event_type="workshop", title="Workshop", end_date=date(2016, 3, 1), city="Rabat")

# Each use case with a date inside the lock (or a record already inside it): (name, call(session, ids)).
WRITES = [
    ("create a plan", lambda s, w: business_plans.create_plan(s, actor=COORD, project_id=w["project"], given=parse(
        PlanInput, owners=[w["owner"]], business_idea="Shop", sector="Retail", city="Rabat", requested_mad="9000",
        created_on=INSIDE))),
    ("decide on a plan", lambda s, w: business_plans.move_plan(s, actor=COORD, given=parse(
        PlanMove, plan_id=w["reviewed"], to_status="approved", approved_mad="9000", occurred_on=INSIDE))),
    ("score a plan", lambda s, w: business_plans.score_plan(s, actor=COORD, given=parse(
        PlanScoreInput, plan_id=w["reviewed"], reviewer="Nadia", scored_on=INSIDE, **SCORES))),
    ("rescore marks given inside the lock", lambda s, w: business_plans.score_plan(s, actor=COORD, given=parse(
        PlanScoreInput, plan_id=w["reviewed"], reviewer="Karim", scored_on=AFTER, **SCORES))),
    ("pay start-up support", lambda s, w: business_plans.record_disbursement(s, actor=COORD, given=parse(
        DisbursementInput, plan_id=w["approved"], amount_mad="1000", spent_on=INSIDE))),
    ("record a mentoring visit", lambda s, w: business_plans.record_mentoring_visit(s, actor=COORD, given=parse(
        MentoringVisitInput, plan_id=w["launched"], visit_date=INSIDE, revenue_band="lt_1000"))),
    ("record an enterprise's status", lambda s, w: business_plans.record_enterprise_status(s, actor=COORD,
        given=parse(EnterpriseStatusInput, plan_id=w["launched"], months_after=6, observed_on=INSIDE,
                    status="operating"))),
    ("correct a status observed inside the lock", lambda s, w: business_plans.record_enterprise_status(
        s, actor=COORD, given=parse(EnterpriseStatusInput, plan_id=w["launched"], months_after=3, observed_on=AFTER,
                                    status="closed"))),
    ("record an expenditure", lambda s, w: budget.record_expenditure(s, actor=COORD, given=parse(
        ExpenditureInput, line_id=w["line"], spent_on=INSIDE, description="Kits", amount="500", currency="USD"))),
    ("report a result", lambda s, w: results.report_result(s, actor=COORD, given=parse(
        ResultReport, indicator_id=w["indicator"], period_start=date(2015, 7, 1), period_end=date(2015, 12, 31),
        value="3"))),
    ("record an event", lambda s, w: stakeholder_events.record_event(s, actor=COORD, project_id=w["project"],
        given=parse(EventInput, EVENT, start_date=INSIDE, end_date=INSIDE))),
    ("move an event out of the lock", lambda s, w: stakeholder_events.update_event(s, actor=COORD, given=parse(
        EventChange, EVENT, event_id=w["locked_event"], start_date=date(2016, 3, 1)))),
    ("move an event into the lock", lambda s, w: stakeholder_events.update_event(s, actor=COORD, given=parse(
        EventChange, EVENT, event_id=w["open_event"], start_date=INSIDE, end_date=INSIDE))),
    ("say who attended a locked event", lambda s, w: stakeholder_events.set_participation(s, actor=COORD,
        given=parse(ParticipationInput, event_id=w["locked_event"], counts={w["ministry"]: (3, 4)}))),
    ("score a locked event", lambda s, w: stakeholder_events.record_learning(s, actor=COORD, given=parse(
        LearningInput, event_id=w["locked_event"], pre_test_avg="50", post_test_avg="70"))),
    ("add an action point to a locked event", lambda s, w: stakeholder_events.add_action_point(s, actor=COORD,
        given=parse(ActionPointInput, event_id=w["locked_event"], text="Map", owner_institution_id=w["ministry"]))),
    ("move an action point inside the lock", lambda s, w: stakeholder_events.change_action_point_status(
        s, actor=COORD, given=parse(ActionPointMove, action_point_id=w["point"], to_status="done",
                                    changed_on=INSIDE))),
    ("date an activity's start inside the lock", lambda s, w: workplan.update_activity(s, actor=COORD, given=parse(
        ActivityProgress, activity_id=w["waiting"], actual_start=INSIDE, actual_end=None, percent_complete=10))),
    ("change an activity's start dated inside the lock", lambda s, w: workplan.update_activity(s, actor=COORD,
        given=parse(ActivityProgress, activity_id=w["activity"], actual_start=AFTER, percent_complete=10))),
    ("change when a milestone was reached inside the lock", lambda s, w: workplan.mark_milestone_done(
        s, actor=COORD, given=parse(MilestoneReached, milestone_id=w["done"], done_on=AFTER))),
    ("say a milestone was reached inside the lock", lambda s, w: workplan.mark_milestone_done(
        s, actor=COORD, given=parse(MilestoneReached, milestone_id=w["pending"], done_on=INSIDE))),
]


def _audits(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(AuditEntry))


@pytest.mark.parametrize("name, write", WRITES, ids=[name for name, _ in WRITES])
def test_a_write_dated_inside_the_locked_period_is_refused_with_the_reason(engine, session, world, name, write):
    before = _audits(session)
    with pytest.raises(ValidationError) as refused:
        with session_factory(engine)() as s, s.begin():
            write(s, world)
    locked = [p for p in refused.value.problems if p.key == "error.period_locked"]
    assert locked and locked[0].params == {"locked": "2015-12-31", "reason": REASON}
    assert _audits(session) == before  # nothing written


def test_after_reopening_the_same_expenditure_goes_through(engine, session, world):
    expenditure = dict(WRITES)["record an expenditure"]
    with session_factory(engine)() as s, s.begin():
        reopen_period(s, actor=ADMIN_ACTOR, project_id=world["project"], reason="Late invoice accepted")
    with session_factory(engine)() as s, s.begin():
        row = expenditure(s, world)
        assert (row.spent_on, row.amount_usd) == (INSIDE, Decimal("500.00"))


def test_an_activity_advancing_its_percent_is_not_held_by_a_date_it_keeps(engine, session, world):
    """Only a date that changes is asked: an activity that started inside the lock keeps that date and may
    still report its progress."""
    with session_factory(engine)() as s, s.begin():
        workplan.update_activity(s, actor=COORD, given=parse(
            ActivityProgress, activity_id=world["activity"], actual_start=date(2015, 2, 1), percent_complete=60))
    session.expire_all()
    assert session.get(WorkplanActivity, world["activity"]).percent_complete == 60
