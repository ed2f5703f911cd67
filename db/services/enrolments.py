"""Joining a training group and leaving it: enrolment, completion, assessment, certification, drop-out."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from domain.errors import Problem, ValidationError, check
from db.models import Enrolment, Participant
from db.services.training_groups import get_group, get_project, in_period, open_group_for


def _period(project) -> dict[str, str]:
    return {"start": project.start_date.isoformat(), "end": project.end_date.isoformat()}


def places_taken(session: Session, group_id: int) -> int:
    """Enrolments that hold a place: everyone enrolled except those who dropped out."""
    return session.scalar(select(func.count()).select_from(Enrolment).where(
        Enrolment.group_id == group_id, Enrolment.status != "dropped_out")) or 0


def enrol(session: Session, *, actor: Actor, group_id: int, participant_id: int, enrolled_on: date | None,
          over_capacity_reason: str | None = None) -> Enrolment:
    """Enrol a participant once in a group; a full group takes her only with a stated reason."""
    require_role(actor, ADMIN, COORDINATOR)
    group = get_group(session, group_id)
    project = get_project(session, group.project_id)
    problems = open_group_for(session, group)
    person = session.get(Participant, participant_id)
    if person is None or person.project_id != group.project_id:
        problems.append(Problem("participant_id", "error.participant_not_found"))
    elif session.scalar(select(func.count()).select_from(Enrolment).where(
            Enrolment.group_id == group_id, Enrolment.participant_id == participant_id)):
        problems.append(Problem("participant_id", "error.enrolment_duplicate", {"code": person.code}))
    if not in_period(enrolled_on, project.start_date, project.end_date):
        problems.append(Problem("enrolled_on", "error.training_date_outside_project", _period(project)))
    elif enrolled_on > group.planned_end:
        problems.append(Problem("enrolled_on", "error.enrolment_after_group_end"))
    reason = (over_capacity_reason or "").strip() or None
    taken = places_taken(session, group_id)
    if taken >= group.capacity and reason is None:
        problems.append(Problem("over_capacity_reason", "error.enrolment_over_capacity",
                                {"capacity": group.capacity, "taken": taken}))
    check(problems)
    enrolment = Enrolment(group_id=group_id, participant_id=participant_id, enrolled_on=enrolled_on,
                          over_capacity_reason=reason if taken >= group.capacity else None, status="enrolled")
    session.add(enrolment)
    session.flush()
    audit.record(session, actor=actor, action="enrol", entity="enrolment", entity_id=enrolment.id,
                 group=group.code, participant=person.code, over_capacity=taken >= group.capacity)
    return enrolment


def get_enrolment(session: Session, enrolment_id: int) -> Enrolment:
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None:
        raise ValidationError([Problem("enrolment", "error.enrolment_not_found")])
    return enrolment


def record_result(session: Session, *, actor: Actor, enrolment_id: int, completed: bool,
                  completed_on: date | None = None, assessment_score: Decimal | float | None = None,
                  certified: bool = False, certified_on: date | None = None) -> Enrolment:
    """Record whether she completed, her assessment score (0–100) and her certificate."""
    require_role(actor, ADMIN, COORDINATOR)
    enrolment = get_enrolment(session, enrolment_id)
    project = get_project(session, get_group(session, enrolment.group_id).project_id)
    problems: list[Problem] = []
    if enrolment.status == "dropped_out":
        problems.append(Problem("status", "error.enrolment_already_dropped_out"))
    if completed and not in_period(completed_on, enrolment.enrolled_on, project.end_date):
        problems.append(Problem("completed_on", "error.training_date_between",
                                {"start": enrolment.enrolled_on.isoformat(), "end": project.end_date.isoformat()}))
    score = None if assessment_score is None else Decimal(str(assessment_score))
    if score is not None and not Decimal(0) <= score <= Decimal(100):
        problems.append(Problem("assessment_score", "error.enrolment_score_range"))
    if certified and not completed:
        problems.append(Problem("certified", "error.enrolment_certified_needs_completion"))
    if certified and not in_period(certified_on, completed_on or enrolment.enrolled_on, project.end_date):
        problems.append(Problem("certified_on", "error.training_date_between",
                                {"start": (completed_on or enrolment.enrolled_on).isoformat(),
                                 "end": project.end_date.isoformat()}))
    check(problems)
    enrolment.status = "completed" if completed else "enrolled"
    enrolment.completed_on = completed_on if completed else None
    enrolment.assessment_score = score
    enrolment.certified = bool(certified)
    enrolment.certified_on = certified_on if certified else None
    audit.record(session, actor=actor, action="record_result", entity="enrolment", entity_id=enrolment.id,
                 completed=completed, score=score, certified=certified)
    return enrolment


def drop_out(session: Session, *, actor: Actor, enrolment_id: int, reason: str, dropped_on: date | None) -> Enrolment:
    """Record that she left the training, when and why (the reason is required)."""
    require_role(actor, ADMIN, COORDINATOR)
    enrolment = get_enrolment(session, enrolment_id)
    project = get_project(session, get_group(session, enrolment.group_id).project_id)
    problems: list[Problem] = []
    if enrolment.status == "dropped_out":
        problems.append(Problem("status", "error.enrolment_already_dropped_out"))
    if not (reason or "").strip():
        problems.append(Problem("reason", "error.enrolment_dropout_reason_required"))
    if not in_period(dropped_on, enrolment.enrolled_on, project.end_date):
        problems.append(Problem("dropped_on", "error.training_date_between",
                                {"start": enrolment.enrolled_on.isoformat(), "end": project.end_date.isoformat()}))
    check(problems)
    enrolment.status, enrolment.dropout_reason, enrolment.dropout_on = "dropped_out", reason.strip(), dropped_on
    enrolment.completed_on, enrolment.certified, enrolment.certified_on = None, False, None
    audit.record(session, actor=actor, action="drop_out", entity="enrolment", entity_id=enrolment.id,
                 reason=reason.strip())
    return enrolment
