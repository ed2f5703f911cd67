"""Well-typed hostile values for the participant use cases: each is either stored within bounds or refused
as a ValidationError; nothing else escapes, and a refusal writes nothing."""
from __future__ import annotations

import itertools
from datetime import date

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from db.audit import data_version
from db.engine import write_session_factory
from db.models import Participant, Project
from db.services.participants import register_participant, update_participant
from db.transactions import run_in_transaction
from domain.errors import ValidationError
from domain.inputs import parse
from domain.participant_inputs import ParticipantChange, ParticipantInput
from tests.factories import COORDINATOR_ACTOR, make_project

HOSTILE_TEXT = st.one_of(st.text(max_size=300), st.just("=HYPERLINK(\"http://x\",\"y\")"), st.just("x" * 10_000),
                         st.just("**bold** ![i](http://evil/i.png)"), st.just("\u202f1\u00a0234,5"))
HOSTILE_NUMBER = st.one_of(st.integers(-10**12, 10**12), st.just("1e40"), st.just("NaN"), st.just("-inf"),
                           st.just(""), st.none(), st.floats(allow_nan=True, allow_infinity=True))
HOSTILE_DATE = st.one_of(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)), st.none(), st.just("32/13/2015"))
FIELDS = dict(sex=st.one_of(st.sampled_from(["F", "M"]), HOSTILE_TEXT), nationality=st.one_of(st.just("SN"), HOSTILE_TEXT),
              city=HOSTILE_TEXT, registered_on=HOSTILE_DATE, birth_year=HOSTILE_NUMBER, children_count=HOSTILE_NUMBER,
              year_regularized=HOSTILE_NUMBER, consent_recorded=st.booleans(), full_name=st.one_of(st.none(), HOSTILE_TEXT),
              phone=st.one_of(st.none(), HOSTILE_TEXT))
PROJECT_NUMBERS = itertools.count(1)
VALID = dict(sex="F", nationality="SN", city="Rabat", registered_on=date(2015, 3, 2), birth_year=1990,
             children_count=2, year_regularized=2014, consent_recorded=True, full_name=None, phone=None)
# A valid registration with one to three fields replaced by hostile values, so that both outcomes happen.
RAW = st.builds(lambda hostile, chosen: VALID | {k: hostile[k] for k in chosen},
                st.fixed_dictionaries(FIELDS), st.sets(st.sampled_from(sorted(FIELDS)), min_size=0, max_size=3))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _state(session) -> tuple[int, int]:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Participant)), data_version(session)


@SETTINGS
@given(raw=RAW)
def test_registering_hostile_values_stores_or_refuses_cleanly(engine, session, raw):
    project = session.scalar(select(Project.id).limit(1)) or make_project(session).id
    session.commit()
    before = _state(session)
    try:
        person = run_in_transaction(write_session_factory(engine), lambda s: register_participant(
            s, actor=COORDINATOR_ACTOR, project_id=project, given=parse(ParticipantInput, raw)))
    except ValidationError as refused:
        assert refused.problems and _state(session) == before
    else:
        event("stored")
        assert _state(session)[0] == before[0] + 1
        assert len(person.city) <= 60 and 0 <= person.children_count <= 20


@SETTINGS
@given(raw=RAW, version=st.one_of(st.none(), st.integers(-5, 5)))
def test_correcting_with_hostile_values_changes_all_or_nothing(engine, session, raw, version):
    project = make_project(session, code=f"Q{next(PROJECT_NUMBERS)}")
    person = Participant(project_id=project.id, code=f"RAB-{project.id:04d}", sex="F", nationality="SN", city="Rabat",
                         registered_on=date(2015, 3, 2))
    session.add(person)
    session.commit()
    stored = (person.city, person.children_count, person.version)
    try:
        run_in_transaction(write_session_factory(engine), lambda s: update_participant(
            s, actor=COORDINATOR_ACTOR, given=parse(ParticipantChange, raw, participant_id=person.id,
                                                    expected_version=version)))
    except ValidationError:
        session.expire_all()
        assert (person.city, person.children_count, person.version) == stored
    except Exception as error:  # a stale version is the only other plain refusal
        from domain.errors import StaleRecord
        assert isinstance(error, StaleRecord) and version not in (None, 1)
