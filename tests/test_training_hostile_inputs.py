"""Hostile but well-typed values in every training form (huge, tiny, negative, NaN, unicode, 10,000-character
text, dates far away, formula text): each save either goes through within the columns' bounds or is refused
as a ValidationError next to its field — never another exception — and a refused save changes nothing."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from db.audit import data_version
from db.models import Attendance, Enrolment, FollowUp, TrainingGroup, TrainingSession
from db.services.cohort_import import import_attendance
from db.services.enrolments import drop_out, enrol, record_result
from db.services.follow_ups import record_follow_up
from db.services.training_groups import create_group, update_group
from db.services.training_sessions import record_session
from domain.cohort_import import parse_rows
from domain.errors import StaleRecord, ValidationError
from domain.inputs import parse
from domain.training_inputs import (
    DropOutInput, EnrolmentInput, FollowUpInput, GroupChange, GroupInput, ResultInput, SessionInput,
)
from tests.factories import COORDINATOR_ACTOR
from tests.training_factories import cohort_world, make_participant

ACTOR = COORDINATOR_ACTOR
EXAMPLES = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

HOSTILE = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-10**40, max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.text(max_size=40),
    st.sampled_from(["1e40", "1E-40", "NaN", "inf", "-Infinity", "-0", "1 234,50", "12\u202f000,5", "0x1F",
                     "=HYPERLINK(\"http://evil.example\",\"clic\")", "+SUM(A1:A9)", "   ", "١٢٣", "x" * 10_000,
                     "é" * 4001, "\u0000", "😀" * 201]),
)


def hostile_or(*good):
    """A field's value: one a coordinator would type, or a hostile one."""
    return st.one_of(st.sampled_from(good), HOSTILE)


@pytest.fixture
def world(session):
    project, partner, group, women = cohort_world(session)
    newcomers = [make_participant(session, project, f"CAS-{n:04d}") for n in range(3, 6)]
    session.commit()
    enrolments = session.scalars(select(Enrolment.id).order_by(Enrolment.id)).all()
    session.rollback()
    return project, partner, group, women + newcomers, enrolments


def _state(session) -> tuple:
    """Every count and version a training write could change, and the data version."""
    session.expire_all()
    counts = tuple(session.scalar(select(func.count()).select_from(m))
                   for m in (TrainingGroup, Enrolment, TrainingSession, Attendance, FollowUp))
    versions = (session.scalar(select(func.coalesce(func.sum(TrainingGroup.version), 0))),
                session.scalar(select(func.coalesce(func.sum(Enrolment.version), 0))))
    state = counts + versions + (data_version(session),)
    session.rollback()
    return state


def _attempt(session, write) -> bool:
    """Run one save in its own transaction: True when written; a refusal must leave everything as it was."""
    before = _state(session)
    try:
        with session.begin():
            write(session)
    except StaleRecord:  # an expected version already overtaken by an earlier example: refused in plain words
        assert _state(session) == before
        return False
    except ValidationError as refused:
        assert refused.problems and all(p.key.startswith("error.") for p in refused.problems)
        assert _state(session) == before
        return False
    return True


GROUP_FIELDS = dict(
    kind=hostile_or("vocational", "entrepreneurship"), name=hostile_or("Pastry — Rabat", "Couture"),
    trade=hostile_or("Pastry", None), module=hostile_or(None, "CREE", "trie"),
    city=hostile_or("Rabat", "Fès", "Casablanca"), planned_start=hostile_or(date(2015, 5, 4)),
    planned_end=hostile_or(date(2015, 7, 17)), planned_sessions=hostile_or(14, "14"),
    planned_hours=hostile_or(56, "56,0"), capacity=hostile_or(18, "18"), code=hostile_or(None, "vt-rab-99"),
)


def _stored_group_within_bounds(session, group_id: int) -> None:
    group = session.get(TrainingGroup, group_id)
    assert len(group.name) <= 200 and len(group.city) <= 60 and len(group.code) <= 20
    assert 0 < group.capacity <= 100_000 and group.planned_start <= group.planned_end
    session.rollback()


@EXAMPLES
@given(fields=st.fixed_dictionaries(GROUP_FIELDS))
def test_planning_a_group_with_hostile_values(session, world, fields):
    project, partner = world[0], world[1]
    written = []
    ok = _attempt(session, lambda s: written.append(create_group(
        s, actor=ACTOR, project_id=project.id, given=parse(GroupInput, fields | {"provider_id": partner.id})).id))
    if ok:
        _stored_group_within_bounds(session, written[0])


@EXAMPLES
@given(fields=st.fixed_dictionaries(GROUP_FIELDS | {"kind": st.just("vocational"),
                                                    "expected_version": hostile_or(None, 1)}))
def test_correcting_a_group_with_hostile_values(session, world, fields):
    partner, group = world[1], world[2]
    change = fields | {"provider_id": partner.id, "group_id": group.id}
    if _attempt(session, lambda s: update_group(s, actor=ACTOR, given=parse(GroupChange, change))):
        _stored_group_within_bounds(session, group.id)


