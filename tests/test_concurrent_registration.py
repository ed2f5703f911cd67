"""320+ registrations in one city from 8 coordinators at once: every one succeeds, every code is unique."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from db.models import Participant
from db.services.participants import register_participant
from domain.inputs import parse
from domain.participant_inputs import ParticipantInput
from tests.concurrency_harness import ROUNDS, THREADS, hammer
from tests.factories import COORDINATOR_ACTOR, make_project


def test_concurrent_registrations_in_one_city_all_succeed_with_unique_codes(engine, session):
    project = make_project(session)
    session.commit()
    given = parse(ParticipantInput, sex="F", nationality="CI", city="Rabat", registered_on=date(2015, 4, 20))

    outcome = hammer(engine, lambda s, _round, _thread: register_participant(
        s, actor=COORDINATOR_ACTOR, project_id=project.id, given=given).code)

    assert outcome.errors == [] and outcome.refused == []
    codes = sorted(outcome.written)
    assert len(codes) == len(set(codes)) == THREADS * ROUNDS
    assert codes[0] == "RAB-0001" and codes[-1] == f"RAB-{THREADS * ROUNDS:04d}"  # no gaps when nobody fails
    stored = session.scalar(select(func.count(func.distinct(Participant.code))))
    assert stored == THREADS * ROUNDS
