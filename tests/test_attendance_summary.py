"""The monthly attendance summaries (per enrolment and per group) always equal a full recount of the marks,
whatever sequence of sessions was recorded, and the funnel read from them equals the funnel counted from the
marks."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from db.attendance_summary import month_of, next_month, rebuild, refresh_groups
from db.models import Attendance, AttendanceMonth, Enrolment, GroupAttendanceMonth, TrainingSession
from db.services.training_sessions import record_session
from domain.inputs import parse
from domain.training_inputs import SessionInput
from tests.factories import COORDINATOR_ACTOR
from tests.training_factories import cohort_world, make_enrolment, make_group

# (day offset, marks of the three women, recorded in the second group rather than the first)
SESSIONS = st.lists(st.tuples(st.integers(0, 400), st.lists(st.booleans(), min_size=3, max_size=3),
                              st.booleans()),
                    min_size=1, max_size=10)


def _recount(session) -> Counter:
    """What the summary must hold, counted straight from the marks: (enrolment, month) -> (marked, present)."""
    rows = session.execute(select(Attendance.enrolment_id, TrainingSession.session_date, Attendance.present)
                           .join(TrainingSession, TrainingSession.id == Attendance.session_id)).all()
    counts: dict[tuple[int, date], list[int]] = {}
    for enrolment, day, present in rows:
        cell = counts.setdefault((enrolment, month_of(day)), [0, 0])
        cell[0] += 1
        cell[1] += int(present)
    return Counter({key: tuple(value) for key, value in counts.items()})


def _summary(session) -> Counter:
    return Counter({(r.enrolment_id, r.month): (r.marked, r.present) for r in session.scalars(select(AttendanceMonth))})


def _group_recount(session) -> Counter:
    """What the group summary must hold, counted straight from the marks, each in the group of its
    enrolment: (group, month) -> (marked, present)."""
    rows = session.execute(select(Enrolment.group_id, TrainingSession.session_date, Attendance.present)
                           .join(TrainingSession, TrainingSession.id == Attendance.session_id)
                           .join(Enrolment, Enrolment.id == Attendance.enrolment_id)).all()
    counts: dict[tuple[int, date], list[int]] = {}
    for group, day, present in rows:
        cell = counts.setdefault((group, month_of(day)), [0, 0])
        cell[0] += 1
        cell[1] += int(present)
    return Counter({key: tuple(value) for key, value in counts.items()})


def _group_summary(session) -> Counter:
    return Counter({(r.group_id, r.month): (r.marked, r.present)
                    for r in session.scalars(select(GroupAttendanceMonth))})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sessions=SESSIONS, drop_one=st.booleans())
def test_the_summary_equals_a_recount_after_any_sequence_of_sessions(session, sessions, drop_one):
    session.rollback()
    for table in (GroupAttendanceMonth, AttendanceMonth, Attendance, TrainingSession):
        session.execute(delete(table))
    session.commit()
    if "world" not in session.info:
        project, partner, group, people = cohort_world(session, enrolled=3)
        other = make_group(session, project, partner, code="VT-CAS-02", name="Sewing — Casablanca 2015 bis")
        session.commit()
        session.info["world"] = (project, (group, other), people)
    project, groups, people = session.info["world"]
    for group in groups:
        enrolled = set(session.scalars(select(Enrolment.participant_id).where(Enrolment.group_id == group.id)))
        for person in people:
            if person.id not in enrolled:  # dropped by an earlier example, or a new world
                make_enrolment(session, group, person)
    session.commit()
    for number, (offset, marks, second) in enumerate(sessions):
        group = groups[second]
        span = (group.planned_end - group.planned_start).days + 1
        record_session(session, actor=COORDINATOR_ACTOR, group_id=group.id, given=parse(
            SessionInput, session_date=group.planned_start + timedelta(days=offset % span), topic=f"Topic {number}",
            hours=3, marks={p.id: m for p, m in zip(people, marks)}))
        session.commit()
    assert _summary(session) == _recount(session)
    assert _group_summary(session) == _group_recount(session)
    if drop_one:  # removing an enrolment takes its marks and its summary rows with it
        months = {month for _, month in _group_summary(session)}
        session.execute(delete(Enrolment).where(Enrolment.participant_id == people[0].id))
        # the group rows are sums over several enrolments: whoever deletes one sums its group again
        refresh_groups(session, group_ids=[g.id for g in groups], months=months)
        session.commit()
        assert _summary(session) == _recount(session)
        assert _group_summary(session) == _group_recount(session)


def next_month_start(day: date) -> date:
    return next_month(month_of(day))


def test_a_rebuild_gives_back_what_the_writes_maintained(session):
    project, _, group, people = cohort_world(session, enrolled=2)
    session.commit()
    with session.begin():
        first = group.planned_start
        days = (first, first + timedelta(days=1), next_month_start(first))
        for day, marks in zip(days, ((True, True), (True, False), (False, False))):
            record_session(session, actor=COORDINATOR_ACTOR, group_id=group.id, given=parse(
                SessionInput, session_date=day, topic=str(day), hours=3,
                marks={p.id: m for p, m in zip(people, marks)}))
    maintained = _summary(session)
    # worked out by hand: the first month 2 marked for each, present 2 and 1; the next 1 marked, 0 present each
    assert sorted(maintained.values()) == [(1, 0), (1, 0), (2, 1), (2, 2)]
    maintained_groups = _group_summary(session)
    # the group: the first month 4 marked, 3 present; the next 2 marked, none present
    assert maintained_groups == Counter({(group.id, month_of(first)): (4, 3),
                                         (group.id, next_month_start(first)): (2, 0)})
    session.execute(delete(AttendanceMonth))
    session.execute(delete(GroupAttendanceMonth))
    rebuild(session, project.id)
    session.commit()
    assert _summary(session) == maintained
    assert _group_summary(session) == maintained_groups


def test_a_rebuild_repairs_a_group_summary_gone_wrong(session):
    project, _, group, people = cohort_world(session, enrolled=2)
    session.commit()
    with session.begin():
        record_session(session, actor=COORDINATOR_ACTOR, group_id=group.id, given=parse(
            SessionInput, session_date=group.planned_start, topic="Start", hours=3,
            marks={people[0].id: True, people[1].id: False}))
    session.execute(GroupAttendanceMonth.__table__.update().values(marked=99, present=99))
    rebuild(session, project.id)
    session.commit()
    assert _group_summary(session) == _group_recount(session) == Counter(
        {(group.id, month_of(group.planned_start)): (2, 1)})
