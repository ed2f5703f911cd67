"""One training day of a group with the attendance of everyone enrolled, written in one transaction."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import attendance_summary, audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from domain.errors import Problem, check
from db.models import Attendance, Enrolment, Participant, TrainingSession
from db.services.training_groups import get_group, get_project, in_period, open_group_for

MAX_SESSION_HOURS = Decimal(12)


def expected_at(session: Session, group_id: int, on: date) -> dict[int, int]:
    """Participant id → enrolment id of everyone expected at a session on `on` (not dropped out before it)."""
    rows = session.execute(select(Enrolment.participant_id, Enrolment.id, Enrolment.status, Enrolment.dropout_on)
                           .where(Enrolment.group_id == group_id)).all()
    return {p: e for p, e, status, left in rows
            if not (status == "dropped_out" and left is not None and left <= on)}


def record_session(session: Session, *, actor: Actor, group_id: int, session_date: date | None, topic: str,
                   hours: Decimal | float | int | None, marks: Mapping[int, bool]) -> TrainingSession:
    """Record a session and, for each participant id in `marks`, whether she was present.

    Every participant expected that day must be marked; a participant not enrolled is refused.
    """
    require_role(actor, ADMIN, COORDINATOR)
    group = get_group(session, group_id)
    project = get_project(session, group.project_id)
    problems = open_group_for(session, group)
    if not in_period(session_date, project.start_date, project.end_date):
        problems.append(Problem("session_date", "error.training_date_outside_project",
                                {"start": project.start_date.isoformat(), "end": project.end_date.isoformat()}))
    elif not in_period(session_date, group.planned_start, group.planned_end):
        problems.append(Problem("session_date", "error.session_date_outside_group",
                                {"start": group.planned_start.isoformat(), "end": group.planned_end.isoformat()}))
    topic = (topic or "").strip()
    if not topic:
        problems.append(Problem("topic", "error.required"))
    try:
        hours_value = None if hours is None else Decimal(str(hours))
    except InvalidOperation:
        hours_value = None
    if hours_value is None or not hours_value.is_finite() or hours_value <= 0:
        problems.append(Problem("hours", "error.session_hours_positive"))
    elif hours_value > MAX_SESSION_HOURS:
        problems.append(Problem("hours", "error.session_hours_too_many", {"max": MAX_SESSION_HOURS}))
    if session_date and topic and session.scalar(select(func.count()).select_from(TrainingSession).where(
            TrainingSession.group_id == group_id, TrainingSession.session_date == session_date,
            TrainingSession.topic == topic)):
        problems.append(Problem("topic", "error.session_exists"))
    expected = expected_at(session, group_id, session_date or date.min)
    strangers = sorted(set(marks) - set(expected))
    if strangers:
        codes = session.scalars(select(Participant.code).where(Participant.id.in_(strangers))).all()
        problems.append(Problem("marks", "error.session_not_enrolled",
                                {"codes": ", ".join(sorted(codes)) or ", ".join(map(str, strangers))}))
    unmarked = sorted(set(expected) - set(marks))
    if session_date and unmarked:
        codes = session.scalars(select(Participant.code).where(Participant.id.in_(unmarked))).all()
        problems.append(Problem("marks", "error.session_attendance_missing", {"codes": ", ".join(sorted(codes))}))
    check(problems)
    training = TrainingSession(group_id=group_id, session_date=session_date, topic=topic, hours=hours_value)
    session.add(training)
    session.flush()
    session.add_all(Attendance(session_id=training.id, enrolment_id=expected[p], present=bool(marks[p]))
                    for p in expected)
    attendance_summary.refresh(session, enrolment_ids=expected.values(), days=[session_date])
    if group.status == "planned":
        group.status = "open"
    audit.record(session, actor=actor, action="record_session", entity="training_session",
                 entity_id=training.id, group=group.code, present=sum(bool(marks[p]) for p in expected),
                 marked=len(expected))
    return training
