"""Hostile but well-typed values typed into every steering committee write (10,000-character text, formulas,
right-to-left marks, dates far away, ids that do not exist, numbers where text belongs): each write either
succeeds within the columns' bounds or is refused as a ValidationError (or a StaleRecord when a hostile
"expected version" is not the stored one) — never another exception — and a refused write leaves the database
as it was."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from db.engine import session_factory
from db.models import AuditEntry, CommitteeDecision, CommitteeMeeting, CommitteeMember, DecisionChange
from db.services import committee
from domain.committee_inputs import (
    COMMITTEE_TEXT, PLACE_TEXT, DecisionInput, DecisionMove, MeetingInput, MinutesInput, SignOffInput,
)
from domain.errors import StaleRecord, ValidationError
from domain.inputs import WriteInput, parse
from tests.factories import ADMIN_ACTOR as ADMIN, COORDINATOR_ACTOR as COORD, make_project
from tests.stakeholder_factories import make_institution

FORMULA = '=HYPERLINK("http://example.org/x","click")'
TEXTS = st.one_of(st.text(max_size=80), st.sampled_from(["x" * 10_000, "y" * 5001, FORMULA, "\u202e\u202dRTL",
                                                          "   ", "<b>x</b>", "\x00"]))
DATES = st.one_of(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)), st.none(),
                  st.sampled_from(["", "31/12/2015", "2015-13-45", "2016-06-01", date(2016, 6, 1)]))
IDS = st.one_of(st.integers(min_value=-10**20, max_value=10**20), st.none(), st.sampled_from(["1", "", 1.5]))
ANY = st.one_of(TEXTS, DATES, IDS, st.booleans(), st.floats(), st.lists(st.integers(), max_size=3))
KINDS = {"text": TEXTS, "date": DATES, "id": IDS, "any": ANY,
         "ids": st.one_of(st.lists(IDS, max_size=4), ANY),
         "link": st.one_of(TEXTS, st.sampled_from(["activity:1", "indicator:99999999999", "budget_line:-1",
                                                   "activity:1,indicator:1", "ACTIVITY:1", "activity: 1"]))}
DAY = date(2016, 6, 1)


@dataclass(frozen=True)
class Case:
    name: str
    kind: type[WriteInput]
    good: Callable[[dict], dict]
    attack: dict[str, str]
    write: Callable[[Any, Any], object]


CASES = [
    Case("record_meeting", MeetingInput,
         lambda w: dict(project_id=w["project"], held_on=date(2016, 10, 25), place="Rabat",
                        chair_institution_id=w["ministry"], member_ids=[w["ministry"], w["partner"]],
                        period_start=date(2016, 4, 1), period_end=date(2016, 9, 30), cutoff_date=date(2016, 9, 30)),
         {"held_on": "date", "place": "text", "chair_institution_id": "id", "member_ids": "ids",
          "period_start": "date", "period_end": "date", "cutoff_date": "date", "agenda": "text", "minutes": "text"},
         lambda s, g: committee.record_meeting(s, actor=COORD, given=g)),
    Case("record_minutes", MinutesInput, lambda w: dict(meeting_id=w["meeting"], agenda="1. Results", minutes="Ok"),
         {"meeting_id": "id", "agenda": "text", "minutes": "text", "expected_version": "id"},
         lambda s, g: committee.record_minutes(s, actor=COORD, given=g)),
    Case("add_decision", DecisionInput,
         lambda w: dict(meeting_id=w["meeting"], text="Exit plan", owner_institution_id=w["partner"],
                        due_date=date(2016, 9, 30)),
         {"meeting_id": "id", "text": "text", "owner_institution_id": "id", "due_date": "date", "link": "link"},
         lambda s, g: committee.add_decision(s, actor=COORD, given=g)),
    Case("change_decision_status", DecisionMove,
         lambda w: dict(decision_id=w["decision"], to_status="in_progress", changed_on=DAY, comment="Started"),
         {"decision_id": "id", "from_status": "text", "to_status": "text", "changed_on": "date", "comment": "text"},
         lambda s, g: committee.change_decision_status(s, actor=COORD, given=g)),
    Case("sign_off_meeting", SignOffInput, lambda w: dict(meeting_id=w["meeting"]), {"meeting_id": "id"},
         lambda s, g: committee.sign_off_meeting(s, actor=ADMIN, given=g)),
]


@pytest.fixture
def committee_world(session) -> dict[str, int]:
    project = make_project(session)
    ministry, partner = make_institution(session, "MCMREAM"), make_institution(session, "FOO", type="ngo")
    meeting = committee.record_meeting(session, actor=COORD, given=parse(
        MeetingInput, project_id=project.id, held_on=date(2016, 4, 19), place="Rabat",
        chair_institution_id=ministry.id, member_ids=[ministry.id], period_start=date(2015, 10, 1),
        period_end=date(2016, 3, 31), cutoff_date=date(2016, 3, 31)))
    decision = committee.add_decision(session, actor=COORD, given=parse(
        DecisionInput, meeting_id=meeting.id, text="Draft the exit plan", owner_institution_id=partner.id,
        due_date=date(2016, 9, 30)))
    session.commit()
    return dict(project=project.id, ministry=ministry.id, partner=partner.id, meeting=meeting.id,
                decision=decision.id)


def _state(session) -> tuple:
    """What a refused write must leave as it was: the audit trail and every committee row."""
    session.expire_all()
    count = lambda model: session.scalar(select(func.count()).select_from(model))  # noqa: E731
    meetings = session.execute(select(CommitteeMeeting.id, CommitteeMeeting.agenda, CommitteeMeeting.minutes,
                                      CommitteeMeeting.signed_off_at, CommitteeMeeting.version)
                               .order_by(CommitteeMeeting.id)).all()
    decisions = session.execute(select(CommitteeDecision.id, CommitteeDecision.status, CommitteeDecision.version)
                                .order_by(CommitteeDecision.id)).all()
    return count(AuditEntry), count(CommitteeMember), count(DecisionChange), meetings, decisions


def _within_bounds(session) -> None:
    """Whatever was accepted fits its column and the committee's own rules."""
    session.expire_all()
    for meeting in session.scalars(select(CommitteeMeeting)):
        assert 1 <= len(meeting.place) <= PLACE_TEXT
        assert len(meeting.agenda) <= COMMITTEE_TEXT and len(meeting.minutes) <= COMMITTEE_TEXT
        assert date(2014, 7, 1) <= meeting.period_start <= meeting.period_end <= date(2017, 2, 28)
        assert meeting.cutoff_date <= meeting.held_on <= date.today()
    for decision in session.scalars(select(CommitteeDecision)):
        assert 1 <= len(decision.text) <= COMMITTEE_TEXT


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # SQLite is enough: the rules are the services'
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_hostile_committee_values_are_accepted_within_bounds_or_refused_leaving_nothing_written(
        engine, session, committee_world, case, data):
    raw = case.good(committee_world)
    for field in data.draw(st.lists(st.sampled_from(sorted(case.attack)), min_size=1, unique=True), label="fields"):
        raw[field] = data.draw(st.one_of(KINDS[case.attack[field]], ANY), label=field)
    before = _state(session)
    try:
        with session_factory(engine)() as s, s.begin():
            case.write(s, parse(case.kind, raw))
    except (ValidationError, StaleRecord):
        assert _state(session) == before
    _within_bounds(session)
