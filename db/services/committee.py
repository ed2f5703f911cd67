"""Steering committee use cases: record a meeting, its decisions and their status moves, and sign the
meeting's figures off (which closes the period through the data cut-off date, in the same transaction)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from domain.errors import Problem, ValidationError, check
from db.models import (
    BudgetLine, CommitteeDecision, CommitteeMeeting, CommitteeMember, DecisionChange, Indicator, Institution,
    Project, ResultLevel, WorkplanActivity,
)
from db.models.base import utcnow
from db.models.committee import DECISION_STATUSES
from db.services.period_locks import lock_period, lock_problems

MAX_PLACE = 120
MAX_TEXT = 5000


def _text(value: str | None) -> str:
    return (value or "").strip()


def _institution_problems(session: Session, field: str, institution_id: int | None) -> list[Problem]:
    if institution_id is None:
        return [Problem(field, "error.required")]
    if session.get(Institution, institution_id) is None:
        return [Problem(field, "error.institution_not_found")]
    return []


def record_meeting(session: Session, *, actor: Actor, project_id: int, held_on: date | None, place: str,
                   chair_institution_id: int | None, member_ids: Iterable[int], period_start: date | None,
                   period_end: date | None, cutoff_date: date | None, agenda: str = "",
                   minutes: str = "") -> CommitteeMeeting:
    """Record a committee meeting: when and where, who chaired, which institutions were present, the
    reporting period it reviews and the date its figures were cut at."""
    require_role(actor, ADMIN, COORDINATOR)
    place, agenda, minutes = _text(place), _text(agenda), _text(minutes)
    members = sorted(set(member_ids))
    project = session.get(Project, project_id)
    if project is None:
        raise ValidationError([Problem("project", "error.project_not_found")])
    problems: list[Problem] = []
    period = {"start": project.start_date.isoformat(), "end": project.end_date.isoformat()}
    for field, value in (("held_on", held_on), ("period_start", period_start), ("period_end", period_end),
                         ("cutoff_date", cutoff_date)):
        if value is None:
            problems.append(Problem(field, "error.required"))
        elif not project.start_date <= value <= project.end_date:
            problems.append(Problem(field, "error.committee_date_outside_project", period))
    if period_start and period_end and period_end < period_start:
        problems.append(Problem("period_end", "error.committee_period_end_before_start"))
    if cutoff_date and held_on and cutoff_date > held_on:
        problems.append(Problem("cutoff_date", "error.committee_cutoff_after_meeting"))
    if held_on and session.scalar(select(CommitteeMeeting.id).where(
            CommitteeMeeting.project_id == project_id, CommitteeMeeting.held_on == held_on)) is not None:
        problems.append(Problem("held_on", "error.committee_meeting_exists"))
    if not place:
        problems.append(Problem("place", "error.required"))
    elif len(place) > MAX_PLACE:
        problems.append(Problem("place", "error.text_too_long", {"max": MAX_PLACE}))
    for field, value in (("agenda", agenda), ("minutes", minutes)):
        if len(value) > MAX_TEXT:
            problems.append(Problem(field, "error.text_too_long", {"max": MAX_TEXT}))
    problems += _institution_problems(session, "chair_institution_id", chair_institution_id)
    if not members:
        problems.append(Problem("member_ids", "error.committee_members_required"))
    elif len(session.scalars(select(Institution.id).where(Institution.id.in_(members))).all()) != len(members):
        problems.append(Problem("member_ids", "error.institution_not_found"))
    problems += lock_problems(session, project_id=project_id, field="held_on", day=held_on)
    check(problems)
    meeting = CommitteeMeeting(project_id=project_id, held_on=held_on, place=place,
                               chair_institution_id=chair_institution_id, period_start=period_start,
                               period_end=period_end, cutoff_date=cutoff_date, agenda=agenda, minutes=minutes)
    session.add(meeting)
    session.flush()
    session.add_all(CommitteeMember(meeting_id=meeting.id, institution_id=i) for i in members)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="committee_meeting", entity_id=meeting.id,
                 held_on=held_on, place=place, cutoff_date=cutoff_date, members=len(members))
    return meeting


def _meeting(session: Session, meeting_id: int, *, for_update: bool = False) -> CommitteeMeeting:
    meeting = session.get(CommitteeMeeting, meeting_id, with_for_update=for_update)
    if meeting is None:
        raise ValidationError([Problem("meeting", "error.committee_meeting_not_found")])
    return meeting


def record_minutes(session: Session, *, actor: Actor, meeting_id: int, agenda: str, minutes: str) -> CommitteeMeeting:
    """Keep (or correct) a meeting's agenda and minutes, until its figures are signed off."""
    require_role(actor, ADMIN, COORDINATOR)
    meeting = _meeting(session, meeting_id)
    agenda, minutes = _text(agenda), _text(minutes)
    problems = [Problem(field, "error.text_too_long", {"max": MAX_TEXT})
                for field, value in (("agenda", agenda), ("minutes", minutes)) if len(value) > MAX_TEXT]
    if meeting.signed_off_at is not None:
        problems.append(Problem("minutes", "error.committee_signed_off"))
    check(problems)
    meeting.agenda, meeting.minutes = agenda, minutes
    audit.record(session, actor=actor, action="update", entity="committee_meeting", entity_id=meeting.id,
                 agenda_chars=len(agenda), minutes_chars=len(minutes))
    return meeting


