"""Steering committee use cases: record a meeting, its decisions and their status moves, and sign the
meeting's figures off (which closes the period through the data cut-off date, in the same transaction).

Each use case takes its typed input (domain/committee_inputs.py). A status move locks the decision and is a
compare-and-set on the status the form showed; minutes are corrected against the version the form loaded;
the sign-off locks the meeting, so that two admins pressing at once sign it off once."""
from __future__ import annotations


from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.concurrency import check_version, lock_row
from db.models import (
    BudgetLine, CommitteeDecision, CommitteeMeeting, CommitteeMember, DecisionChange, Indicator, Institution,
    Project, ResultLevel, WorkplanActivity,
)
from db.models.base import utcnow
from db.services.period_locks import lock_period, lock_problems
from domain.committee_inputs import DecisionInput, DecisionMove, MeetingInput, MinutesInput, SignOffInput
from domain.errors import Problem, ValidationError, check
from domain.inputs import date_problems

MINUTES_FIELDS = ("agenda", "minutes")


def _institution_problems(session: Session, field: str, institution_id: int) -> list[Problem]:
    if session.get(Institution, institution_id) is None:
        return [Problem(field, "error.institution_not_found")]
    return []


def _project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise ValidationError([Problem("project", "error.project_not_found")])
    return project


def record_meeting(session: Session, *, actor: Actor, given: MeetingInput) -> CommitteeMeeting:
    """Record a committee meeting: when and where, who chaired, which institutions were present, the
    reporting period it reviews and the date its figures were cut at."""
    require_role(actor, ADMIN, COORDINATOR)
    project = _project(session, given.project_id)
    problems: list[Problem] = []
    for field in ("held_on", "period_start", "period_end", "cutoff_date"):
        problems += date_problems(field, getattr(given, field), project.start_date, project.end_date)
    if session.scalar(select(CommitteeMeeting.id).where(
            CommitteeMeeting.project_id == project.id, CommitteeMeeting.held_on == given.held_on)) is not None:
        problems.append(Problem("held_on", "error.committee_meeting_exists"))
    problems += _institution_problems(session, "chair_institution_id", given.chair_institution_id)
    members = given.member_ids
    if len(session.scalars(select(Institution.id).where(Institution.id.in_(members))).all()) != len(members):
        problems.append(Problem("member_ids", "error.institution_not_found"))
    problems += lock_problems(session, project_id=project.id, field="held_on", day=given.held_on)
    check(problems)
    meeting = CommitteeMeeting(project_id=project.id, held_on=given.held_on, place=given.place,
                               chair_institution_id=given.chair_institution_id, period_start=given.period_start,
                               period_end=given.period_end, cutoff_date=given.cutoff_date, agenda=given.agenda,
                               minutes=given.minutes)
    session.add(meeting)
    session.flush()
    session.add_all(CommitteeMember(meeting_id=meeting.id, institution_id=i) for i in members)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="committee_meeting", entity_id=meeting.id,
                 held_on=given.held_on, place=given.place, cutoff_date=given.cutoff_date, members=len(members))
    return meeting


def _locked_meeting(session: Session, meeting_id: int) -> CommitteeMeeting:
    meeting = lock_row(session, CommitteeMeeting, meeting_id)
    if meeting is None:
        raise ValidationError([Problem("meeting", "error.committee_meeting_not_found")])
    return meeting


def record_minutes(session: Session, *, actor: Actor, given: MinutesInput) -> CommitteeMeeting:
    """Keep (or correct) a meeting's agenda and minutes, until its figures are signed off."""
    require_role(actor, ADMIN, COORDINATOR)
    meeting = _locked_meeting(session, given.meeting_id)
    check_version(session, meeting, given.expected_version, entity="committee_meeting", fields=MINUTES_FIELDS)
    if meeting.signed_off_at is not None:
        raise ValidationError([Problem("minutes", "error.committee_signed_off")])
    before = audit.snapshot(meeting, MINUTES_FIELDS)
    meeting.agenda, meeting.minutes = given.agenda, given.minutes
    session.flush()
    audit.record_update(session, actor=actor, entity="committee_meeting", row=meeting, before=before)
    return meeting


def _link_problems(session: Session, project_id: int, given: DecisionInput) -> list[Problem]:
    activity_id, indicator_id = given.linked("activity"), given.linked("indicator")
    budget_line_id = given.linked("budget_line")
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


