"""Recording stakeholder events: the event itself, who attended, test scores and action points.

Each use case takes its typed input (domain/stakeholder_inputs.py). An event is dated by its first day:
once the period holding that day is locked, the event, its attendance, its scores and its action points
opened at it may no longer change; an action point's later moves are dated by the day they happened."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.concurrency import check_version, lock_row
from db.models import ActionPoint, ActionPointChange, EventParticipation, Institution, Project, StakeholderEvent
from db.models.stakeholders import ACTION_STATUSES, EVENT_TYPES
from db.services.period_locks import lock_problems
from domain.capacity_building import learning_gain
from domain.errors import Problem, ValidationError, check
from domain.stakeholder_inputs import (
    ActionPointInput, ActionPointMove, EventChange, EventInput, LearningInput, ParticipationInput,
)

EVENT_FIELDS = ("event_type", "title", "start_date", "end_date", "city", "organiser_id", "topics", "facilitators")


def _event_problems(session: Session, project: Project, given: EventInput | EventChange) -> list[Problem]:
    problems: list[Problem] = []
    period = {"start": project.start_date.isoformat(), "end": project.end_date.isoformat()}
    for field in ("start_date", "end_date"):
        if not project.start_date <= getattr(given, field) <= project.end_date:
            problems.append(Problem(field, "error.event_outside_project", period))
    if given.end_date < given.start_date:
        problems.append(Problem("end_date", "error.event_end_before_start"))
    if given.event_type not in EVENT_TYPES:
        problems.append(Problem("event_type", "error.event_type_unknown"))
    if given.organiser_id is not None and session.get(Institution, given.organiser_id) is None:
        problems.append(Problem("organiser_id", "error.institution_not_found"))
    return problems


def _day_open(session: Session, event: StakeholderEvent, field: str = "event") -> list[Problem]:
    """The event's first day is outside any locked period (else nothing recorded at it may change)."""
    return lock_problems(session, project_id=event.project_id, field=field, day=event.start_date)


def record_event(session: Session, *, actor: Actor, project_id: int, given: EventInput) -> StakeholderEvent:
    """Record a training, workshop, policy dialogue, study visit or steering committee meeting."""
    require_role(actor, ADMIN, COORDINATOR)
    project = session.get(Project, project_id)
    if project is None:
        raise ValidationError([Problem("project", "error.event_project_not_found")])
    problems = _event_problems(session, project, given)
    problems += lock_problems(session, project_id=project_id, field="start_date", day=given.start_date)
    check(problems)
    event = StakeholderEvent(project_id=project_id, score_scale=given.score_scale,
                             **{name: getattr(given, name) for name in EVENT_FIELDS})
    session.add(event)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="stakeholder_event", entity_id=event.id,
                 event_type=given.event_type, title=given.title, start_date=given.start_date,
                 end_date=given.end_date)
    return event


def _locked_event(session: Session, event_id: int) -> StakeholderEvent:
    event = lock_row(session, StakeholderEvent, event_id)
    if event is None:
        raise ValidationError([Problem("event", "error.event_not_found")])
    return event


def update_event(session: Session, *, actor: Actor, given: EventChange) -> StakeholderEvent:
    """Correct an event's type, title, dates, place, organiser, topics or facilitators, against the version
    the form loaded; neither its old first day nor its new one may lie in a locked period."""
    require_role(actor, ADMIN, COORDINATOR)
    event = _locked_event(session, given.event_id)
    check_version(session, event, given.expected_version, entity="stakeholder_event", fields=EVENT_FIELDS)
    project = session.get(Project, event.project_id)
    problems = _event_problems(session, project, given)
    for day in {event.start_date, given.start_date}:
        problems += lock_problems(session, project_id=event.project_id, field="start_date", day=day)
    check(problems)
    before = audit.snapshot(event, EVENT_FIELDS)
    for name in EVENT_FIELDS:
        setattr(event, name, getattr(given, name))
    session.flush()
    audit.record_update(session, actor=actor, entity="stakeholder_event", row=event, before=before)
    return event


def set_participation(session: Session, *, actor: Actor, given: ParticipationInput) -> list[EventParticipation]:
    """Replace who attended the event: women and men per institution id. Rows with nobody are dropped.

    Totals are never typed: they are women + men wherever they are shown.
    """
    require_role(actor, ADMIN, COORDINATOR)
    event = _locked_event(session, given.event_id)
    known = set(session.scalars(select(Institution.id).where(Institution.id.in_(list(given.counts)))))
    problems = [Problem("counts", "error.institution_not_found")] if set(given.counts) - known else []
    problems += _day_open(session, event, "counts")
    check(problems)
    session.execute(delete(EventParticipation).where(EventParticipation.event_id == event.id))
    rows = [EventParticipation(event_id=event.id, institution_id=i, women=w, men=m)
            for i, (w, m) in sorted(given.counts.items()) if w or m]
    session.add_all(rows)
    session.flush()
    audit.record(session, actor=actor, action="set_participation", entity="stakeholder_event",
                 entity_id=event.id, institutions=len(rows), women=sum(r.women for r in rows),
                 men=sum(r.men for r in rows))
    return rows


