"""Updating where workplan activities and milestones stand.

A date that changes may neither leave nor enter a locked period (its old and its new value are both
asked); an activity that merely advances its % complete is not dated by it."""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.concurrency import check_version, lock_row
from db.models import Milestone, WorkplanActivity
from db.services.period_locks import lock_problems
from domain.errors import Problem, ValidationError, check
from domain.workplan_inputs import ActivityProgress, MilestoneReached

ACTIVITY_FIELDS = ("actual_start", "actual_end", "percent_complete")


def _changed_date_problems(session: Session, project_id: int, field: str, old: date | None,
                           new: date | None) -> list[Problem]:
    if old == new:
        return []
    return [p for day in (old, new) for p in lock_problems(session, project_id=project_id, field=field, day=day)][:1]


def update_activity(session: Session, *, actor: Actor, given: ActivityProgress) -> WorkplanActivity:
    """Record an activity's actual (or forecast) dates and its % complete."""
    require_role(actor, ADMIN, COORDINATOR)
    activity = lock_row(session, WorkplanActivity, given.activity_id)
    if activity is None:
        raise ValidationError([Problem("activity", "error.progress_activity_unknown")])
    check_version(session, activity, given.expected_version, entity="workplan_activity", fields=ACTIVITY_FIELDS)
    problems: list[Problem] = []
    if given.actual_end is not None and given.actual_start is None:
        problems.append(Problem("actual_start", "error.progress_start_before_end"))
    elif given.actual_start and given.actual_end and given.actual_end < given.actual_start:
        problems.append(Problem("actual_end", "error.progress_end_before_start"))
    for field in ("actual_start", "actual_end"):
        problems += _changed_date_problems(session, activity.project_id, field, getattr(activity, field),
                                           getattr(given, field))
    check(problems)
    before = audit.snapshot(activity, ACTIVITY_FIELDS)
    for field in ACTIVITY_FIELDS:
        setattr(activity, field, getattr(given, field))
    session.flush()
    audit.record_update(session, actor=actor, entity="workplan_activity", row=activity, before=before)
    return activity


def mark_milestone_done(session: Session, *, actor: Actor, given: MilestoneReached) -> Milestone:
    """Say on which day a milestone was reached."""
    require_role(actor, ADMIN, COORDINATOR)
    milestone = lock_row(session, Milestone, given.milestone_id)
    if milestone is None:
        raise ValidationError([Problem("milestone", "error.progress_milestone_unknown")])
    check_version(session, milestone, given.expected_version, entity="milestone", fields=("done_on",))
    check(_changed_date_problems(session, milestone.project_id, "done_on", milestone.done_on, given.done_on))
    before = audit.snapshot(milestone, ("done_on",))
    milestone.done_on = given.done_on
    session.flush()
    audit.record_update(session, actor=actor, entity="milestone", row=milestone, before=before)
    return milestone
