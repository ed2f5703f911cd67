"""One training day of a group with the attendance of everyone enrolled, written in one transaction."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import attendance_summary, audit, group_outcomes
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.bulk import insert_rows
from db.in_lists import chunks
from db.models import Attendance, Enrolment, Participant, TrainingGroup, TrainingSession
from db.services.period_locks import lock_in_force, problems_under_lock
from db.services.training_groups import get_project, open_group_for
from domain.errors import Problem, check
from domain.inputs import date_problems
from domain.training_inputs import SessionInput

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 250  # sessions checked between two progress reports


def _expected(enrolled: list[tuple[int, int, str, date | None]], on: date) -> dict[int, int]:
    """Participant id → enrolment id of everyone expected at a session on `on` (not dropped out before it),
    among a group's (participant id, enrolment id, status, dropout date)."""
    return {p: e for p, e, status, left in enrolled if not (status == "dropped_out" and left is not None and left <= on)}


def expected_at(session: Session, group_id: int, on: date) -> dict[int, int]:
    """Participant id → enrolment id of everyone expected at a session of a group on `on`."""
    return _expected([tuple(r) for r in session.execute(
        select(Enrolment.participant_id, Enrolment.id, Enrolment.status, Enrolment.dropout_on)
        .where(Enrolment.group_id == group_id))], on)


@dataclass
class SessionAdmission:
    """What recording a list of (group, session) would do, found by reading only: each request's problems
    (none when accepted) and, for each, participant id -> enrolment id of everyone expected that day.
    `record_sessions` writes exactly these sessions and marks."""

    problems: list[list[Problem]]
    expected: list[dict[int, int]]
    groups: dict[int, TrainingGroup]


def _codes(session: Session, ids: set[int]) -> dict[int, str]:
    ordered = sorted(ids)
    return {i: code for chunk in chunks(ordered) for i, code in session.execute(
        select(Participant.id, Participant.code).where(Participant.id.in_(chunk)))}


