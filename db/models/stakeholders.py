"""Capacity building of Moroccan actors: events, participation counts, learning scores and action points."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Versioned, one_of, utcnow

EVENT_TYPES = ("training", "workshop", "policy_dialogue", "study_visit", "steering_committee")
# Events whose attendees count as "officials trained" on the overview.
TRAINING_EVENT_TYPES = ("training", "workshop", "study_visit")
ACTION_STATUSES = ("open", "in_progress", "done", "dropped")


class StakeholderEvent(Versioned, Base):
    __tablename__ = "stakeholder_event"
    __table_args__ = (
        CheckConstraint(one_of("event_type", EVENT_TYPES), name="type_known"),
        CheckConstraint("end_date >= start_date", name="dates_ordered"),
        CheckConstraint("score_scale > 0", name="scale_positive"),
        CheckConstraint(
            "(pre_test_avg IS NULL OR pre_test_avg BETWEEN 0 AND score_scale) AND "
            "(post_test_avg IS NULL OR post_test_avg BETWEEN 0 AND score_scale)",
            name="scores_on_scale",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    event_type: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(300))
    start_date: Mapped[date]
    end_date: Mapped[date]
    city: Mapped[str] = mapped_column(String(60))
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"))
    topics: Mapped[str] = mapped_column(Text, default="")
    facilitators: Mapped[str] = mapped_column(Text, default="")
    score_scale: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=100)
    pre_test_avg: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    post_test_avg: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))


class EventParticipation(Base):
    """How many women and men from one institution attended an event; totals are derived, never typed."""

    __tablename__ = "event_participation"
    __table_args__ = (
        UniqueConstraint("event_id", "institution_id"),
        CheckConstraint("women >= 0 AND men >= 0", name="counts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("stakeholder_event.id", ondelete="CASCADE"))
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    women: Mapped[int] = mapped_column(default=0)
    men: Mapped[int] = mapped_column(default=0)


class ActionPoint(Versioned, Base):
    __tablename__ = "action_point"
    __table_args__ = (CheckConstraint(one_of("status", ACTION_STATUSES), name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("stakeholder_event.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    owner_institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    due_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="open")


class ActionPointChange(Base):
    __tablename__ = "action_point_change"
    __table_args__ = (CheckConstraint(one_of("to_status", ACTION_STATUSES), name="to_status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_point_id: Mapped[int] = mapped_column(ForeignKey("action_point.id", ondelete="CASCADE"))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    changed_on: Mapped[date]
    actor: Mapped[str] = mapped_column(String(60))
    comment: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