def _link_problems(session: Session, project_id: int, activity_id: int | None, indicator_id: int | None,
                   budget_line_id: int | None) -> list[Problem]:
    links = [v for v in (activity_id, indicator_id, budget_line_id) if v is not None]
    if len(links) > 1:
        return [Problem("link", "error.decision_one_link")]
    if activity_id is not None:
        row = session.get(WorkplanActivity, activity_id)
        ok = row is not None and row.project_id == project_id
    elif indicator_id is not None:
        ok = session.scalar(select(Indicator.id).join(ResultLevel, ResultLevel.id == Indicator.level_id)
                            .where(Indicator.id == indicator_id, ResultLevel.project_id == project_id)) is not None
    elif budget_line_id is not None:
        row = session.get(BudgetLine, budget_line_id)
        ok = row is not None and row.project_id == project_id
    else:
        ok = True
    return [] if ok else [Problem("link", "error.decision_link_not_found")]


def add_decision(session: Session, *, actor: Actor, meeting_id: int, text: str, owner_institution_id: int | None,
                 due_date: date | None, activity_id: int | None = None, indicator_id: int | None = None,
                 budget_line_id: int | None = None) -> CommitteeDecision:
    """Record a decision taken at a meeting: what, which institution owns it, by when; opened on the
    meeting's day, optionally tied to one workplan activity, indicator or budget line."""
    require_role(actor, ADMIN, COORDINATOR)
    meeting = _meeting(session, meeting_id)
    text = _text(text)
    problems: list[Problem] = []
    if not text:
        problems.append(Problem("text", "error.required"))
    elif len(text) > MAX_TEXT:
        problems.append(Problem("text", "error.text_too_long", {"max": MAX_TEXT}))
    problems += _institution_problems(session, "owner_institution_id", owner_institution_id)
    if due_date is None:
        problems.append(Problem("due_date", "error.required"))
    elif due_date < meeting.held_on:
        problems.append(Problem("due_date", "error.decision_due_before_meeting"))
    problems += _link_problems(session, meeting.project_id, activity_id, indicator_id, budget_line_id)
    check(problems)
    decision = CommitteeDecision(meeting_id=meeting.id, text=text, owner_institution_id=owner_institution_id,
                                 due_date=due_date, status="open", activity_id=activity_id,
                                 indicator_id=indicator_id, budget_line_id=budget_line_id)
    session.add(decision)
    session.flush()
    session.add(DecisionChange(decision_id=decision.id, from_status=None, to_status="open",
                               changed_on=meeting.held_on, actor=actor.username, comment=""))
    audit.record(session, actor=actor, action="create", entity="committee_decision", entity_id=decision.id,
                 meeting_id=meeting.id, owner_institution_id=owner_institution_id, due_date=due_date)
    return decision


def change_decision_status(session: Session, *, actor: Actor, decision_id: int, to_status: str,
                           changed_on: date | None, comment: str = "") -> DecisionChange:
    """Move a decision to another status on the day it happened, saying why; every move is kept."""
    require_role(actor, ADMIN, COORDINATOR)
    decision = session.get(CommitteeDecision, decision_id, with_for_update=True)
    if decision is None:
        raise ValidationError([Problem("decision", "error.decision_not_found")])
    meeting = session.get(CommitteeMeeting, decision.meeting_id)
    last = session.scalars(select(DecisionChange).where(DecisionChange.decision_id == decision.id)
                           .order_by(DecisionChange.changed_on.desc(), DecisionChange.id.desc()).limit(1)).first()
    comment = _text(comment)
    problems: list[Problem] = []
    if to_status not in DECISION_STATUSES:
        problems.append(Problem("to_status", "error.action_status_unknown"))
    elif to_status == decision.status:
        problems.append(Problem("to_status", "error.decision_status_unchanged"))
    if changed_on is None:
        problems.append(Problem("changed_on", "error.required"))
    elif last is not None and changed_on < last.changed_on:
        problems.append(Problem("changed_on", "error.decision_change_before_last",
                                {"day": last.changed_on.strftime("%d/%m/%Y")}))
    if not comment:
        problems.append(Problem("comment", "error.decision_reason_required"))
    elif len(comment) > MAX_TEXT:
        problems.append(Problem("comment", "error.text_too_long", {"max": MAX_TEXT}))
    problems += lock_problems(session, project_id=meeting.project_id, field="changed_on", day=changed_on)
    check(problems)
    change = DecisionChange(decision_id=decision.id, from_status=decision.status, to_status=to_status,
                            changed_on=changed_on, actor=actor.username, comment=comment)
    session.add(change)
    decision.status = to_status
    session.flush()
    audit.record(session, actor=actor, action="change_status", entity="committee_decision", entity_id=decision.id,
                 old=change.from_status, new=to_status, changed_on=changed_on)
    return change


def sign_off_meeting(session: Session, *, actor: Actor, meeting_id: int) -> CommitteeMeeting:
    """The committee approved the figures: lock the period through the meeting's cut-off date.

    Admin only, because locking a period is an admin act; the lock and the sign-off are one transaction,
    so a meeting is never signed off without its lock, nor locked without its sign-off."""
    require_role(actor, ADMIN)
    meeting = _meeting(session, meeting_id, for_update=True)
    if meeting.signed_off_at is not None:
        raise ValidationError([Problem("sign_off", "error.committee_signed_off")])
    try:
        lock = lock_period(session, actor=actor, project_id=meeting.project_id, locked_through=meeting.cutoff_date,
                           reason=f"Steering committee of {meeting.held_on.isoformat()}")
    except ValidationError as error:  # the lock's refusal (an equal or later lock in force) is the sign-off's
        raise ValidationError([Problem("sign_off", p.key, p.params) for p in error.problems]) from None
    meeting.signed_off_at, meeting.signed_off_by, meeting.period_lock_id = utcnow(), actor.username, lock.id
    audit.record(session, actor=actor, action="sign_off", entity="committee_meeting", entity_id=meeting.id,
                 locked_through=meeting.cutoff_date.isoformat(), period_lock_id=lock.id)
    return meeting
