"""Updating where workplan activities and milestones stand."""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from domain.errors import Problem, check
from db.models import Milestone, WorkplanActivity


def update_activity(session: Session, *, actor: Actor, activity_id: int, actual_start: date | None,
                    actual_end: date | None, percent_complete: int) -> WorkplanActivity:
    """Record an activity's actual (or forecast) dates and its % complete."""
    require_role(actor, ADMIN, COORDINATOR)
    problems: list[Problem] = []
    activity = session.get(WorkplanActivity, activity_id) if activity_id else None
    if activity is None:
        problems.append(Problem("activity", "error.progress_activity_unknown"))
    if actual_end is not None and actual_start is None:
        problems.append(Problem("actual_start", "error.progress_start_before_end"))
    elif actual_start and actual_end and actual_end < actual_start:
        problems.append(Problem("actual_end", "error.progress_end_before_start"))
    if not isinstance(percent_complete, int) or not 0 <= percent_complete <= 100:
        problems.append(Problem("percent_complete", "error.progress_percent_range"))
    check(problems)
    activity.actual_start, activity.actual_end, activity.percent_complete = actual_start, actual_end, percent_complete
    audit.record(session, actor=actor, action="update", entity="workplan_activity", entity_id=activity.id,
                 actual_start=actual_start, actual_end=actual_end, percent_complete=percent_complete)
    return activity


def mark_milestone_done(session: Session, *, actor: Actor, milestone_id: int, done_on: date | None) -> Milestone:
    """Say on which day a milestone was reached."""
    require_role(actor, ADMIN, COORDINATOR)
    problems: list[Problem] = []
    milestone = session.get(Milestone, milestone_id) if milestone_id else None
    if milestone is None:
        problems.append(Problem("milestone", "error.progress_milestone_unknown"))
    if done_on is None:
        problems.append(Problem("done_on", "error.required"))
    check(problems)
    milestone.done_on = done_on
    audit.record(session, actor=actor, action="update", entity="milestone", entity_id=milestone.id, done_on=done_on)
    return milestone
