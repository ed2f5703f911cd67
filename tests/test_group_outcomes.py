"""The per-cohort outcome summary always equals a recount of the enrolments, whatever sequence of writes
made them, and the funnel that reads it gives what the domain rules give over per-enrolment records, at
every as-of date, threshold and dimension."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from db import group_outcomes
from db.models import (
    Attendance, AttendanceMonth, Enrolment, FollowUp, GroupAttendanceMonth, GroupOutcome, Participant,
    TrainingSession,
)
from db.queries.cohorts import enrolment_records, funnel_summary
from db.services.training_sessions import expected_at, record_session
from domain.cohort_results import DIMENSIONS, breakdown, funnel, highest_step_met, threshold_step
from domain.inputs import parse
from domain.training_inputs import SessionInput
from domain.vocabulary import FOLLOW_UP_STATUSES
from tests.factories import COORDINATOR_ACTOR
from tests.training_factories import cohort_world, make_enrolment, make_group

START = date(2015, 1, 5)
DAY = st.integers(0, 500)
# Each write changes something the funnel depends on, the way the pages' services do (plain ORM objects,
# each committed in its own transaction).
WRITES = st.lists(st.one_of(
    st.tuples(st.just("session"), st.integers(0, 1), DAY, st.lists(st.booleans(), min_size=3, max_size=3)),
    st.tuples(st.just("result"), st.integers(0, 5), DAY, st.booleans(), st.booleans()),
    st.tuples(st.just("drop"), st.integers(0, 5), DAY),
    st.tuples(st.just("follow_up"), st.integers(0, 5), DAY, st.sampled_from(FOLLOW_UP_STATUSES)),
    st.tuples(st.just("person"), st.integers(0, 2), st.sampled_from(["F", "M"]), st.sampled_from(["SN", "CI", ""]),
              st.sampled_from(["Casablanca", "Rabat", ""]), st.one_of(st.none(), st.integers(1950, 2000))),
), min_size=1, max_size=12)
AS_OF = [date(2015, 1, 20), date(2015, 6, 15), date(2016, 5, 1), date(2030, 1, 1)]
THRESHOLDS = [0.5, 0.85, 0.77]  # 0.77 is not a step: counted enrolment by enrolment


def _stored(session) -> Counter:
    return Counter((r.group_id, r.dimension, r.category, r.birth_year, r.met, r.completed, r.certified, r.placed,
                    r.enrolments, r.present, r.marked, r.settled_on) for r in session.scalars(select(GroupOutcome)))


def _apply(session, world, write) -> None:
    project, groups, people = world
    enrolments = session.scalars(select(Enrolment).order_by(Enrolment.id)).all()
    kind, *args = write
    if kind == "session":
        number, offset, marks = args
        group = groups[number]
        span = (group.planned_end - group.planned_start).days + 1
        day = group.planned_start + timedelta(days=offset % span)
        if session.scalar(select(TrainingSession.id).where(TrainingSession.group_id == group.id,
                                                            TrainingSession.session_date == day)):
            return
        expected = expected_at(session, group.id, day)
        record_session(session, actor=COORDINATOR_ACTOR, group_id=group.id, given=parse(
            SessionInput, session_date=day, topic="Topic", hours=3,
            marks={p.id: m for p, m in zip(people, marks, strict=True) if p.id in expected}))
    elif kind == "result":
        index, offset, completed, certified = args
        enrolment = enrolments[index % len(enrolments)]
        day = START + timedelta(days=offset)
        enrolment.status = "completed" if completed else "enrolled"
        enrolment.completed_on = day if completed else None
        enrolment.certified, enrolment.certified_on = certified, day + timedelta(days=7) if certified else None
        enrolment.dropout_reason, enrolment.dropout_on = None, None
    elif kind == "drop":
        index, offset = args
        enrolment = enrolments[index % len(enrolments)]
        enrolment.status, enrolment.dropout_reason = "dropped_out", "Moved away"
        enrolment.dropout_on = START + timedelta(days=offset)
        enrolment.completed_on, enrolment.certified, enrolment.certified_on = None, False, None
    elif kind == "follow_up":
        index, offset, status = args
        enrolment = enrolments[index % len(enrolments)]
        follow_up = session.scalar(select(FollowUp).where(FollowUp.enrolment_id == enrolment.id,
                                                          FollowUp.months_after == 6))
        if follow_up is None:
            follow_up = FollowUp(enrolment_id=enrolment.id, months_after=6)
            session.add(follow_up)
        follow_up.contact_date, follow_up.status = START + timedelta(days=offset), status
    else:
        index, sex, nationality, city, birth_year = args
        person = session.get(Participant, people[index].id)
        person.sex, person.nationality, person.city, person.birth_year = sex, nationality, city, birth_year
    session.commit()


def _fresh_world(session):
    """Two cohorts sharing three women (the second one holding two of them), no marks, no outcomes."""
    session.rollback()
    if "world" not in session.info:
        project, partner, group, people = cohort_world(session, enrolled=3)
        other = make_group(session, project, partner, code="VT-CAS-02", planned_start=date(2015, 4, 6),
                           planned_end=date(2015, 6, 26))
        session.commit()
        session.info["world"] = (project, (group, other), people)
    project, groups, people = session.info["world"]
    for table in (FollowUp, GroupAttendanceMonth, AttendanceMonth, Attendance, TrainingSession, Enrolment):
        session.execute(delete(table))
    group_outcomes.touch(session, [g.id for g in groups])  # Core deletes: the writer says what it changed
    for person in people:
        person.sex, person.nationality, person.city, person.birth_year = "F", "SN", "Casablanca", 1988
    for person in people:
        make_enrolment(session, groups[0], person)
    for person in people[1:]:
        make_enrolment(session, groups[1], person, enrolled_on=date(2015, 3, 30))
    session.commit()
    return session.info["world"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writes=WRITES)
def test_the_outcome_summary_equals_a_recount_and_the_funnel_the_domain_rules(session, writes):
    world = _fresh_world(session)
    project = world[0]
    for write in writes:
        _apply(session, world, write)
    kept = _stored(session)
    group_outcomes.rebuild(session)
    assert kept == _stored(session)
    session.rollback()
    for as_of in AS_OF:
        records = enrolment_records(session, actor=COORDINATOR_ACTOR, project_id=project.id, as_of=as_of)
        for threshold in THRESHOLDS:
            for dimension in DIMENSIONS:
                summary = funnel_summary(session, project_id=project.id, as_of=as_of, threshold=threshold,
                                         dimension=dimension)
                assert summary.stages == funnel(records, threshold), (as_of, threshold, dimension)
                assert summary.breakdown == breakdown(records, dimension, as_of, threshold)
                assert (summary.present, summary.marked) == (sum(r.present for r in records),
                                                             sum(r.marked for r in records))


def test_a_funnel_after_the_last_fact_reads_the_summary_and_not_the_enrolments(session):
    """Once a group is settled, its outcome rows stand for it: a change slipped past the summary (a Core
    statement no one touched) shows, which is why bulk writers must call `touch`."""
    project, _, group, people = cohort_world(session, enrolled=2)
    late = date(2030, 1, 1)
    assert funnel_summary(session, project_id=project.id, as_of=late).stages[0].count == 2
    settled = session.scalar(select(GroupOutcome.settled_on).where(GroupOutcome.group_id == group.id).limit(1))
    assert settled == date(2014, 12, 20)  # the enrolment day, the group's only dated fact
    session.execute(delete(Enrolment).where(Enrolment.participant_id == people[0].id))  # behind the summary
    assert funnel_summary(session, project_id=project.id, as_of=late).stages[0].count == 2
    assert funnel_summary(session, project_id=project.id, as_of=date(2020, 1, 1), threshold=0.77).stages[0].count == 1
    group_outcomes.touch(session, [group.id])
    session.commit()
    assert funnel_summary(session, project_id=project.id, as_of=late).stages[0].count == 1


def test_a_write_read_back_before_its_commit_sees_the_summary_settled(session):
    """A caller reading the funnel inside its own unfinished write gets the recount first."""
    project, _, _, people = cohort_world(session, enrolled=2)
    late = date(2030, 1, 1)
    assert funnel_summary(session, project_id=project.id, as_of=late, dimension="nationality").breakdown == {
        "SN": {"enrolled": 2, "attended": 0, "completed": 0, "certified": 0, "placed": 0}}
    session.get(Participant, people[0].id).nationality = "CI"
    found = funnel_summary(session, project_id=project.id, as_of=late, dimension="nationality").breakdown
    assert {k: v["enrolled"] for k, v in found.items()} == {"CI": 1, "SN": 1}


def test_highest_step_met_and_threshold_steps_by_hand():
    assert highest_step_met(0, 0) == 0            # nothing marked: not attended at any threshold
    assert highest_step_met(4, 5) == 80           # 80 % exactly
    assert highest_step_met(7, 9) == 75           # 77.8 %
    assert highest_step_met(2, 5) == 0            # 40 %, under every step
    assert highest_step_met(9, 9) == 100
    assert [threshold_step(t) for t in (0.8, 0.55, 0.77, 0.45, 1.0)] == [80, 55, None, None, 100]


def test_a_rolled_back_write_leaves_no_recount_behind_and_a_savepoint_waits_for_the_commit(session):
    project, _, group, people = cohort_world(session, enrolled=2)
    session.get(Participant, people[0].id).nationality = "CI"
    session.flush()
    assert session.info.get(group_outcomes.PENDING)
    session.rollback()  # the change is gone: nothing of it is left to recount in the next transaction
    assert not session.info.get(group_outcomes.PENDING)
    with session.begin_nested():
        session.get(Participant, people[0].id).nationality = "CI"
    assert session.info.get(group_outcomes.PENDING)  # released savepoint: counted once, at the commit
    session.commit()
    found = funnel_summary(session, project_id=project.id, as_of=date(2030, 1, 1), dimension="nationality")
    assert {k: v["enrolled"] for k, v in found.breakdown.items()} == {"CI": 1, "SN": 1}