@EXAMPLES
@given(participant=hostile_or("newcomer", "second newcomer"), enrolled_on=hostile_or(date(2015, 1, 2)),
       reason=hostile_or(None, "Replaces a woman who moved"))
def test_enrolling_with_hostile_values(session, world, participant, enrolled_on, reason):
    group, people = world[2], world[3]
    known = {"newcomer": people[2].id, "second newcomer": people[3].id}
    raw = {"participant_id": known[participant] if isinstance(participant, str) and participant in known
           else participant,
           "enrolled_on": enrolled_on, "over_capacity_reason": reason}
    _attempt(session, lambda s: enrol(s, actor=ACTOR, group_id=group.id, given=parse(EnrolmentInput, raw)))
    assert session.scalar(select(func.count()).select_from(Enrolment)
                          .where(Enrolment.over_capacity_reason.is_(None))) <= 3
    session.rollback()


@EXAMPLES
@given(session_date=hostile_or(date(2015, 1, 12)), topic=hostile_or("Taking measurements"),
       hours=hostile_or(4, "3,5", 12), present=st.tuples(hostile_or(True, False), hostile_or(True, False)),
       stranger=st.one_of(st.none(), st.integers(min_value=-10**30, max_value=10**30)))
def test_recording_a_session_with_hostile_values(session, world, session_date, topic, hours, present, stranger):
    group, women = world[2], world[3][:2]
    marks = {w.id: mark for w, mark in zip(women, present)} | ({} if stranger is None else {stranger: True})
    raw = {"session_date": session_date, "topic": topic, "hours": hours, "marks": marks}
    if _attempt(session, lambda s: record_session(s, actor=ACTOR, group_id=group.id, given=parse(SessionInput, raw))):
        hours_stored = session.scalars(select(TrainingSession.hours)).all()
        assert all(Decimal(0) < h <= Decimal(12) for h in hours_stored)
        session.rollback()


@EXAMPLES
@given(completed=hostile_or(True, False), completed_on=hostile_or(date(2015, 3, 27)),
       score=hostile_or(74.5, "74,5", 100, None), certified=hostile_or(True, False),
       certified_on=hostile_or(date(2015, 4, 10), None), expected_version=hostile_or(None, 1))
def test_recording_a_result_with_hostile_values(session, world, completed, completed_on, score, certified,
                                                certified_on, expected_version):
    enrolment_id = world[4][0]
    raw = {"enrolment_id": enrolment_id, "completed": completed, "completed_on": completed_on,
           "assessment_score": score, "certified": certified, "certified_on": certified_on,
           "expected_version": expected_version}
    if _attempt(session, lambda s: record_result(s, actor=ACTOR, given=parse(ResultInput, raw))):
        stored = session.get(Enrolment, enrolment_id)
        assert stored.assessment_score is None or Decimal(0) <= stored.assessment_score <= Decimal(100)
        assert not stored.certified or stored.status == "completed"
        session.rollback()


@EXAMPLES
@given(reason=hostile_or("Moved to Tangier", " "), dropped_on=hostile_or(date(2015, 2, 1)),
       which=st.sampled_from([0, 1]), expected_version=hostile_or(None, 1))
def test_dropping_out_with_hostile_values(session, world, reason, dropped_on, which, expected_version):
    raw = {"enrolment_id": world[4][which], "reason": reason, "dropped_on": dropped_on,
           "expected_version": expected_version}
    _attempt(session, lambda s: drop_out(s, actor=ACTOR, given=parse(DropOutInput, raw)))


@EXAMPLES
@given(months=st.one_of(hostile_or(3, 6, 12, "6"), st.just(Decimal("sNaN"))), contact_date=hostile_or(date(2015, 9, 28), date(2018, 2, 28)),
       status=hostile_or("wage_job", "unemployed"), sector=hostile_or("Textile", None),
       notes=hostile_or("", "Called twice"))
def test_recording_a_follow_up_with_hostile_values(session, world, months, contact_date, status, sector, notes):
    raw = {"enrolment_id": world[4][0], "months_after": months, "contact_date": contact_date, "status": status,
           "sector": sector, "notes": notes}
    _attempt(session, lambda s: record_follow_up(s, actor=ACTOR, given=parse(FollowUpInput, raw)))


@EXAMPLES
@given(day=hostile_or(date(2015, 1, 12), "12/01/2015"), topic=hostile_or("Mesures"), hours=hostile_or("3,5", 4),
       present=hostile_or("oui", "non"), who=hostile_or("CAS-0001", "cas-0001"))
def test_importing_attendance_with_hostile_cells(session, world, day, topic, hours, present, who):
    project, group = world[0], world[2]
    table = [["cohorte", "date_seance", "theme", "heures", "code_participant", "present"],
             [group.code, day, topic, hours, who, present], [group.code, day, topic, hours, "CAS-0002", present]]
    rows, file_problems = parse_rows(table, "attendance")  # the cells as a spreadsheet gives them
    if file_problems:
        return
    _attempt(session, lambda s: import_attendance(s, actor=ACTOR, project_id=project.id, rows=rows))
