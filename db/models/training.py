"""Training groups (vocational cohorts and entrepreneurship groups), participants, sessions and outcomes."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Versioned, one_of
from domain.vocabulary import (  # noqa: F401 - re-exported for the models' users
    FOLLOW_UP_MONTHS, FOLLOW_UP_STATUSES, GROUP_KINDS, MODULES, PLACED_STATUSES, SEXES,
)

GROUP_STATUSES = ("planned", "open", "closed")
ENROLMENT_STATUSES = ("enrolled", "completed", "dropped_out")
# Fields that identify a person: shown to coordinators and admins only, never to viewers or in exports.
PERSONAL_FIELDS = ("full_name", "phone")


class TrainingGroup(Versioned, Base):
    __tablename__ = "training_group"
    __table_args__ = (
        UniqueConstraint("project_id", "code"),
        CheckConstraint(one_of("kind", GROUP_KINDS), name="kind_known"),
        CheckConstraint(one_of("status", GROUP_STATUSES), name="status_known"),
        CheckConstraint(
            "(kind = 'vocational' AND module IS NULL) OR "
            "(kind = 'entrepreneurship' AND module IN ('TRIE', 'CREE', 'GERME'))",
            name="module_matches_kind",
        ),
        CheckConstraint("planned_end >= planned_start", name="dates_ordered"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("planned_sessions >= 0 AND planned_hours >= 0", name="plan_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    trade: Mapped[str | None] = mapped_column(String(100))
    module: Mapped[str | None] = mapped_column(String(10))
    provider_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    city: Mapped[str] = mapped_column(String(60))
    planned_start: Mapped[date]
    planned_end: Mapped[date]
    planned_sessions: Mapped[int] = mapped_column(default=0)
    planned_hours: Mapped[int] = mapped_column(default=0)
    capacity: Mapped[int]
    status: Mapped[str] = mapped_column(String(10), default="planned")


class Participant(Versioned, Base):
    """A beneficiary, known by a pseudonymous code; name and phone are optional and personal."""

    __tablename__ = "participant"
    __table_args__ = (
        UniqueConstraint("project_id", "code"),
        CheckConstraint(one_of("sex", SEXES), name="sex_known"),
        CheckConstraint("children_count >= 0", name="children_not_negative"),
        CheckConstraint("birth_year IS NULL OR birth_year BETWEEN 1940 AND 2010", name="birth_year_plausible"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20))
    sex: Mapped[str] = mapped_column(String(1))
    birth_year: Mapped[int | None]
    nationality: Mapped[str] = mapped_column(String(2))
    city: Mapped[str] = mapped_column(String(60))
    children_count: Mapped[int] = mapped_column(default=0)
    year_regularized: Mapped[int | None]
    consent_recorded: Mapped[bool] = mapped_column(default=False)
    consent_date: Mapped[date | None]
    registered_on: Mapped[date]
    full_name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))


class Enrolment(Versioned, Base):
    __tablename__ = "enrolment"
    __table_args__ = (
        UniqueConstraint("group_id", "participant_id"),
        CheckConstraint(one_of("status", ENROLMENT_STATUSES), name="status_known"),
        CheckConstraint("status <> 'dropped_out' OR dropout_reason IS NOT NULL", name="dropout_has_reason"),
        CheckConstraint("assessment_score IS NULL OR assessment_score BETWEEN 0 AND 100", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("training_group.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    enrolled_on: Mapped[date] = mapped_column(index=True)
    over_capacity_reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="enrolled")
    completed_on: Mapped[date | None]
    assessment_score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    certified: Mapped[bool] = mapped_column(default=False)
    certified_on: Mapped[date | None]
    dropout_reason: Mapped[str | None] = mapped_column(Text)
    dropout_on: Mapped[date | None]


class TrainingSession(Versioned, Base):
    __tablename__ = "training_session"
    __table_args__ = (
        UniqueConstraint("group_id", "session_date", "topic"),
        CheckConstraint("hours > 0", name="hours_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("training_group.id", ondelete="CASCADE"))
    session_date: Mapped[date] = mapped_column(index=True)
    topic: Mapped[str] = mapped_column(String(200))
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 2))


class Attendance(Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "enrolment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id", ondelete="CASCADE"))
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id", ondelete="CASCADE"), index=True)
    present: Mapped[bool]


class FollowUp(Versioned, Base):
    """Employment status of a trainee some months after the training ended; corrected in place, so versioned."""

    __tablename__ = "follow_up"
    __table_args__ = (
        UniqueConstraint("enrolment_id", "months_after"),
        CheckConstraint("months_after IN (3, 6, 12)", name="months_known"),
        CheckConstraint(one_of("status", FOLLOW_UP_STATUSES), name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id", ondelete="CASCADE"))
    months_after: Mapped[int]
    contact_date: Mapped[date] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(20))
    sector: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str] = mapped_column(Text, default="")
