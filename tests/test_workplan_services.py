"""Updating workplan activities and milestones."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from db.engine import session_factory
from domain.errors import PermissionDenied, ValidationError
from db.models import AuditEntry, Milestone, WorkplanActivity
from db.services import workplan
from domain.inputs import parse
from domain.workplan_inputs import ActivityProgress, MilestoneReached
from tests.factories import COORDINATOR_ACTOR, VIEWER_ACTOR, make_project


# The use cases as the timeline page calls them: raw values parsed into the input, then the service.
def update_activity(s, *, actor, **raw):
    return workplan.update_activity(s, actor=actor, given=parse(ActivityProgress, raw))


def mark_milestone_done(s, *, actor, **raw):
    return workplan.mark_milestone_done(s, actor=actor, given=parse(MilestoneReached, raw))


def _write(engine, fn, **kwargs):
    with session_factory(engine)() as s, s.begin():
        return fn(s, **kwargs)


@pytest.fixture
def plan(session):
    project = make_project(session)
    activity = WorkplanActivity(project_id=project.id, component="management", code="A4.1", name="Reporting",
                                planned_start=date(2014, 7, 1), planned_end=date(2017, 2, 28))
    milestone = Milestone(project_id=project.id, kind="final_report", name="Final report", due_date=date(2017, 5, 31))
    session.add_all([activity, milestone])
    session.commit()
    return {"activity": activity.id, "milestone": milestone.id}


def test_coordinator_updates_an_activity(engine, session, plan):
    _write(engine, update_activity, actor=COORDINATOR_ACTOR, activity_id=plan["activity"],
           actual_start=date(2014, 7, 3), actual_end=None, percent_complete=40)
    stored = session.get(WorkplanActivity, plan["activity"])
    assert (stored.actual_start, stored.actual_end, stored.percent_complete) == (date(2014, 7, 3), None, 40)


def test_bad_activity_dates_are_refused(engine, session, plan):
    with pytest.raises(ValidationError) as refused:
        _write(engine, update_activity, actor=COORDINATOR_ACTOR, activity_id=plan["activity"],
               actual_start=date(2015, 1, 1), actual_end=date(2014, 1, 1), percent_complete=40)
    assert {(p.field, p.key) for p in refused.value.problems} == {("actual_end", "error.progress_end_before_start")}
    with pytest.raises(ValidationError) as refused:
        _write(engine, update_activity, actor=COORDINATOR_ACTOR, activity_id=plan["activity"],
               actual_start=date(2015, 1, 1), actual_end=None, percent_complete=140)
    assert {(p.field, p.key) for p in refused.value.problems} == {("percent_complete", "error.number_too_large")}
    session.expire_all()
    assert session.get(WorkplanActivity, plan["activity"]).actual_start is None
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_milestone_done_needs_a_date_and_a_data_role(engine, session, plan):
    with pytest.raises(ValidationError):
        _write(engine, mark_milestone_done, actor=COORDINATOR_ACTOR, milestone_id=plan["milestone"], done_on=None)
    with pytest.raises(PermissionDenied):
        _write(engine, mark_milestone_done, actor=VIEWER_ACTOR, milestone_id=plan["milestone"],
               done_on=date(2017, 5, 20))
    _write(engine, mark_milestone_done, actor=COORDINATOR_ACTOR, milestone_id=plan["milestone"],
           done_on=date(2017, 5, 20))
    session.expire_all()
    assert session.get(Milestone, plan["milestone"]).done_on == date(2017, 5, 20)