def add_decision(session: Session, *, actor: Actor, given: DecisionInput) -> CommitteeDecision:
    """Record a decision taken at a meeting: what, which institution owns it, by when; opened on the
    meeting's day, optionally tied to one workplan activity, indicator or budget line."""
    require_role(actor, ADMIN, COORDINATOR)
    meeting = session.get(CommitteeMeeting, given.meeting_id)
    if meeting is None:
        raise ValidationError([Problem("meeting", "error.committee_meeting_not_found")])
    problems = _institution_problems(session, "owner_institution_id", given.owner_institution_id)
    if given.due_date < meeting.held_on:
        problems.append(Problem("due_date", "error.decision_due_before_meeting"))
    problems += _link_problems(session, meeting.project_id, given)
    check(problems)
    decision = CommitteeDecision(meeting_id=meeting.id, text=given.text, owner_institution_id=given.owner_institution_id,
                                 due_date=given.due_date, status="open", activity_id=given.linked("activity"),
                                 indicator_id=given.linked("indicator"), budget_line_id=given.linked("budget_line"))
    session.add(decision)
    session.flush()
    session.add(DecisionChange(decision_id=decision.id, from_status=None, to_status="open",
                               changed_on=meeting.held_on, actor=actor.username, comment=""))
    audit.record(session, actor=actor, action="create", entity="committee_decision", entity_id=decision.id,
                 meeting_id=meeting.id, owner_institution_id=given.owner_institution_id, due_date=given.due_date)
    return decision


def change_decision_status(session: Session, *, actor: Actor, given: DecisionMove) -> DecisionChange:
    """Move a decision to another status on the day it happened, saying why; every move is kept.

    The decision is locked first and the move is a compare-and-set on the status read under the lock: when
    the form says which status it showed (`from_status`) and the decision has moved since, nothing is
    written and the user is told to look again."""
    require_role(actor, ADMIN, COORDINATOR)
    decision = lock_row(session, CommitteeDecision, given.decision_id)
    if decision is None:
        raise ValidationError([Problem("decision", "error.decision_not_found")])
    project = _project(session, session.get(CommitteeMeeting, decision.meeting_id).project_id)
    last = session.scalars(select(DecisionChange).where(DecisionChange.decision_id == decision.id)
                           .order_by(DecisionChange.changed_on.desc(), DecisionChange.id.desc()).limit(1)).first()
    problems: list[Problem] = []
    if given.from_status is not None and given.from_status != decision.status:
        problems.append(Problem("to_status", "error.decision_moved_meanwhile",
                                {"from_status": given.from_status, "status": decision.status}))
    elif given.to_status == decision.status:
        problems.append(Problem("to_status", "error.decision_status_unchanged"))
    problems += date_problems("changed_on", given.changed_on, project.start_date, project.end_date)
    if last is not None and given.changed_on < last.changed_on:
        problems.append(Problem("changed_on", "error.decision_change_before_last",
                                {"day": last.changed_on.strftime("%d/%m/%Y")}))
    problems += lock_problems(session, project_id=project.id, field="changed_on", day=given.changed_on)
    check(problems)
    change = DecisionChange(decision_id=decision.id, from_status=decision.status, to_status=given.to_status,
                            changed_on=given.changed_on, actor=actor.username, comment=given.comment)
    session.add(change)
    before = audit.snapshot(decision, ("status",))
    decision.status = given.to_status
    session.flush()
    audit.record_update(session, actor=actor, entity="committee_decision", row=decision, before=before,
                        action="change_status", changed_on=given.changed_on)
    return change


def sign_off_meeting(session: Session, *, actor: Actor, given: SignOffInput) -> CommitteeMeeting:
    """The committee approved the figures: lock the period through the meeting's cut-off date.

    Admin only, because locking a period is an admin act; the lock and the sign-off are one transaction,
    so a meeting is never signed off without its lock, nor locked without its sign-off."""
    require_role(actor, ADMIN)
    meeting = _locked_meeting(session, given.meeting_id)
    if meeting.signed_off_at is not None:
        raise ValidationError([Problem("sign_off", "error.committee_signed_off")])
    try:
        lock = lock_period(session, actor=actor, project_id=meeting.project_id, locked_through=meeting.cutoff_date,
                           reason=f"Steering committee of {meeting.held_on.isoformat()}")
    except ValidationError as error:  # the lock's refusal (an equal or later lock in force) is the sign-off's
        raise ValidationError([Problem("sign_off", p.key, p.params) for p in error.problems]) from None
    before = audit.snapshot(meeting, ("signed_off_at", "signed_off_by", "period_lock_id"))
    meeting.signed_off_at, meeting.signed_off_by, meeting.period_lock_id = utcnow(), actor.username, lock.id
    session.flush()
    audit.record_update(session, actor=actor, entity="committee_meeting", row=meeting, before=before,
                        action="sign_off", locked_through=meeting.cutoff_date.isoformat())
    return meeting
