"""Joining a training group and leaving it: enrolment, completion, assessment, certification, drop-out."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.concurrency import check_version, lock_row
from db.models import Enrolment, Participant
from db.services.period_locks import lock_problems
from db.services.training_groups import get_group, get_project, lock_group, open_group_for
from domain.errors import Problem, ValidationError, check
from domain.inputs import date_problems
from domain.training_inputs import DropOutInput, EnrolmentInput, ResultInput

RESULT_FIELDS = ("status", "completed_on", "assessment_score", "certified", "certified_on")
DROP_OUT_FIELDS = ("status", "dropout_reason", "dropout_on", "completed_on", "certified", "certified_on")


def places_taken(session: Session, group_id: int) -> int:
    """Enrolments that hold a place: everyone enrolled except those who dropped out."""
    return session.scalar(select(func.count()).select_from(Enrolment).where(
        Enrolment.group_id == group_id, Enrolment.status != "dropped_out")) or 0


def enrol(session: Session, *, actor: Actor, group_id: int, given: EnrolmentInput) -> Enrolment:
    """Enrol a participant once in a group; a full group takes her only with a stated reason.

    The group's row is locked before its places are counted, so concurrent enrolments queue behind each
    other and never fill a group past its capacity without a reason."""
    require_role(actor, ADMIN, COORDINATOR)
    group = lock_group(session, group_id)
    project = get_project(session, group.project_id)
    problems = open_group_for(group)
    person = session.get(Participant, given.participant_id)
    if person is None or person.project_id != group.project_id:
        problems.append(Problem("participant_id", "error.participant_not_found"))
    elif session.scalar(select(func.count()).select_from(Enrolment).where(
            Enrolment.group_id == group_id, Enrolment.participant_id == given.participant_id)):
        problems.append(Problem("participant_id", "error.enrolment_duplicate", {"code": person.code}))
    day = given.enrolled_on
    dated = date_problems("enrolled_on", day, project.start_date, project.end_date)
    if not dated and day > group.planned_end:
        dated.append(Problem("enrolled_on", "error.enrolment_after_group_end"))
    problems += dated + lock_problems(session, project_id=group.project_id, field="enrolled_on", day=day)
    taken = places_taken(session, group_id)
    full = taken >= group.capacity
    if full and given.over_capacity_reason is None:
        problems.append(Problem("over_capacity_reason", "error.enrolment_over_capacity",
                                {"capacity": group.capacity, "taken": taken}))
    check(problems)
    enrolment = Enrolment(group_id=group_id, participant_id=given.participant_id, enrolled_on=day,
                          over_capacity_reason=given.over_capacity_reason if full else None, status="enrolled")
    session.add(enrolment)
    session.flush()
    audit.record(session, actor=actor, action="enrol", entity="enrolment", entity_id=enrolment.id,
                 group=group.code, participant=person.code, over_capacity=full)
    return enrolment


def get_enrolment(session: Session, enrolment_id: int) -> Enrolment:
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None:
        raise ValidationError([Problem("enrolment", "error.enrolment_not_found")])
    return enrolment


def lock_enrolment(session: Session, enrolment_id: int) -> Enrolment:
    """The enrolment, locked until the transaction ends, or a refusal naming it as gone."""
    enrolment = lock_row(session, Enrolment, enrolment_id)
    if enrolment is None:
        raise ValidationError([Problem("enrolment", "error.enrolment_not_found")])
    return enrolment


def _between(field: str, day, start, end) -> list[Problem]:
    if day is not None and start <= day <= end:
        return []
    return [Problem(field, "error.training_date_between", {"start": start.isoformat(), "end": end.isoformat()})]


def _locked(session: Session, project_id: int, **days) -> list[Problem]:
    """The period lock for each dated field, old and new dates alike (None is never locked)."""
    return [p for field, values in days.items() for day in dict.fromkeys(values)
            for p in lock_problems(session, project_id=project_id, field=field, day=day)]


def record_result(session: Session, *, actor: Actor, given: ResultInput) -> Enrolment:
    """Record whether she completed, her assessment score (0–100) and her certificate, against the version
    the form loaded; a completion or certificate dated inside a locked period neither changes nor moves in."""
    require_role(actor, ADMIN, COORDINATOR)
    enrolment = lock_enrolment(session, given.enrolment_id)
    check_version(session, enrolment, given.expected_version, entity="enrolment", fields=RESULT_FIELDS)
    project = get_project(session, get_group(session, enrolment.group_id).project_id)
    problems: list[Problem] = []
    if enrolment.status == "dropped_out":
        problems.append(Problem("status", "error.enrolment_already_dropped_out"))
    completed_on = given.completed_on if given.completed else None
    certified_on = given.certified_on if given.certified else None
    if given.completed:
        problems += (date_problems("completed_on", completed_on, project.start_date, project.end_date)
                     or _between("completed_on", completed_on, enrolment.enrolled_on, project.end_date))
    if given.certified:
        start = completed_on or enrolment.enrolled_on
        problems += (date_problems("certified_on", certified_on, project.start_date, project.end_date)
                     or _between("certified_on", certified_on, start, project.end_date))
    problems += _locked(session, project.id, completed_on=(enrolment.completed_on, completed_on),
                        certified_on=(enrolment.certified_on, certified_on))
    check(problems)
    before = audit.snapshot(enrolment, RESULT_FIELDS)
    enrolment.status = "completed" if given.completed else "enrolled"
    enrolment.completed_on, enrolment.assessment_score = completed_on, given.assessment_score
    enrolment.certified, enrolment.certified_on = given.certified, certified_on
    session.flush()
    audit.record_update(session, actor=actor, entity="enrolment", row=enrolment, before=before,
                        action="record_result")
    return enrolment


def drop_out(session: Session, *, actor: Actor, given: DropOutInput) -> Enrolment:
    """Record that she left the training, when and why (the reason is required)."""
    require_role(actor, ADMIN, COORDINATOR)
    enrolment = lock_enrolment(session, given.enrolment_id)
    check_version(session, enrolment, given.expected_version, entity="enrolment", fields=DROP_OUT_FIELDS)
    project = get_project(session, get_group(session, enrolment.group_id).project_id)
    problems: list[Problem] = []
    if enrolment.status == "dropped_out":
        problems.append(Problem("status", "error.enrolment_already_dropped_out"))
    day = given.dropped_on
    problems += (date_problems("dropped_on", day, project.start_date, project.end_date)
                 or _between("dropped_on", day, enrolment.enrolled_on, project.end_date))
    # Dropping out clears a recorded completion and certificate: those dates must be open too.
    problems += _locked(session, project.id, dropped_on=(day,),
                        completed_on=(enrolment.completed_on,), certified_on=(enrolment.certified_on,))
    check(problems)
    before = audit.snapshot(enrolment, DROP_OUT_FIELDS)
    enrolment.status, enrolment.dropout_reason, enrolment.dropout_on = "dropped_out", given.reason, day
    enrolment.completed_on, enrolment.certified, enrolment.certified_on = None, False, None
    session.flush()
    audit.record_update(session, actor=actor, entity="enrolment", row=enrolment, before=before, action="drop_out")
    return enrolment