def record_learning(session: Session, *, actor: Actor, given: LearningInput) -> StakeholderEvent:
    """Keep the average pre- and post-test scores of an event (both blank clears them); the gain is computed."""
    require_role(actor, ADMIN, COORDINATOR)
    event = _locked_event(session, given.event_id)
    scale = given.score_scale if given.score_scale is not None else event.score_scale
    pre, post = given.pre_test_avg, given.post_test_avg
    problems: list[Problem] = []
    for field, value in (("pre_test_avg", pre), ("post_test_avg", post)):
        if value is not None and not 0 <= value <= scale:
            problems.append(Problem(field, "error.learning_score_outside_scale", {"scale": f"{scale.normalize():f}"}))
    if (pre is None) != (post is None):
        problems.append(Problem("post_test_avg" if post is None else "pre_test_avg", "error.learning_scores_in_pairs"))
    problems += _day_open(session, event, "pre_test_avg")
    check(problems)
    event.score_scale, event.pre_test_avg, event.post_test_avg = scale, pre, post
    session.flush()
    gain = None if pre is None else learning_gain(pre, post, scale).points
    audit.record(session, actor=actor, action="record_learning", entity="stakeholder_event", entity_id=event.id,
                 pre=pre, post=post, scale=scale, gain=gain)
    return event


def add_action_point(session: Session, *, actor: Actor, given: ActionPointInput) -> ActionPoint:
    """Record a recommendation agreed at an event, opened on the event's first day unless told otherwise."""
    require_role(actor, ADMIN, COORDINATOR)
    event = _locked_event(session, given.event_id)
    opened_on = given.opened_on or event.start_date
    problems: list[Problem] = []
    if given.owner_institution_id is None:
        problems.append(Problem("owner_institution_id", "error.action_point_owner_required"))
    elif session.get(Institution, given.owner_institution_id) is None:
        problems.append(Problem("owner_institution_id", "error.institution_not_found"))
    if opened_on < event.start_date:
        problems.append(Problem("opened_on", "error.action_point_before_event"))
    if given.due_date is not None and given.due_date < event.start_date:
        problems.append(Problem("due_date", "error.action_point_due_before_event"))
    problems += lock_problems(session, project_id=event.project_id, field="opened_on", day=opened_on)
    check(problems)
    point = ActionPoint(event_id=event.id, text=given.text, owner_institution_id=given.owner_institution_id,
                        due_date=given.due_date, status="open")
    session.add(point)
    session.flush()
    session.add(ActionPointChange(action_point_id=point.id, from_status=None, to_status="open",
                                  changed_on=opened_on, actor=actor.username, comment=""))
    audit.record(session, actor=actor, action="create", entity="action_point", entity_id=point.id,
                 event_id=event.id, owner_institution_id=given.owner_institution_id, due_date=given.due_date)
    return point


def change_action_point_status(session: Session, *, actor: Actor, given: ActionPointMove) -> ActionPointChange:
    """Move an action point to another status on the day it happened; every move is kept with who and why.
    The point is locked first, so two moves at once are one after the other, each from the status before it."""
    require_role(actor, ADMIN, COORDINATOR)
    point = lock_row(session, ActionPoint, given.action_point_id)
    if point is None:
        raise ValidationError([Problem("action_point", "error.action_point_not_found")])
    last = session.scalars(select(ActionPointChange).where(ActionPointChange.action_point_id == point.id)
                           .order_by(ActionPointChange.changed_on.desc(), ActionPointChange.id.desc())
                           .limit(1)).first()
    changed_on: date = given.changed_on
    problems: list[Problem] = []
    if given.to_status not in ACTION_STATUSES:
        problems.append(Problem("to_status", "error.action_status_unknown"))
    elif given.to_status == point.status:
        problems.append(Problem("to_status", "error.action_status_unchanged"))
    if last is not None and changed_on < last.changed_on:
        problems.append(Problem("changed_on", "error.action_point_change_before_last",
                                {"day": last.changed_on.strftime("%d/%m/%Y")}))
    project_id = session.scalar(select(StakeholderEvent.project_id).where(StakeholderEvent.id == point.event_id))
    problems += lock_problems(session, project_id=project_id, field="changed_on", day=changed_on)
    check(problems)
    change = ActionPointChange(action_point_id=point.id, from_status=point.status, to_status=given.to_status,
                               changed_on=changed_on, actor=actor.username, comment=given.comment)
    session.add(change)
    point.status = given.to_status
    session.flush()
    audit.record(session, actor=actor, action="change_status", entity="action_point", entity_id=point.id,
                 old=change.from_status, new=given.to_status, changed_on=changed_on)
    return change
