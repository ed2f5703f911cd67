"""Joining a training group and leaving it: enrolment, completion, assessment, certification, drop-out."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import audit, group_outcomes
from db.bulk import insert_rows
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.concurrency import check_version, lock_row
from db.in_lists import chunks
from db.models import Enrolment, Participant, TrainingGroup
from db.services.period_locks import lock_in_force, lock_problems, problems_under_lock
from db.services.training_groups import get_group, get_project, open_group_for
from domain.errors import Problem, ValidationError, check
from domain.inputs import date_problems
from domain.training_inputs import DropOutInput, EnrolmentInput, ResultInput

RESULT_FIELDS = ("status", "completed_on", "assessment_score", "certified", "certified_on")
DROP_OUT_FIELDS = ("status", "dropout_reason", "dropout_on", "completed_on", "certified", "certified_on")
Progress = Callable[[int, int], None]
PROGRESS_EVERY = 250  # requests checked between two progress reports


def places_taken(session: Session, group_id: int) -> int:
    """Enrolments that hold a place: everyone enrolled except those who dropped out."""
    return session.scalar(select(func.count()).select_from(Enrolment).where(
        Enrolment.group_id == group_id, Enrolment.status != "dropped_out")) or 0


@dataclass
class EnrolmentAdmission:
    """What enrolling a list of (group, input) would do, found by reading only: each request's problems (none
    when accepted) and, for the accepted ones, whether she takes a place beyond the group's capacity (as if
    they were enrolled one after the other). `enrol_participants` writes exactly the accepted ones."""

    problems: list[list[Problem]]
    over_capacity: list[bool]
    groups: dict[int, TrainingGroup]
    codes: dict[int, str]  # participant id -> code, of every participant asked about


def _groups(session: Session, group_ids: set[int], *, lock: bool) -> dict[int, TrainingGroup]:
    """The groups asked about, in one statement; locked (in id order) when the caller is about to write."""
    query = select(TrainingGroup).where(TrainingGroup.id.in_(sorted(group_ids))).order_by(TrainingGroup.id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return {g.id: g for g in session.scalars(query)}


def admit_enrolments(session: Session, *, requests: Sequence[tuple[int, EnrolmentInput]], lock: bool = False,
                     progress: Progress | None = None) -> EnrolmentAdmission:
    """THE rules of enrolling, for one form or a spreadsheet's rows, read once for all of them: an open group,
    a participant of its project enrolled there once (in the register or earlier in the list), dated inside
    the project period, not after the group's end nor in a locked period, and a stated reason for a place
    beyond the capacity. `lock` takes the groups' rows first (a write), so places are counted under it."""
    group_ids = {g for g, _given in requests}
    groups = _groups(session, group_ids, lock=lock)
    projects = {p: get_project(session, p) for p in sorted({g.project_id for g in groups.values()})}
    locks = {p: lock_in_force(session, p) for p in projects}
    people: dict[int, tuple[int, str]] = {}
    for chunk in chunks(sorted({given.participant_id for _g, given in requests})):
        people.update((i, (project, code)) for i, project, code in session.execute(
            select(Participant.id, Participant.project_id, Participant.code).where(Participant.id.in_(chunk))))
    enrolled: set[tuple[int, int]] = set()
    taken: dict[int, int] = dict.fromkeys(groups, 0)
    for chunk in chunks(sorted(groups)):
        for group_id, participant_id, status in session.execute(
                select(Enrolment.group_id, Enrolment.participant_id, Enrolment.status)
                .where(Enrolment.group_id.in_(chunk))):
            enrolled.add((group_id, participant_id))
            taken[group_id] += status != "dropped_out"
    admission = EnrolmentAdmission([], [], groups, {i: code for i, (_p, code) in people.items()})
    for index, (group_id, given) in enumerate(requests, start=1):
        group = groups.get(group_id)
        if group is None:
            admission.problems.append([Problem("group", "error.group_not_found")])
            admission.over_capacity.append(False)
            continue
        project = projects[group.project_id]
        problems = open_group_for(group)
        person = people.get(given.participant_id)
        if person is None or person[0] != group.project_id:
            problems.append(Problem("participant_id", "error.participant_not_found"))
        elif (group_id, given.participant_id) in enrolled:
            problems.append(Problem("participant_id", "error.enrolment_duplicate", {"code": person[1]}))
        day = given.enrolled_on
        dated = date_problems("enrolled_on", day, project.start_date, project.end_date)
        if not dated and day > group.planned_end:
            dated.append(Problem("enrolled_on", "error.enrolment_after_group_end"))
        problems += dated + problems_under_lock(locks[group.project_id], field="enrolled_on", day=day)
        full = taken[group_id] >= group.capacity
        if full and given.over_capacity_reason is None:
            problems.append(Problem("over_capacity_reason", "error.enrolment_over_capacity",
                                    {"capacity": group.capacity, "taken": taken[group_id]}))
        admission.problems.append(problems)
        admission.over_capacity.append(full and not problems)
        if not problems:
            enrolled.add((group_id, given.participant_id))
            taken[group_id] += 1
        if progress and (index % PROGRESS_EVERY == 0 or index == len(requests)):
            progress(index, len(requests))
    return admission


