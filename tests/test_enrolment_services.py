"""Enrolment, attendance sessions, results and follow-ups: what is written and what is refused."""
from datetime import date

import pytest
from sqlalchemy import func, select

from domain.errors import StaleRecord, ValidationError
from db.models import Attendance, AuditEntry, Enrolment, FollowUp, TrainingSession
from db.services.enrolments import drop_out, enrol, record_result
from db.services.follow_ups import record_follow_up
from db.services.training_sessions import record_session
from domain.inputs import parse
from domain.training_inputs import DropOutInput, EnrolmentInput, FollowUpInput, ResultInput, SessionInput
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
    fields = dict(session_date=date(2015, 1, 12), topic="Taking measurements", hours=4,
                  marks={women[0].id: True, women[1].id: False})
    return record_session(s, actor=ACTOR, group_id=group.id, given=parse(SessionInput, fields | overrides))


def _enrol(s, group, person, **fields):
    return enrol(s, actor=ACTOR, group_id=group.id,
                 given=parse(EnrolmentInput, {"participant_id": person.id, "enrolled_on": date(2015, 1, 2)} | fields))


def _result(s, enrolment_id, **fields):
    return record_result(s, actor=ACTOR, given=parse(ResultInput, enrolment_id=enrolment_id, **fields))


def _drop_out(s, enrolment_id, **fields):
    return drop_out(s, actor=ACTOR, given=parse(DropOutInput, enrolment_id=enrolment_id, **fields))


def _follow_up(s, enrolment_id, **fields):
    return record_follow_up(s, actor=ACTOR, given=parse(FollowUpInput, enrolment_id=enrolment_id, **fields))


def test_enrol_writes_one_enrolment_and_an_audit_entry(session, world):
    project, _, group, _ = world
    newcomer = make_participant(session, project, "CAS-0009")
    session.commit()
    with session.begin():
        _enrol(session, group, newcomer)
    assert _count(session, Enrolment) == 3
    assert session.scalar(select(AuditEntry.action)) == "enrol"


def test_enrolling_twice_is_refused(session, world):
    _, _, group, women = world
    with pytest.raises(ValidationError) as refused, session.begin():
        _enrol(session, group, women[0])
    assert [(p.key, p.params) for p in refused.value.problems] == [("error.enrolment_duplicate", {"code": "CAS-0001"})]
    assert _count(session, Enrolment) == 2 and _count(session, AuditEntry) == 0


def test_enrolment_over_capacity_needs_a_reason(session, world):
    project, _, group, _ = world
    third, fourth = (make_participant(session, project, c) for c in ("CAS-0003", "CAS-0004"))
    session.commit()
    with session.begin():
        _enrol(session, group, third)
    with pytest.raises(ValidationError) as refused, session.begin():
        _enrol(session, group, fourth)
    assert [(p.field, p.key) for p in refused.value.problems] == [("over_capacity_reason", "error.enrolment_over_capacity")]
    assert _count(session, Enrolment) == 3
    with session.begin():
        _enrol(session, group, fourth, over_capacity_reason="Replaces a woman who moved to Tangier")
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
    ({"session_date": date(2017, 6, 1)}, "session_date", "error.date_outside_project"),
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
        _drop_out(session, enrolment_id, reason="Moved to another city", dropped_on=date(2015, 1, 10))
    with session.begin():
        _session(session, group, women, marks={women[0].id: True})
    assert _count(session, Attendance) == 1


def test_drop_out_needs_a_reason(session, world):
    _, _, _, women = world
    enrolment_id = _enrolment_of(session, women[0])
    with pytest.raises(ValidationError) as refused, session.begin():
        _drop_out(session, enrolment_id, reason=" ", dropped_on=date(2015, 2, 1))
    assert [p.key for p in refused.value.problems] == ["error.enrolment_dropout_reason_required"]
    session.expire_all()
    assert session.get(Enrolment, enrolment_id).status == "enrolled"


