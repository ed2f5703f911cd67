"""Steering committee reads: meetings, decisions with their status on an as-of date, and what a meeting
reviews (the decisions of earlier meetings still open on its day). No personal data: institutions only."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, aliased

from db.models import (
    BudgetLine, CommitteeDecision, CommitteeMeeting, CommitteeMember, DecisionChange, Indicator, Institution,
    WorkplanActivity,
)
from domain.capacity_building import PENDING_STATUSES

MEETING_COLUMNS = ["id", "held_on", "place", "chair", "members", "period_start", "period_end", "cutoff_date",
                   "agenda", "minutes", "signed_off_at", "signed_off_by", "version", "decisions"]
DECISION_COLUMNS = ["id", "meeting_id", "meeting_date", "text", "owner", "due_date", "status", "status_since",
                    "overdue", "link"]


def _acronym(table):
    return func.coalesce(table.acronym, table.name)


def meetings(session: Session, *, project_id: int, as_of: date | None = None) -> pd.DataFrame:
    """Every meeting (held on or before `as_of` when given), oldest first, with chair, members and counts."""
    chair = aliased(Institution)
    counts = (select(CommitteeDecision.meeting_id, func.count().label("n"))
              .group_by(CommitteeDecision.meeting_id).subquery())
    query = (select(CommitteeMeeting.id, CommitteeMeeting.held_on, CommitteeMeeting.place, _acronym(chair),
                    CommitteeMeeting.period_start, CommitteeMeeting.period_end, CommitteeMeeting.cutoff_date,
                    CommitteeMeeting.agenda, CommitteeMeeting.minutes, CommitteeMeeting.signed_off_at,
                    CommitteeMeeting.signed_off_by, CommitteeMeeting.version, func.coalesce(counts.c.n, 0))
             .join(chair, chair.id == CommitteeMeeting.chair_institution_id)
             .outerjoin(counts, counts.c.meeting_id == CommitteeMeeting.id)
             .where(CommitteeMeeting.project_id == project_id).order_by(CommitteeMeeting.held_on))
    if as_of is not None:
        query = query.where(CommitteeMeeting.held_on <= as_of)
    rows = session.execute(query).all()
    members: dict[int, list[str]] = {}
    for meeting_id, name in session.execute(
            select(CommitteeMember.meeting_id, _acronym(Institution))
            .join(Institution, Institution.id == CommitteeMember.institution_id)
            .join(CommitteeMeeting, CommitteeMeeting.id == CommitteeMember.meeting_id)
            .where(CommitteeMeeting.project_id == project_id).order_by(_acronym(Institution))):
        members.setdefault(meeting_id, []).append(name)
    frame = pd.DataFrame([(r[0], r[1], r[2], r[3], ", ".join(members.get(r[0], [])), *r[4:]) for r in rows],
                         columns=MEETING_COLUMNS)
    frame["decisions"] = frame["decisions"].astype(int)
    return frame


def _status_as_of(as_of: date):
    """Each decision's latest status change on or before `as_of`."""
    ranked = (select(DecisionChange.decision_id, DecisionChange.to_status, DecisionChange.changed_on,
                     func.row_number().over(partition_by=DecisionChange.decision_id,
                                            order_by=(DecisionChange.changed_on.desc(),
                                                      DecisionChange.id.desc())).label("rn"))
              .where(DecisionChange.changed_on <= as_of).subquery())
    return select(ranked.c.decision_id, ranked.c.to_status, ranked.c.changed_on).where(ranked.c.rn == 1).subquery()


def decisions(session: Session, *, project_id: int, as_of: date) -> pd.DataFrame:
    """Decisions of meetings held by `as_of`, with their status that day and whether they are overdue
    (due before `as_of`, still open or in progress), most overdue first."""
    status = _status_as_of(as_of)
    owner = aliased(Institution)
    overdue = and_(CommitteeDecision.due_date < as_of, status.c.to_status.in_(PENDING_STATUSES))
    link = func.coalesce(WorkplanActivity.code, Indicator.code, BudgetLine.code)
    query = (select(CommitteeDecision.id, CommitteeDecision.meeting_id, CommitteeMeeting.held_on,
                    CommitteeDecision.text, _acronym(owner), CommitteeDecision.due_date, status.c.to_status,
                    status.c.changed_on, case((overdue, True), else_=False), link)
             .join(CommitteeMeeting, CommitteeMeeting.id == CommitteeDecision.meeting_id)
             .join(owner, owner.id == CommitteeDecision.owner_institution_id)
             .join(status, status.c.decision_id == CommitteeDecision.id)
             .outerjoin(WorkplanActivity, WorkplanActivity.id == CommitteeDecision.activity_id)
             .outerjoin(Indicator, Indicator.id == CommitteeDecision.indicator_id)
             .outerjoin(BudgetLine, BudgetLine.id == CommitteeDecision.budget_line_id)
             .where(CommitteeMeeting.project_id == project_id, CommitteeMeeting.held_on <= as_of)
             .order_by(CommitteeMeeting.held_on, CommitteeDecision.id))
    frame = pd.DataFrame(session.execute(query).all(), columns=DECISION_COLUMNS)
    frame["overdue"] = frame["overdue"].astype(bool)
    frame["link"] = frame["link"].fillna("")
    return frame


def decisions_to_review(session: Session, *, project_id: int, meeting_id: int) -> pd.DataFrame:
    """What a meeting reviews: decisions of earlier meetings still open or in progress on its day."""
    held_on = session.scalar(select(CommitteeMeeting.held_on).where(CommitteeMeeting.id == meeting_id,
                                                                   CommitteeMeeting.project_id == project_id))
    if held_on is None:
        return pd.DataFrame(columns=DECISION_COLUMNS)
    frame = decisions(session, project_id=project_id, as_of=held_on)
    kept = frame[(frame["meeting_date"] < held_on) & frame["status"].isin(PENDING_STATUSES)]
    return kept.reset_index(drop=True)


def decision_history(session: Session, *, decision_id: int) -> pd.DataFrame:
    """Every status move of one decision: on which day, from, to, who, why."""
    rows = session.execute(
        select(DecisionChange.changed_on, DecisionChange.from_status, DecisionChange.to_status,
               DecisionChange.actor, DecisionChange.comment)
        .where(DecisionChange.decision_id == decision_id)
        .order_by(DecisionChange.changed_on, DecisionChange.id)).all()
    frame = pd.DataFrame(rows, columns=["changed_on", "from_status", "to_status", "actor", "comment"])
    frame["from_status"] = frame["from_status"].fillna("")
    return frame