def enrol_participants(session: Session, *, actor: Actor, requests: Sequence[tuple[int, EnrolmentInput]],
                       on_input: Callable[[int, list[Problem]], list[Problem]] = lambda _i, problems: problems,
                       progress: Progress | None = None) -> list[int]:
    """Enrol every (group id, input), or none: one ValidationError lists each refused request's problems
    (`on_input(index, problems)` names them, e.g. by spreadsheet row). The groups are locked, the rules
    checked for all at once (`admit_enrolments`), the enrolments inserted in batches with one audit entry
    each. Returns the new enrolments' ids. `progress(done, total)` counts checks then writes."""
    require_role(actor, ADMIN, COORDINATOR)
    total = 2 * len(requests)
    admission = admit_enrolments(session, requests=requests, lock=True,
                                 progress=progress and (lambda done, _n: progress(done, total)))
    check([p for index, problems in enumerate(admission.problems) if problems for p in on_input(index, problems)])
    rows = [{"group_id": group_id, "participant_id": given.participant_id, "enrolled_on": given.enrolled_on,
             "over_capacity_reason": given.over_capacity_reason if full else None, "status": "enrolled"}
            for (group_id, given), full in zip(requests, admission.over_capacity)]
    refused = insert_rows(session, Enrolment.__table__, rows,
                          progress=progress and (lambda done: progress(len(requests) + done, total)))
    check([p for index in refused for p in on_input(index, [Problem("__row__", "error.import_row_refused")])])
    ids = _enrolment_ids(session, {group_id for group_id, _given in requests})
    group_outcomes.touch(session, {group_id for group_id, _given in requests})
    written = [ids[group_id, given.participant_id] for group_id, given in requests]
    audit.record_many(session, actor=actor, action="enrol", entity="enrolment", entries=[
        (enrolment_id, {"group": admission.groups[group_id].code, "participant": admission.codes[given.participant_id],
                        "over_capacity": full})
        for enrolment_id, (group_id, given), full in zip(written, requests, admission.over_capacity)])
    return written


def _enrolment_ids(session: Session, group_ids: set[int]) -> dict[tuple[int, int], int]:
    """(group id, participant id) -> enrolment id of these groups: the ids of rows just inserted, read back by
    their natural key."""
    return {(g, p): i for chunk in chunks(sorted(group_ids)) for i, g, p in session.execute(
        select(Enrolment.id, Enrolment.group_id, Enrolment.participant_id).where(Enrolment.group_id.in_(chunk)))}


def enrol(session: Session, *, actor: Actor, group_id: int, given: EnrolmentInput) -> Enrolment:
    """Enrol a participant once in a group; a full group takes her only with a stated reason.

    The group's row is locked before its places are counted, so concurrent enrolments queue behind each
    other and never fill a group past its capacity without a reason. The rules are the import's
    (`admit_enrolments`)."""
    [enrolment_id] = enrol_participants(session, actor=actor, requests=[(group_id, given)])
    return session.get(Enrolment, enrolment_id)


def get_enrolment(session: Session, enrolment_id: int) -> Enrolment:
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None:
        raise ValidationError([Problem("enrolment", "error.enrolment_not_found")])
    return enrolment


def lock_enrolment(session: Session, enrolment_id: int) -> Enrolment:
    """The enrolment, locked until the transaction ends, or a refusal naming it as gone.

    Its cohort is locked first: the order a session save takes them (the cohort, then its enrolments' rows
    through the marks' foreign keys), and a lock the commit takes anyway to recount the cohort's outcomes
    (db/group_outcomes.py). Taken the other way round, a result saved beside a session of the same cohort
    deadlocked on PostgreSQL."""
    group_id = session.scalar(select(Enrolment.group_id).where(Enrolment.id == enrolment_id))
    if group_id is not None:
        lock_row(session, TrainingGroup, group_id)
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
