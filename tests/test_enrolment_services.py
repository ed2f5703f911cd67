"""Enrolment, attendance sessions, results and follow-ups: what is written and what is refused."""
from datetime import date

import pytest
from sqlalchemy import func, select

from domain.errors import ValidationError
from db.models import Attendance, AuditEntry, Enrolment, FollowUp, TrainingSession
from db.services.enrolments import drop_out, enrol, record_result
from db.services.follow_ups import record_follow_up
from db.services.training_sessions import record_session
from tests.factories import COORDINATOR_ACTOR
from tests.training_factories import cohort_world, make_participant

ACTOR = COORDINATOR_ACTOR


def _count(session, model) -> int:
    session.expire_all()
    n = session.scalar(select(func.count()).select_from(model))
    session.rollback()  # end the read so the next write can begin its own transaction
    return n


def _enrolment_of(session, woman) -> int:
    enrolment_id = session.scalar(select(Enrolment.id).where(Enrolment.participant_id == woman.id))
    session.rollback()
    return enrolment_id


@pytest.fixture
def world(session):
    return cohort_world(session)


def _session(s, group, women, **overrides):
    fields = dict(actor=ACTOR, group_id=group.id, session_date=date(2015, 1, 12), topic="Taking measurements",
                  hours=4, marks={women[0].id: True, women[1].id: False})
    return record_session(s, **(fields | overrides))


def test_enrol_writes_one_enrolment_and_an_audit_entry(session, world):
    project, _, group, _ = world
    newcomer = make_participant(session, project, "CAS-0009")
    session.commit()
    with session.begin():
        enrol(session, actor=ACTOR, group_id=group.id, participant_id=newcomer.id, enrolled_on=date(2015, 1, 2))
    assert _count(session, Enrolment) == 3
    assert session.scalar(select(AuditEntry.action)) == "enrol"


def test_enrolling_twice_is_refused(session, world):
    _, _, group, women = world
    with pytest.raises(ValidationError) as refused, session.begin():
        enrol(session, actor=ACTOR, group_id=group.id, participant_id=women[0].id, enrolled_on=date(2015, 1, 2))
    assert [(p.key, p.params) for p in refused.value.problems] == [("error.enrolment_duplicate", {"code": "CAS-0001"})]
    assert _count(session, Enrolment) == 2 and _count(session, AuditEntry) == 0


def test_enrolment_over_capacity_needs_a_reason(session, world):
    project, _, group, _ = world
    third, fourth = (make_participant(session, project, c) for c in ("CAS-0003", "CAS-0004"))
    session.commit()
    with session.begin():
        enrol(session, actor=ACTOR, group_id=group.id, participant_id=third.id, enrolled_on=date(2015, 1, 2))
    with pytest.raises(ValidationError) as refused, session.begin():
        enrol(session, actor=ACTOR, group_id=group.id, participant_id=fourth.id, enrolled_on=date(2015, 1, 2))
    assert [(p.field, p.key) for p in refused.value.problems] == [("over_capacity_reason", "error.enrolment_over_capacity")]
    assert _count(session, Enrolment) == 3
    with session.begin():
        enrol(session, actor=ACTOR, group_id=group.id, participant_id=fourth.id, enrolled_on=date(2015, 1, 2),
              over_capacity_reason="Replaces a woman who moved to Tangier")
    assert _count(session, Enrolment) == 4


def test_record_session_writes_the_session_and_everyones_attendance(session, world):
    _, _, group, women = world
    with session.begin():
        _session(session, group, women)
    session.expire_all()
    marks = session.execute(select(Enrolment.participant_id, Attendance.present)
                            .join(Attendance, Attendance.enrolment_id == Enrolment.id)).all()
    assert sorted(marks) == sorted([(women[0].id, True), (women[1].id, False)])
    assert _count(session, TrainingSession) == 1


@pytest.mark.parametrize("overrides, field, key", [
    ({"session_date": date(2015, 4, 1)}, "session_date", "error.session_date_outside_group"),
    ({"session_date": date(2017, 6, 1)}, "session_date", "error.training_date_outside_project"),
    ({"hours": -2}, "hours", "error.session_hours_positive"),
    ({"hours": 0}, "hours", "error.session_hours_positive"),
], ids=["outside-cohort", "outside-project", "negative-hours", "zero-hours"])
def test_record_session_refuses_bad_dates_and_hours_and_writes_nothing(session, world, overrides, field, key):
    _, _, group, women = world
    with pytest.raises(ValidationError) as refused, session.begin():
        _session(session, group, women, **overrides)
    assert [(p.field, p.key) for p in refused.value.problems] == [(field, key)]
    assert _count(session, TrainingSession) == 0 and _count(session, Attendance) == 0


