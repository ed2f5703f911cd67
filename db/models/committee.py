"""The steering committee (comité de suivi): its meetings, the institutions present, and its decisions with
their status history. Signing a meeting's figures off closes the period through its data cut-off date."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Versioned, one_of, utcnow
from domain.vocabulary import DECISION_STATUSES  # noqa: F401 - re-exported for the pages


class CommitteeMeeting(Versioned, Base):
    __tablename__ = "committee_meeting"
    __table_args__ = (
        UniqueConstraint("project_id", "held_on"),
        CheckConstraint("period_end >= period_start", name="period_ordered"),
        CheckConstraint("cutoff_date <= held_on", name="cutoff_not_after_meeting"),
        CheckConstraint("(signed_off_at IS NULL) = (signed_off_by IS NULL)", name="sign_off_complete"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(120))
    chair_institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)
    period_start: Mapped[date]
    period_end: Mapped[date]
    cutoff_date: Mapped[date]
    agenda: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    signed_off_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    signed_off_by: Mapped[str | None] = mapped_column(String(60))
    period_lock_id: Mapped[int | None] = mapped_column(ForeignKey("period_lock.id"), index=True)


class CommitteeMember(Base):
    """An institution present at a meeting (institutions, never people: the minutes name who spoke)."""

    __tablename__ = "committee_member"
    __table_args__ = (UniqueConstraint("meeting_id", "institution_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("committee_meeting.id", ondelete="CASCADE"))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)


class CommitteeDecision(Versioned, Base):
    """What the committee decided, who owns it, by when; optionally tied to an activity, indicator or line."""

    __tablename__ = "committee_decision"
    __table_args__ = (
        CheckConstraint(one_of("status", DECISION_STATUSES), name="status_known"),
        CheckConstraint("(CASE WHEN activity_id IS NULL THEN 0 ELSE 1 END) + "
                        "(CASE WHEN indicator_id IS NULL THEN 0 ELSE 1 END) + "
                        "(CASE WHEN budget_line_id IS NULL THEN 0 ELSE 1 END) <= 1", name="one_link_at_most"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("committee_meeting.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    owner_institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)
    due_date: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default="open")
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("workplan_activity.id"), index=True)
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicator.id"), index=True)
    budget_line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_line.id"), index=True)


class DecisionChange(Base):
    """One move of a decision's status: from, to, on which day, who, why."""

    __tablename__ = "decision_change"
    __table_args__ = (CheckConstraint(one_of("to_status", DECISION_STATUSES), name="to_status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("committee_decision.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    changed_on: Mapped[date]
    actor: Mapped[str] = mapped_column(String(60))
    comment: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
