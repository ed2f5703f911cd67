"""Eight coordinators at once on the training side, round after round, on SQLite and PostgreSQL: a group of
3 places never takes a fourth without a reason, group codes never repeat, and the same session or the same
follow-up saved by several people at once is written once."""
from __future__ import annotations

import logging
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from db import group_outcomes
from db.models import Attendance, Enrolment, FollowUp, GroupOutcome, TrainingGroup, TrainingSession
from db.queries.cohorts import funnel_summary
from db.services.enrolments import enrol
from db.services.follow_ups import record_follow_up
from db.services.training_groups import create_group
from db.services.training_sessions import record_session
from domain.errors import ValidationError
from domain.inputs import parse
from domain.training_inputs import EnrolmentInput, FollowUpInput, GroupInput, SessionInput
from tests.concurrency_harness import ROUNDS, THREADS, hammer
from tests.factories import COORDINATOR_ACTOR, make_project
from tests.training_factories import cohort_world, make_enrolment, make_group, make_participant, make_partner

CAPACITY = 3


@pytest.fixture
def groups_of_three(session):
    """One group of 3 places per round, and eight women who each try to join every group."""
    project, partner = make_project(session), make_partner(session)
    groups = [make_group(session, project, partner, code=f"VT-CAS-{n:03d}", capacity=CAPACITY)
              for n in range(1, ROUNDS + 1)]
    women = [make_participant(session, project, f"CAS-{n:04d}") for n in range(1, THREADS + 1)]
    session.commit()
    return [g.id for g in groups], [w.id for w in women]


def _enrol(groups, women, *, with_reason=lambda thread: False):
    def write(s, round_, thread):
        given = parse(EnrolmentInput, participant_id=women[thread], enrolled_on=date(2015, 1, 2),
                      over_capacity_reason="Replaces a woman who moved" if with_reason(thread) else None)
        return enrol(s, actor=COORDINATOR_ACTOR, group_id=groups[round_], given=given).id
    return write


def _places(session) -> Counter:
    session.expire_all()
    rows = session.execute(select(Enrolment.group_id, Enrolment.over_capacity_reason)).all()
    session.rollback()
    return Counter(group for group, reason in rows if reason is None)


def test_eight_enrolments_at_once_never_fill_a_group_past_its_capacity(engine, session, groups_of_three):
    groups, women = groups_of_three

    outcome = hammer(engine, _enrol(groups, women), refusals=(ValidationError,))

    assert outcome.errors == []
    assert len(outcome.written) == CAPACITY * ROUNDS  # every place taken, none twice
    assert len(outcome.refused) == (THREADS - CAPACITY) * ROUNDS
    assert {p.key for refusal in outcome.refused for p in refusal.problems} == {"error.enrolment_over_capacity"}
    assert _places(session) == {group: CAPACITY for group in groups}


def test_a_stated_reason_lets_an_enrolment_past_a_full_group_and_only_those(engine, session, groups_of_three):
    groups, women = groups_of_three
    with_reason = lambda thread: thread % 2 == 0  # noqa: E731 - four of the eight give a reason

    outcome = hammer(engine, _enrol(groups, women, with_reason=with_reason), refusals=(ValidationError,))

    assert outcome.errors == []
    session.expire_all()
    stored = session.scalar(select(func.count()).select_from(Enrolment))
    assert stored == len(outcome.written) and len(outcome.written) + len(outcome.refused) == THREADS * ROUNDS
    assert all(count <= CAPACITY for count in _places(session).values())  # without a reason: at most 3
    with_a_reason = [w for n, w in enumerate(women) if with_reason(n)]
    assert session.scalar(select(func.count()).select_from(Enrolment)
                          .where(Enrolment.participant_id.in_(with_a_reason))) == len(with_a_reason) * ROUNDS
    assert len(outcome.refused) >= (THREADS // 2 - CAPACITY) * ROUNDS  # 4 without a reason, 3 places at most
    assert {p.key for refusal in outcome.refused for p in refusal.problems} == {"error.enrolment_over_capacity"}


def test_groups_planned_at_once_get_unique_codes(engine, session):
    project, partner = make_project(session), make_partner(session)
    session.commit()
    given = parse(GroupInput, {"kind": "vocational", "name": "Pastry — Rabat", "trade": "Pastry", "city": "Rabat",
                               "provider_id": partner.id, "planned_start": date(2015, 5, 4),
                               "planned_end": date(2015, 7, 17), "capacity": 18})

    outcome = hammer(engine, lambda s, _round, _thread: create_group(
        s, actor=COORDINATOR_ACTOR, project_id=project.id, given=given).code)

    assert outcome.errors == [] and outcome.refused == []
    codes = outcome.written
    assert len(codes) == len(set(codes)) == THREADS * ROUNDS
    assert sorted(int(c.rsplit("-", 1)[1]) for c in codes) == list(range(1, THREADS * ROUNDS + 1))
    session.expire_all()
    assert session.scalar(select(func.count(func.distinct(TrainingGroup.code)))) == THREADS * ROUNDS


@pytest.fixture
def cohort(session):
    """The cohort VT-CAS-01 with two women enrolled (committed)."""
    return cohort_world(session)


def test_the_same_session_recorded_by_eight_at_once_is_written_once(engine, session, cohort):
    _, _, group, women = cohort
    marks = {w.id: True for w in women}

    outcome = hammer(engine, lambda s, round_, _thread: record_session(
        s, actor=COORDINATOR_ACTOR, group_id=group.id,
        given=parse(SessionInput, session_date=date(2015, 1, 12), topic=f"Topic {round_}", hours=4, marks=marks)).id,
        refusals=(ValidationError,))

    assert outcome.errors == []
    assert len(outcome.written) == ROUNDS and len(outcome.refused) == (THREADS - 1) * ROUNDS
    assert {p.key for refusal in outcome.refused for p in refusal.problems} == {"error.session_exists"}
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(TrainingSession)) == ROUNDS
    assert session.scalar(select(func.count()).select_from(Attendance)) == ROUNDS * len(women)