def admit_sessions(session: Session, *, requests: Sequence[tuple[int, SessionInput]], lock: bool = False,
                   progress: Progress | None = None) -> SessionAdmission:
    """THE rules of recording a session, for one form or a spreadsheet, read once for all of them: an open
    group, a date inside the project period and the group's plan and not in a locked period, no second
    session of the group on that date and topic (in the register or earlier in the list), and a mark for
    everyone expected that day and for nobody else. `lock` takes the groups' rows first (a write)."""
    group_ids = sorted({g for g, _given in requests})
    query = select(TrainingGroup).where(TrainingGroup.id.in_(group_ids)).order_by(TrainingGroup.id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    groups = {g.id: g for g in session.scalars(query)}
    projects = {p: get_project(session, p) for p in sorted({g.project_id for g in groups.values()})}
    locks = {p: lock_in_force(session, p) for p in projects}
    days = sorted({given.session_date for _g, given in requests if given.session_date})
    held: set[tuple[int, date, str]] = set()
    enrolled: dict[int, list[tuple[int, int, str, date | None]]] = {g: [] for g in groups}
    if groups and days:
        held = {tuple(r) for r in session.execute(
            select(TrainingSession.group_id, TrainingSession.session_date, TrainingSession.topic)
            .where(TrainingSession.group_id.in_(sorted(groups)), TrainingSession.session_date.in_(days)))}
    if groups:
        for group_id, *row in session.execute(
                select(Enrolment.group_id, Enrolment.participant_id, Enrolment.id, Enrolment.status,
                       Enrolment.dropout_on).where(Enrolment.group_id.in_(sorted(groups)))):
            enrolled[group_id].append(tuple(row))
    admission = SessionAdmission([], [], groups)
    unknown: list[tuple[list[Problem], list[int], list[int]]] = []  # marks to name by code, read once below
    for index, (group_id, given) in enumerate(requests, start=1):
        group = groups.get(group_id)
        if group is None:
            admission.problems.append([Problem("group", "error.group_not_found")])
            admission.expected.append({})
            continue
        project = projects[group.project_id]
        problems = open_group_for(group)
        day, topic, marks = given.session_date, given.topic, given.marks
        dated = date_problems("session_date", day, project.start_date, project.end_date)
        if not dated and not group.planned_start <= day <= group.planned_end:
            dated.append(Problem("session_date", "error.session_date_outside_group",
                                 {"start": group.planned_start.isoformat(), "end": group.planned_end.isoformat()}))
        problems += dated + problems_under_lock(locks[group.project_id], field="session_date", day=day)
        if day and (group_id, day, topic) in held:
            problems.append(Problem("topic", "error.session_exists"))
        expected = _expected(enrolled[group_id], day or date.min)
        strangers = sorted(set(marks) - set(expected))
        unmarked = sorted(set(expected) - set(marks)) if day else []
        if strangers or unmarked:
            unknown.append((problems, strangers, unmarked))
        elif day and not problems:
            held.add((group_id, day, topic))
        admission.problems.append(problems)
        admission.expected.append(expected)
        if progress and (index % PROGRESS_EVERY == 0 or index == len(requests)):
            progress(index, len(requests))
    codes = _codes(session, {i for _p, strangers, unmarked in unknown for i in strangers + unmarked})
    for problems, strangers, unmarked in unknown:
        if strangers:
            listed = sorted(codes[i] for i in strangers if i in codes)
            problems.append(Problem("marks", "error.session_not_enrolled",
                                    {"codes": ", ".join(listed) or ", ".join(map(str, strangers))}))
        if unmarked:
            problems.append(Problem("marks", "error.session_attendance_missing",
                                    {"codes": ", ".join(sorted(codes[i] for i in unmarked))}))
    return admission


def record_sessions(session: Session, *, actor: Actor, requests: Sequence[tuple[int, SessionInput]],
                    on_input: Callable[[int, list[Problem]], list[Problem]] = lambda _i, problems: problems,
                    progress: Progress | None = None) -> list[int]:
    """Record every (group id, session) with its marks, or none: one ValidationError lists each refused
    request's problems (`on_input(index, problems)` names them). The groups are locked, the rules checked
    for all at once (`admit_sessions`), sessions and marks inserted in batches, the attendance summary
    recounted once for every enrolment and month touched, one audit entry per session. Returns the
    sessions' ids. `progress(done, total)` counts checks, then sessions and marks written."""
    require_role(actor, ADMIN, COORDINATOR)
    marks_total = sum(len(given.marks) for _g, given in requests)
    total = len(requests) + len(requests) + marks_total
    admission = admit_sessions(session, requests=requests, lock=True,
                               progress=progress and (lambda done, _n: progress(done, total)))
    check([p for index, problems in enumerate(admission.problems) if problems for p in on_input(index, problems)])
    refused = insert_rows(session, TrainingSession.__table__, [
        {"group_id": group_id, "session_date": given.session_date, "topic": given.topic, "hours": given.hours}
        for group_id, given in requests], progress=progress and (lambda done: progress(len(requests) + done, total)))
    check([p for index in refused for p in on_input(index, [Problem("__row__", "error.import_row_refused")])])
    group_ids = {group_id for group_id, _given in requests}
    days = {given.session_date for _g, given in requests}
    ids = _session_ids(session, group_ids, days)
    written = [ids[group_id, given.session_date, given.topic] for group_id, given in requests]
    marks, of_request = [], []  # each mark, and the index of the request it belongs to
    for index, (session_id, (_g, given), expected) in enumerate(zip(written, requests, admission.expected)):
        marks += [{"session_id": session_id, "enrolment_id": expected[p], "present": given.marks[p]} for p in expected]
        of_request += [index] * len(expected)
    refused = insert_rows(session, Attendance.__table__, marks,
                          progress=progress and (lambda done: progress(2 * len(requests) + done, total)))
    check([p for index in sorted({of_request[position] for position in refused})
           for p in on_input(index, [Problem("__row__", "error.import_row_refused")])])
    attendance_summary.refresh(session, enrolment_ids=[m["enrolment_id"] for m in marks], days=days)
    group_outcomes.touch(session, group_ids)
    for group_id in sorted(group_ids):
        if admission.groups[group_id].status == "planned":
            admission.groups[group_id].status = "open"
    session.flush()
    audit.record_many(session, actor=actor, action="record_session", entity="training_session", entries=[
        (session_id, {"group": admission.groups[group_id].code, "marked": len(expected),
                      "present": sum(given.marks[p] for p in expected)})
        for session_id, (group_id, given), expected in zip(written, requests, admission.expected)])
    return written


def _session_ids(session: Session, group_ids: set[int], days: set[date]) -> dict[tuple[int, date, str], int]:
    """(group id, date, topic) -> session id of these groups on these days: the ids of sessions just inserted,
    read back by their natural key."""
    return {(g, d, t): i for i, g, d, t in session.execute(
        select(TrainingSession.id, TrainingSession.group_id, TrainingSession.session_date, TrainingSession.topic)
        .where(TrainingSession.group_id.in_(sorted(group_ids)), TrainingSession.session_date.in_(sorted(days))))}


def record_session(session: Session, *, actor: Actor, group_id: int, given: SessionInput) -> TrainingSession:
    """Record a session and, for each participant id in `given.marks`, whether she was present.

    Every participant expected that day must be marked; a participant not enrolled is refused. The group's
    row is locked first, so an enrolment or another session of the group cannot slip in between the checks
    and the write; a session dated inside a locked period is refused. The rules are the import's
    (`admit_sessions`)."""
    [session_id] = record_sessions(session, actor=actor, requests=[(group_id, given)])
    return session.get(TrainingSession, session_id)