def test_attendance_for_a_participant_not_enrolled_is_refused(session, world):
    project, _, group, women = world
    stranger = make_participant(session, project, "CAS-0077")
    session.commit()
    with pytest.raises(ValidationError) as refused, session.begin():
        _session(session, group, women, marks={women[0].id: True, women[1].id: True, stranger.id: True})
    assert [(p.key, p.params) for p in refused.value.problems] == [("error.session_not_enrolled", {"codes": "CAS-0077"})]
    assert _count(session, TrainingSession) == 0 and _count(session, Attendance) == 0


def test_every_enrolled_participant_must_be_marked(session, world):
    _, _, group, women = world
    with pytest.raises(ValidationError) as refused, session.begin():
        _session(session, group, women, marks={women[0].id: True})
    assert [(p.key, p.params) for p in refused.value.problems] == [("error.session_attendance_missing", {"codes": "CAS-0002"})]
    assert _count(session, TrainingSession) == 0


def test_a_woman_who_dropped_out_before_the_session_is_not_expected(session, world):
    _, _, group, women = world
    enrolment_id = _enrolment_of(session, women[1])
    with session.begin():
        drop_out(session, actor=ACTOR, enrolment_id=enrolment_id, reason="Moved to another city",
                 dropped_on=date(2015, 1, 10))
    with session.begin():
        _session(session, group, women, marks={women[0].id: True})
    assert _count(session, Attendance) == 1


def test_drop_out_needs_a_reason(session, world):
    _, _, _, women = world
    enrolment_id = _enrolment_of(session, women[0])
    with pytest.raises(ValidationError) as refused, session.begin():
        drop_out(session, actor=ACTOR, enrolment_id=enrolment_id, reason=" ", dropped_on=date(2015, 2, 1))
    assert [p.key for p in refused.value.problems] == ["error.enrolment_dropout_reason_required"]
    session.expire_all()
    assert session.get(Enrolment, enrolment_id).status == "enrolled"


def test_record_result_completes_and_certifies(session, world):
    _, _, _, women = world
    enrolment_id = _enrolment_of(session, women[0])
    with session.begin():
        record_result(session, actor=ACTOR, enrolment_id=enrolment_id, completed=True,
                      completed_on=date(2015, 3, 27), assessment_score=74.5, certified=True,
                      certified_on=date(2015, 4, 10))
    session.expire_all()
    stored = session.get(Enrolment, enrolment_id)
    assert (stored.status, float(stored.assessment_score), stored.certified) == ("completed", 74.5, True)


def test_certificate_without_completion_and_a_score_over_100_are_refused(session, world):
    _, _, _, women = world
    enrolment_id = _enrolment_of(session, women[0])
    with pytest.raises(ValidationError) as refused, session.begin():
        record_result(session, actor=ACTOR, enrolment_id=enrolment_id, completed=False, assessment_score=120,
                      certified=True, certified_on=date(2015, 4, 10))
    assert {p.key for p in refused.value.problems} == {"error.enrolment_score_range", "error.enrolment_certified_needs_completion"}
    session.expire_all()
    assert session.get(Enrolment, enrolment_id).assessment_score is None


def test_follow_up_is_recorded_then_corrected_in_place(session, world):
    _, _, _, women = world
    enrolment_id = _enrolment_of(session, women[0])
    with session.begin():
        record_follow_up(session, actor=ACTOR, enrolment_id=enrolment_id, months_after=6,
                         contact_date=date(2015, 9, 28), status="unemployed")
    with session.begin():
        record_follow_up(session, actor=ACTOR, enrolment_id=enrolment_id, months_after=6,
                         contact_date=date(2015, 9, 29), status="wage_job", sector="Textile and garment")
    session.expire_all()
    rows = session.execute(select(FollowUp.status, FollowUp.sector)).all()
    assert rows == [("wage_job", "Textile and garment")]


def test_a_placed_follow_up_needs_its_sector_and_a_date_after_the_training(session, world):
    _, _, _, women = world
    enrolment_id = _enrolment_of(session, women[0])
    with pytest.raises(ValidationError) as refused, session.begin():
        record_follow_up(session, actor=ACTOR, enrolment_id=enrolment_id, months_after=3,
                         contact_date=date(2015, 2, 1), status="self_employed")
    assert {p.field for p in refused.value.problems} == {"sector", "contact_date"}
    assert _count(session, FollowUp) == 0
