"""Micro-enterprise pipeline: business plans, their owners, status history, review scores and follow-up."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Rate, Versioned, one_of, utcnow
from domain.vocabulary import ENTERPRISE_STATUSES, PLAN_STATUSES, REVENUE_BANDS  # noqa: F401 - re-exported
RUBRIC = ("viability", "market", "feasibility", "financial_plan", "capacity")


class BusinessPlan(Versioned, Base):
    __tablename__ = "business_plan"
    __table_args__ = (
        UniqueConstraint("project_id", "code"),
        CheckConstraint(one_of("status", PLAN_STATUSES), name="status_known"),
        CheckConstraint("requested_mad >= 0", name="requested_not_negative"),
        CheckConstraint("approved_mad IS NULL OR approved_mad >= 0", name="approved_not_negative"),
        CheckConstraint("mad_per_usd > 0", name="rate_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20))
    business_idea: Mapped[str] = mapped_column(Text)
    sector: Mapped[str] = mapped_column(String(100))
    city: Mapped[str] = mapped_column(String(60))
    requested_mad: Mapped[Decimal]
    approved_mad: Mapped[Decimal | None]
    mad_per_usd: Mapped[Decimal] = mapped_column(Rate)
    documents_ref: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    created_on: Mapped[date]


class BusinessPlanOwner(Base):
    """Owners of a plan: one participant, or several for a group enterprise."""

    __tablename__ = "business_plan_owner"
    __table_args__ = (UniqueConstraint("plan_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("business_plan.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)


class PlanTransition(Base):
    """One move of a plan through the pipeline, dated when it happened in the field."""

    __tablename__ = "plan_transition"
    __table_args__ = (
        CheckConstraint(one_of("to_status", PLAN_STATUSES), name="to_status_known"),
        CheckConstraint("from_status IS NULL OR " + one_of("from_status", PLAN_STATUSES), name="from_status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("business_plan.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    occurred_on: Mapped[date]
    actor: Mapped[str] = mapped_column(String(60))
    comment: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PlanScore(Base):
    """One reviewer's rubric, each criterion scored 1–5."""

    __tablename__ = "plan_score"
    __table_args__ = (
        UniqueConstraint("plan_id", "reviewer"),
        *[CheckConstraint(f"{c} BETWEEN 1 AND 5", name=f"{c}_1_to_5") for c in RUBRIC],
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("business_plan.id", ondelete="CASCADE"))
    reviewer: Mapped[str] = mapped_column(String(60))
    scored_on: Mapped[date]
    viability: Mapped[int]
    market: Mapped[int]
    feasibility: Mapped[int]
    financial_plan: Mapped[int]
    capacity: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")


class MentoringVisit(Base):
    __tablename__ = "mentoring_visit"
    __table_args__ = (CheckConstraint(one_of("revenue_band", REVENUE_BANDS), name="revenue_band_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("business_plan.id", ondelete="CASCADE"))
    visit_date: Mapped[date]
    revenue_band: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")


class EnterpriseStatus(Base):
    """Whether a launched enterprise still operates 3, 6 or 12 months after launch."""

    __tablename__ = "enterprise_status"
    __table_args__ = (
        UniqueConstraint("plan_id", "months_after"),
        CheckConstraint("months_after IN (3, 6, 12)", name="months_known"),
        CheckConstraint(one_of("status", ENTERPRISE_STATUSES), name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("business_plan.id", ondelete="CASCADE"))
    months_after: Mapped[int]
    observed_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(20))
