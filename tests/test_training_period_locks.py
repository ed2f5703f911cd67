"""Once an admin locks the figures through 28/02/2015, no training record dated on or before that day may be
created, changed, or moved into the locked period — whatever the use case; later dates still go through."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from db.models import Enrolment, FollowUp, TrainingGroup, TrainingSession
from db.services.cohort_import import import_attendance
from db.services.enrolments import drop_out, enrol, record_result
from db.services.follow_ups import record_follow_up
from db.services.period_locks import lock_period
from db.services.training_groups import create_group, update_group
from db.services.training_sessions import record_session
from domain.cohort_import import ImportRow
from domain.errors import ValidationError
from domain.inputs import parse
from domain.training_inputs import (
    DropOutInput, EnrolmentInput, FollowUpInput, GroupChange, GroupInput, ResultInput, SessionInput,
)
from tests.factories import ADMIN_ACTOR, COORDINATOR_ACTOR
from tests.training_factories import cohort_world, make_enrolment, make_group, make_participant

ACTOR = COORDINATOR_ACTOR
LOCKED = date(2015, 2, 28)
OPEN = date(2015, 3, 2)


@pytest.fixture
def world(session):
    """The cohort VT-CAS-01 (05/01–27/03/2015) with two women, figures locked through 28/02/2015."""
    project, partner, group, women = cohort_world(session)
    lock_period(session, actor=ADMIN_ACTOR, project_id=project.id, locked_through=LOCKED, reason="CoPil 1")
    session.commit()
    return project, partner, group, women


def _refused_as_locked(write, session, field: str) -> None:
    with pytest.raises(ValidationError) as refused, session.begin():
        write()
    assert [(p.field, p.key, p.params["reason"]) for p in refused.value.problems] == [
        (field, "error.period_locked", "CoPil 1")]


def _count(session, model, *where) -> int:
    session.expire_all()
    n = session.scalar(select(func.count()).select_from(model).where(*where))
    session.rollback()
    return n


def _group(partner, **fields):
    return {"kind": "vocational", "name": "Pastry", "trade": "Pastry", "provider_id": partner.id, "city": "Rabat",
            "planned_start": OPEN, "planned_end": date(2015, 6, 26), "capacity": 12} | fields


def _enrolment_id(session, woman) -> int:
    enrolment_id = session.scalar(select(Enrolment.id).where(Enrolment.participant_id == woman.id))
    session.rollback()
    return enrolment_id


def test_a_group_starting_inside_the_locked_period_is_not_created(session, world):
    project, partner, _, _ = world
    _refused_as_locked(lambda: create_group(session, actor=ACTOR, project_id=project.id,
                                            given=parse(GroupInput, _group(partner, planned_start=LOCKED))),
                       session, "planned_start")
    with session.begin():
        create_group(session, actor=ACTOR, project_id=project.id, given=parse(GroupInput, _group(partner)))
    assert _count(session, TrainingGroup) == 2


def test_a_group_started_inside_the_locked_period_is_not_changed(session, world):
    _, partner, group, _ = world  # starts 05/01/2015
    change = _group(partner, group_id=group.id, planned_start=group.planned_start, planned_end=group.planned_end,
                    trade="Sewing", city="Casablanca", capacity=5)
    _refused_as_locked(lambda: update_group(session, actor=ACTOR, given=parse(GroupChange, change)),
                       session, "planned_start")
    assert session.get(TrainingGroup, group.id).capacity == 3


def test_an_open_group_is_not_moved_into_the_locked_period(session, world):
    project, partner, _, _ = world
    later = make_group(session, project, partner, code="VT-RAB-01", planned_start=OPEN, planned_end=date(2015, 6, 26))
    session.commit()
    change = _group(partner, group_id=later.id, planned_start=date(2015, 2, 16))
    _refused_as_locked(lambda: update_group(session, actor=ACTOR, given=parse(GroupChange, change)),
                       session, "planned_start")
    assert session.get(TrainingGroup, later.id).planned_start == OPEN


def test_an_enrolment_dated_inside_the_locked_period_is_refused(session, world):
    project, _, group, _ = world
    newcomer = make_participant(session, project, "CAS-0003")
    session.commit()
    given = parse(EnrolmentInput, participant_id=newcomer.id, enrolled_on=LOCKED)
    _refused_as_locked(lambda: enrol(session, actor=ACTOR, group_id=group.id, given=given), session, "enrolled_on")
    with session.begin():
        enrol(session, actor=ACTOR, group_id=group.id, given=parse(EnrolmentInput, participant_id=newcomer.id,
                                                                   enrolled_on=OPEN))
    assert _count(session, Enrolment, Enrolment.participant_id == newcomer.id) == 1


def test_a_session_dated_inside_the_locked_period_is_refused(session, world):
    _, _, group, women = world
    marks = {w.id: True for w in women}
    given = parse(SessionInput, session_date=LOCKED, topic="Hems", hours=4, marks=marks)
    _refused_as_locked(lambda: record_session(session, actor=ACTOR, group_id=group.id, given=given),
                       session, "session_date")
    with session.begin():
        record_session(session, actor=ACTOR, group_id=group.id,
                       given=parse(SessionInput, session_date=OPEN, topic="Hems", hours=4, marks=marks))
    assert _count(session, TrainingSession) == 1


def test_a_completion_is_not_dated_inside_the_locked_period(session, world):
    _, _, _, women = world
    enrolment_id = _enrolment_id(session, women[0])
    given = parse(ResultInput, enrolment_id=enrolment_id, completed=True, completed_on=LOCKED)
    _refused_as_locked(lambda: record_result(session, actor=ACTOR, given=given), session, "completed_on")
    assert session.get(Enrolment, enrolment_id).status == "enrolled"


def test_a_completion_dated_inside_the_locked_period_is_not_changed(session, world):
    project, _, group, _ = world
    finished = make_enrolment(session, group, make_participant(session, project, "CAS-0003"), status="completed",
                              completed_on=date(2015, 2, 20))
    session.commit()
    given = parse(ResultInput, enrolment_id=finished.id, completed=True, completed_on=date(2015, 3, 27))
    _refused_as_locked(lambda: record_result(session, actor=ACTOR, given=given), session, "completed_on")
    assert session.get(Enrolment, finished.id).completed_on == date(2015, 2, 20)


def test_a_drop_out_is_not_dated_inside_the_locked_period(session, world):
    _, _, _, women = world
    enrolment_id = _enrolment_id(session, women[0])
    given = parse(DropOutInput, enrolment_id=enrolment_id, reason="Moved to Tangier", dropped_on=LOCKED)
    _refused_as_locked(lambda: drop_out(session, actor=ACTOR, given=given), session, "dropped_on")
    with session.begin():
        drop_out(session, actor=ACTOR, given=parse(DropOutInput, enrolment_id=enrolment_id,
                                                   reason="Moved to Tangier", dropped_on=OPEN))
    assert session.get(Enrolment, enrolment_id).status == "dropped_out"


def _follow_up(session, enrolment_id, day):
    return record_follow_up(session, actor=ACTOR, given=parse(
        FollowUpInput, enrolment_id=enrolment_id, months_after=3, contact_date=day, status="unemployed"))


@pytest.fixture
def finished_early(session, world):
    """A woman who completed on 31/01/2015, before the lock, so that her follow-ups may fall on either side."""
    project, _, group, _ = world
    enrolment = make_enrolment(session, group, make_participant(session, project, "CAS-0003"), status="completed",
                               completed_on=date(2015, 1, 31))
    session.commit()
    return enrolment.id


def test_a_follow_up_dated_inside_the_locked_period_is_not_recorded(session, finished_early):
    _refused_as_locked(lambda: _follow_up(session, finished_early, LOCKED), session, "contact_date")
    assert _count(session, FollowUp) == 0


def test_a_follow_up_dated_inside_the_locked_period_is_not_corrected(session, finished_early):
    session.add(FollowUp(enrolment_id=finished_early, months_after=3, contact_date=date(2015, 2, 10),
                         status="unemployed", notes=""))
    session.commit()
    _refused_as_locked(lambda: _follow_up(session, finished_early, OPEN), session, "contact_date")
    assert session.scalar(select(FollowUp.contact_date)) == date(2015, 2, 10)


def test_a_follow_up_is_not_moved_into_the_locked_period(session, finished_early):
    with session.begin():
        _follow_up(session, finished_early, OPEN)
    _refused_as_locked(lambda: _follow_up(session, finished_early, LOCKED), session, "contact_date")
    assert session.scalar(select(FollowUp.contact_date)) == OPEN


def test_an_imported_session_inside_the_locked_period_is_named_by_its_row(session, world):
    project, _, group, women = world
    rows = [ImportRow(number=n + 2, values={"cohorte": group.code, "date_seance": LOCKED, "theme": "Hems",
                                            "heures": 4, "code_participant": w.code, "present": True})
            for n, w in enumerate(women)]
    with pytest.raises(ValidationError) as refused, session.begin():
        import_attendance(session, actor=ACTOR, project_id=project.id, rows=rows)
    assert [(p.field, p.key, p.params["row"]) for p in refused.value.problems] == [
        ("2:date_seance", "error.period_locked", 2)]
    assert _count(session, TrainingSession) == 0
