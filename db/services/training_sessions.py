"""One training day of a group with the attendance of everyone enrolled, written in one transaction."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import attendance_summary, audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.models import Attendance, Enrolment, Participant, TrainingSession
from db.services.period_locks import lock_problems
from db.services.training_groups import get_project, lock_group, open_group_for
from domain.errors import Problem, check
from domain.inputs import date_problems
from domain.training_inputs import SessionInput


def expected_at(session: Session, group_id: int, on: date) -> dict[int, int]:
    """Participant id → enrolment id of everyone expected at a session on `on` (not dropped out before it)."""
    rows = session.execute(select(Enrolment.participant_id, Enrolment.id, Enrolment.status, Enrolment.dropout_on)
                           .where(Enrolment.group_id == group_id)).all()
    return {p: e for p, e, status, left in rows
            if not (status == "dropped_out" and left is not None and left <= on)}


def record_session(session: Session, *, actor: Actor, group_id: int, given: SessionInput) -> TrainingSession:
    """Record a session and, for each participant id in `given.marks`, whether she was present.

    Every participant expected that day must be marked; a participant not enrolled is refused. The group's
    row is locked first, so an enrolment or another session of the group cannot slip in between the checks
    and the write; a session dated inside a locked period is refused."""
    require_role(actor, ADMIN, COORDINATOR)
    group = lock_group(session, group_id)
    project = get_project(session, group.project_id)
    problems = open_group_for(group)
    day, topic, marks = given.session_date, given.topic, given.marks
    dated = date_problems("session_date", day, project.start_date, project.end_date)
    if not dated and not group.planned_start <= day <= group.planned_end:
        dated.append(Problem("session_date", "error.session_date_outside_group",
                             {"start": group.planned_start.isoformat(), "end": group.planned_end.isoformat()}))
    problems += dated + lock_problems(session, project_id=group.project_id, field="session_date", day=day)
    if day and session.scalar(select(func.count()).select_from(TrainingSession).where(
            TrainingSession.group_id == group_id, TrainingSession.session_date == day,
            TrainingSession.topic == topic)):
        problems.append(Problem("topic", "error.session_exists"))
    expected = expected_at(session, group_id, day or date.min)
    strangers = sorted(set(marks) - set(expected))
    if strangers:
        codes = session.scalars(select(Participant.code).where(Participant.id.in_(strangers))).all()
        problems.append(Problem("marks", "error.session_not_enrolled",
                                {"codes": ", ".join(sorted(codes)) or ", ".join(map(str, strangers))}))
    unmarked = sorted(set(expected) - set(marks))
    if day and unmarked:
        codes = session.scalars(select(Participant.code).where(Participant.id.in_(unmarked))).all()
        problems.append(Problem("marks", "error.session_attendance_missing", {"codes": ", ".join(sorted(codes))}))
    check(problems)
    training = TrainingSession(group_id=group_id, session_date=day, topic=topic, hours=given.hours)
    session.add(training)
    session.flush()
    session.add_all(Attendance(session_id=training.id, enrolment_id=expected[p], present=marks[p])
                    for p in expected)
    attendance_summary.refresh(session, enrolment_ids=expected.values(), days=[day])
    if group.status == "planned":
        group.status = "open"
    session.flush()
    audit.record(session, actor=actor, action="record_session", entity="training_session",
                 entity_id=training.id, group=group.code, present=sum(marks[p] for p in expected),
                 marked=len(expected))
    return training