def test_the_same_follow_up_recorded_by_eight_at_once_is_one_follow_up(engine, session, cohort):
    _, _, _, women = cohort
    enrolments = session.scalars(select(Enrolment.id).order_by(Enrolment.id)).all()
    session.rollback()

    def write(s, round_, thread):
        given = parse(FollowUpInput, enrolment_id=enrolments[round_ % len(enrolments)], months_after=6,
                      contact_date=date(2015, 9, 28), status="wage_job", sector=f"Sector {thread}")
        return record_follow_up(s, actor=COORDINATOR_ACTOR, given=given).id

    outcome = hammer(engine, write)

    assert outcome.errors == [] and outcome.refused == [] and len(outcome.written) == THREADS * ROUNDS
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(FollowUp)) == len(enrolments)


def test_follow_ups_of_eight_women_of_one_cohort_at_once_are_all_in_its_outcome_summary(engine, session):
    """Eight coordinators each record a different woman's follow-up in the same cohort at the same moment:
    each transaction recounts the cohort's outcome rows, one after the other (the cohort's row is locked),
    so the rows end equal to a recount and the funnel counts every placement, not the last writer's."""
    project, partner = make_project(session), make_partner(session)
    group = make_group(session, project, partner, capacity=THREADS)
    women = [make_participant(session, project, f"CAS-{n:04d}") for n in range(1, THREADS + 1)]
    enrolments = [make_enrolment(session, group, w, status="completed", completed_on=date(2015, 3, 27),
                                 certified=True) for w in women]
    session.commit()
    ids = [e.id for e in enrolments]

    def write(s, round_, thread):
        given = parse(FollowUpInput, enrolment_id=ids[thread], months_after=(3, 6, 12)[round_],
                      contact_date=date(2015, 6 + 3 * round_, 28), status="wage_job", sector="Retail")
        return record_follow_up(s, actor=COORDINATOR_ACTOR, given=given).id

    outcome = hammer(engine, write, rounds=3)

    assert outcome.errors == [] and outcome.refused == [] and len(outcome.written) == THREADS * 3
    session.expire_all()
    kept = sorted((r.dimension, r.category, r.birth_year, r.placed, r.enrolments, r.settled_on)
                  for r in session.scalars(select(GroupOutcome)))
    group_outcomes.rebuild(session)
    assert kept == sorted((r.dimension, r.category, r.birth_year, r.placed, r.enrolments, r.settled_on)
                          for r in session.scalars(select(GroupOutcome)))
    session.rollback()
    placed = funnel_summary(session, project_id=project.id, as_of=date(2030, 1, 1), threshold=0.5).breakdown
    assert placed["F"]["enrolled"] == THREADS and ("sex", "F", None, True, THREADS, date(2015, 12, 28)) in kept


def test_results_follow_ups_and_sessions_of_one_cohort_at_once_never_deadlock(engine, session, caplog):
    """Four coordinators record results and follow-ups while four record sessions of the same cohort: each
    takes the cohort before the enrolment, as a session save does, so no transaction waits in a cycle (on
    PostgreSQL a deadlock would be retried, logged as a collision, after a second of waiting)."""
    project, partner = make_project(session), make_partner(session)
    group = make_group(session, project, partner, capacity=4, planned_end=date(2015, 6, 26))
    women = [make_participant(session, project, f"CAS-{n:04d}") for n in range(1, 5)]
    ids = [make_enrolment(session, group, w).id for w in women]
    session.commit()
    marks = {w.id: True for w in women}

    def write(s, round_, thread):
        if thread < 4:
            given = parse(FollowUpInput, enrolment_id=ids[thread], months_after=(3, 6, 12)[round_ % 3],
                          contact_date=date(2015, 9, 28), status="wage_job", sector=f"Sector {round_}")
            return record_follow_up(s, actor=COORDINATOR_ACTOR, given=given).id
        day = date(2015, 1, 5) + timedelta(days=7 * round_ + thread - 4)
        return record_session(s, actor=COORDINATOR_ACTOR, group_id=group.id, given=parse(
            SessionInput, session_date=day, topic="Topic", hours=3, marks=marks)).id

    with caplog.at_level(logging.INFO, logger="db.transactions"):
        outcome = hammer(engine, write, rounds=6)

    assert outcome.errors == [] and outcome.refused == [] and len(outcome.written) == THREADS * 6
    assert [r.message for r in caplog.records if "collided" in r.message] == []
    session.expire_all()
    kept = sorted((r.dimension, r.category, r.birth_year, r.met, r.enrolments) for r in session.scalars(select(GroupOutcome)))
    group_outcomes.rebuild(session)
    assert kept == sorted((r.dimension, r.category, r.birth_year, r.met, r.enrolments)
                          for r in session.scalars(select(GroupOutcome)))
