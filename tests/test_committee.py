"""Steering committee: a coordinator records meetings and decisions, decisions move with who/when/why, the next
meeting reviews what is still open, and an admin's sign-off locks the period through the cut-off date."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from domain.errors import PermissionDenied, StaleRecord, ValidationError
from db.models import AuditEntry, CommitteeMeeting
from db.queries.committee import decision_history, decisions, decisions_to_review, meetings
from db.services import committee
from db.services.period_locks import lock_problems, locked_through
from domain.committee_inputs import DecisionInput, DecisionMove, MeetingInput, MinutesInput, SignOffInput
from domain.inputs import parse
from tests.factories import ADMIN_ACTOR, COORDINATOR_ACTOR, VIEWER_ACTOR, make_project
from tests.stakeholder_factories import make_institution


@pytest.fixture
def setting(session):
    project = make_project(session)
    ministry, partner = make_institution(session, "MCMREAM"), make_institution(session, "FOO", type="ngo")
    session.commit()
    return project, ministry, partner


# The use cases as a form calls them: raw values parsed into the use case's input, then the service.
def record_meeting(session, *, actor, **raw):
    return committee.record_meeting(session, actor=actor, given=parse(MeetingInput, raw))


def add_decision(session, *, actor, **raw):
    return committee.add_decision(session, actor=actor, given=parse(DecisionInput, raw))


def change_decision_status(session, *, actor, **raw):
    return committee.change_decision_status(session, actor=actor, given=parse(DecisionMove, raw))


def sign_off_meeting(session, *, actor, **raw):
    return committee.sign_off_meeting(session, actor=actor, given=parse(SignOffInput, raw))


def record_minutes(session, *, actor, **raw):
    return committee.record_minutes(session, actor=actor, given=parse(MinutesInput, raw))


def _meeting(session, setting, held_on=date(2016, 4, 19), cutoff=date(2016, 3, 31), actor=COORDINATOR_ACTOR):
    project, ministry, partner = setting
    return record_meeting(session, actor=actor, project_id=project.id, held_on=held_on, place="Rabat",
                          chair_institution_id=ministry.id, member_ids=[ministry.id, partner.id],
                          period_start=date(2015, 10, 1), period_end=cutoff, cutoff_date=cutoff,
                          agenda="1. Results", minutes="Approved")


def _fields(error: ValidationError) -> set[tuple[str, str]]:
    return {(p.field, p.key) for p in error.problems}


def test_a_coordinator_records_a_meeting_with_its_institutions(session, setting):
    meeting = _meeting(session, setting)
    session.commit()
    frame = meetings(session, project_id=setting[0].id)
    assert frame[["held_on", "place", "chair", "members", "cutoff_date", "decisions"]].values.tolist() == [
        [date(2016, 4, 19), "Rabat", "MCMREAM", "FOO, MCMREAM", date(2016, 3, 31), 0]]
    assert session.scalar(select(AuditEntry.action).where(AuditEntry.entity == "committee_meeting",
                                                          AuditEntry.entity_id == meeting.id)) == "create"


def test_a_viewer_cannot_record_a_meeting(session, setting):
    with pytest.raises(PermissionDenied):
        _meeting(session, setting, actor=VIEWER_ACTOR)


def test_a_meeting_needs_a_place_members_and_a_cutoff_not_after_it(session, setting):
    project, ministry, _ = setting
    with pytest.raises(ValidationError) as refused:
        record_meeting(session, actor=COORDINATOR_ACTOR, project_id=project.id, held_on=date(2016, 4, 19),
                       place=" ", chair_institution_id=ministry.id, member_ids=[], period_start=date(2016, 1, 1),
                       period_end=date(2015, 12, 31), cutoff_date=date(2016, 5, 1))
    assert _fields(refused.value) == {("place", "error.required"), ("member_ids", "error.committee_members_required"),
                                      ("period_end", "error.committee_period_end_before_start"),
                                      ("cutoff_date", "error.committee_cutoff_after_meeting")}
    assert session.scalar(select(CommitteeMeeting.id)) is None


def test_decisions_move_with_who_when_and_why(session, setting):
    meeting = _meeting(session, setting)
    decision = add_decision(session, actor=COORDINATOR_ACTOR, meeting_id=meeting.id, text="Draft the exit plan",
                            owner_institution_id=setting[1].id, due_date=date(2016, 9, 30))
    change_decision_status(session, actor=COORDINATOR_ACTOR, decision_id=decision.id, to_status="in_progress",
                           changed_on=date(2016, 6, 20), comment="First draft discussed")
    session.commit()
    history = decision_history(session, decision_id=decision.id)
    assert history[["changed_on", "from_status", "to_status", "actor", "comment"]].values.tolist() == [
        [date(2016, 4, 19), "", "open", "coord", ""],
        [date(2016, 6, 20), "open", "in_progress", "coord", "First draft discussed"]]


def test_a_status_change_needs_a_reason(session, setting):
    meeting = _meeting(session, setting)
    decision = add_decision(session, actor=COORDINATOR_ACTOR, meeting_id=meeting.id, text="Draft the exit plan",
                            owner_institution_id=setting[1].id, due_date=date(2016, 9, 30))
    with pytest.raises(ValidationError) as refused:
        change_decision_status(session, actor=COORDINATOR_ACTOR, decision_id=decision.id, to_status="done",
                               changed_on=date(2016, 6, 20), comment="")
    assert _fields(refused.value) == {("comment", "error.decision_reason_required")}


def test_a_decision_points_at_one_activity_indicator_or_budget_line_at_most(session, setting):
    meeting = _meeting(session, setting)
    with pytest.raises(ValidationError) as refused:
        add_decision(session, actor=COORDINATOR_ACTOR, meeting_id=meeting.id, text="x", owner_institution_id=setting[1].id,
                     due_date=date(2016, 9, 30), link="activity:1,indicator:1")
    assert _fields(refused.value) == {("link", "error.decision_link_not_found")}


def test_a_decision_cannot_point_at_another_projects_record(session, setting):
    meeting = _meeting(session, setting)
    with pytest.raises(ValidationError) as refused:
        add_decision(session, actor=COORDINATOR_ACTOR, meeting_id=meeting.id, text="x", owner_institution_id=setting[1].id,
                     due_date=date(2016, 9, 30), link="activity:999")
    assert _fields(refused.value) == {("link", "error.decision_link_not_found")}


def test_a_move_from_a_status_the_decision_no_longer_has_is_refused(session, setting):
    meeting = _meeting(session, setting)
    decision = add_decision(session, actor=COORDINATOR_ACTOR, meeting_id=meeting.id, text="Draft the exit plan",
                            owner_institution_id=setting[1].id, due_date=date(2016, 9, 30))
    change_decision_status(session, actor=COORDINATOR_ACTOR, decision_id=decision.id, from_status="open",
                           to_status="done", changed_on=date(2016, 6, 20), comment="Delivered")
    with pytest.raises(ValidationError) as refused:
        change_decision_status(session, actor=COORDINATOR_ACTOR, decision_id=decision.id, from_status="open",
                               to_status="dropped", changed_on=date(2016, 6, 21), comment="No budget")
    assert _fields(refused.value) == {("to_status", "error.decision_moved_meanwhile")}
    assert len(decision_history(session, decision_id=decision.id)) == 2  # opened, done: the late move is not kept


def test_minutes_saved_over_a_version_someone_changed_are_refused_with_who(session, setting):
    meeting = _meeting(session, setting)
    loaded = meeting.version
    record_minutes(session, actor=COORDINATOR_ACTOR, meeting_id=meeting.id, agenda="1. Results",
                   minutes="Theirs", expected_version=loaded)
    with pytest.raises(StaleRecord) as stale:
        record_minutes(session, actor=COORDINATOR_ACTOR, meeting_id=meeting.id, agenda="1. Results",
                       minutes="Mine", expected_version=loaded)
    assert stale.value.stored["minutes"] == "Theirs"
    assert session.get(CommitteeMeeting, meeting.id).minutes == "Theirs"


def test_a_decision_past_its_due_date_and_still_open_is_overdue(session, setting):
    meeting = _meeting(session, setting)
    add_decision(session, actor=COORDINATOR_ACTOR, meeting_id=meeting.id, text="Exit plan",
                 owner_institution_id=setting[1].id, due_date=date(2016, 9, 30))
    session.commit()
    on_due = decisions(session, project_id=setting[0].id, as_of=date(2016, 9, 30))
    after = decisions(session, project_id=setting[0].id, as_of=date(2016, 10, 1))
    before_meeting = decisions(session, project_id=setting[0].id, as_of=date(2016, 4, 18))
    assert on_due["overdue"].tolist() == [False]
    assert after["overdue"].tolist() == [True]
    assert before_meeting.empty


def test_the_next_meeting_reviews_the_decisions_still_open_on_its_day(session, setting):
    first = _meeting(session, setting, held_on=date(2016, 4, 19))
    kept = add_decision(session, actor=COORDINATOR_ACTOR, meeting_id=first.id, text="Still open",
                        owner_institution_id=setting[1].id, due_date=date(2016, 9, 30))
    closed = add_decision(session, actor=COORDINATOR_ACTOR, meeting_id=first.id, text="Done before",
                          owner_institution_id=setting[1].id, due_date=date(2016, 6, 30))
    change_decision_status(session, actor=COORDINATOR_ACTOR, decision_id=closed.id, to_status="done",
                           changed_on=date(2016, 6, 1), comment="Delivered")
    second = _meeting(session, setting, held_on=date(2016, 10, 25), cutoff=date(2016, 9, 30))
    add_decision(session, actor=COORDINATOR_ACTOR, meeting_id=second.id, text="Taken at the second meeting",
                 owner_institution_id=setting[1].id, due_date=date(2016, 12, 31))
    session.commit()
    review = decisions_to_review(session, project_id=setting[0].id, meeting_id=second.id)
    assert review["id"].tolist() == [kept.id]
    assert review["overdue"].tolist() == [True]


def test_an_admin_signs_off_and_the_period_is_locked_through_the_cutoff(session, setting):
    meeting = _meeting(session, setting)
    sign_off_meeting(session, actor=ADMIN_ACTOR, meeting_id=meeting.id)
    session.commit()
    assert locked_through(session, setting[0].id) == date(2016, 3, 31)
    refused = lock_problems(session, project_id=setting[0].id, field="spent_on", day=date(2016, 3, 31))
    assert refused[0].params["reason"] == "Steering committee of 2016-04-19"
    assert meetings(session, project_id=setting[0].id)["signed_off_by"].tolist() == ["boss"]


def test_a_coordinator_cannot_sign_off(session, setting):
    meeting = _meeting(session, setting)
    with pytest.raises(PermissionDenied):
        sign_off_meeting(session, actor=COORDINATOR_ACTOR, meeting_id=meeting.id)


def test_a_meeting_is_signed_off_once(session, setting):
    meeting = _meeting(session, setting)
    sign_off_meeting(session, actor=ADMIN_ACTOR, meeting_id=meeting.id)
    with pytest.raises(ValidationError) as refused:
        sign_off_meeting(session, actor=ADMIN_ACTOR, meeting_id=meeting.id)
    assert _fields(refused.value) == {("sign_off", "error.committee_signed_off")}


def test_a_sign_off_refused_by_the_lock_leaves_the_meeting_unsigned(session, setting):
    later = _meeting(session, setting, held_on=date(2016, 10, 25), cutoff=date(2016, 9, 30))
    earlier = _meeting(session, setting, held_on=date(2016, 4, 19), cutoff=date(2016, 3, 31))
    sign_off_meeting(session, actor=ADMIN_ACTOR, meeting_id=later.id)
    session.commit()
    with pytest.raises(ValidationError) as refused:
        sign_off_meeting(session, actor=ADMIN_ACTOR, meeting_id=earlier.id)
    session.rollback()
    assert _fields(refused.value) == {("sign_off", "error.lock_not_later")}
    assert session.get(CommitteeMeeting, earlier.id).signed_off_at is None


def test_minutes_can_be_corrected_until_the_figures_are_signed_off(session, setting):
    meeting = _meeting(session, setting)
    record_minutes(session, actor=COORDINATOR_ACTOR, meeting_id=meeting.id, agenda="1. Results",
                   minutes="Approved, with a note on childcare")
    sign_off_meeting(session, actor=ADMIN_ACTOR, meeting_id=meeting.id)
    with pytest.raises(ValidationError) as refused:
        record_minutes(session, actor=COORDINATOR_ACTOR, meeting_id=meeting.id, agenda="", minutes="Rewritten")
    assert _fields(refused.value) == {("minutes", "error.committee_signed_off")}
    assert session.get(CommitteeMeeting, meeting.id).minutes == "Approved, with a note on childcare"


def test_a_minutes_correction_is_audited_with_the_text_before_and_after(session, setting):
    import json

    meeting = _meeting(session, setting)
    record_minutes(session, actor=COORDINATOR_ACTOR, meeting_id=meeting.id, agenda="1. Results",
                   minutes="Approved, with a note on childcare", expected_version=meeting.version)
    entry = session.scalars(select(AuditEntry).where(AuditEntry.entity == "committee_meeting",
                                                     AuditEntry.action == "update")).one()
    assert json.loads(entry.detail)["changes"] == {
        "minutes": {"from": "Approved", "to": "Approved, with a note on childcare"}}