def test_record_result_completes_and_certifies(session, world):
    _, _, _, women = world
    enrolment_id = _enrolment_of(session, women[0])
    with session.begin():
        _result(session, enrolment_id, completed=True, completed_on=date(2015, 3, 27), assessment_score=74.5,
                certified=True, certified_on=date(2015, 4, 10))
    session.expire_all()
    stored = session.get(Enrolment, enrolment_id)
    assert (stored.status, float(stored.assessment_score), stored.certified) == ("completed", 74.5, True)


def test_certificate_without_completion_and_a_score_over_100_are_refused(session, world):
    _, _, _, women = world
    enrolment_id = _enrolment_of(session, women[0])
    with pytest.raises(ValidationError) as refused, session.begin():
        _result(session, enrolment_id, completed=False, assessment_score=120, certified=True,
                certified_on=date(2015, 4, 10))
    assert {p.key for p in refused.value.problems} == {"error.enrolment_score_range", "error.enrolment_certified_needs_completion"}
    session.expire_all()
    assert session.get(Enrolment, enrolment_id).assessment_score is None


def test_follow_up_is_recorded_then_corrected_in_place(session, world):
    _, _, _, women = world
    enrolment_id = _enrolment_of(session, women[0])
    with session.begin():
        _follow_up(session, enrolment_id, months_after=6, contact_date=date(2015, 9, 28), status="unemployed")
    with session.begin():
        _follow_up(session, enrolment_id, months_after=6, contact_date=date(2015, 9, 29), status="wage_job",
                   sector="Textile and garment")
    session.expire_all()
    rows = session.execute(select(FollowUp.status, FollowUp.sector)).all()
    assert rows == [("wage_job", "Textile and garment")]


def test_a_placed_follow_up_needs_its_sector():
    with pytest.raises(ValidationError) as refused:
        parse(FollowUpInput, enrolment_id=1, months_after=3, contact_date=date(2015, 6, 1), status="self_employed")
    assert [(p.field, p.key) for p in refused.value.problems] == [("sector", "error.follow_up_sector_required")]


def test_a_follow_up_dated_before_the_end_of_the_training_is_refused(session, world):
    _, _, _, women = world
    enrolment_id = _enrolment_of(session, women[0])
    with pytest.raises(ValidationError) as refused, session.begin():
        _follow_up(session, enrolment_id, months_after=3, contact_date=date(2015, 2, 1), status="self_employed",
                   sector="Catering")
    assert [(p.field, p.key, p.params) for p in refused.value.problems] == [
        ("contact_date", "error.training_date_between", {"start": "2015-03-27", "end": "2018-02-28"})]
    assert _count(session, FollowUp) == 0


def test_a_follow_up_may_be_made_up_to_12_months_after_the_project_end(session, world):
    _, _, _, women = world
    enrolment_id = _enrolment_of(session, women[0])
    with session.begin():
        _follow_up(session, enrolment_id, months_after=12, contact_date=date(2018, 2, 28), status="wage_job",
                   sector="Catering")
    with pytest.raises(ValidationError) as refused, session.begin():
        _follow_up(session, enrolment_id, months_after=6, contact_date=date(2018, 3, 1), status="wage_job",
                   sector="Catering")
    assert [(p.field, p.key) for p in refused.value.problems] == [("contact_date", "error.date_outside_project")]
    assert _count(session, FollowUp) == 1


def test_a_follow_up_recorded_meanwhile_by_someone_else_is_not_overwritten(session, world):
    _, _, _, women = world
    enrolment_id = _enrolment_of(session, women[0])
    with session.begin():  # Karim's form showed no 6-month call yet (version 0), and he saves first
        _follow_up(session, enrolment_id, months_after=6, contact_date=date(2015, 9, 28), status="wage_job",
                   sector="Textile", expected_version=0)
    with pytest.raises(StaleRecord) as stale, session.begin():  # hers showed none either
        _follow_up(session, enrolment_id, months_after=6, contact_date=date(2015, 9, 29), status="unemployed",
                   expected_version=0)
    assert (stale.value.changed_by, stale.value.stored["status"]) == ("coord", "wage_job")
    session.expire_all()
    assert session.execute(select(FollowUp.status, FollowUp.version)).all() == [("wage_job", 1)]
