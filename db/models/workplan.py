"""Workplan activities and milestones on the 2014–2017 timeline."""
from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Versioned, one_of

COMPONENTS = ("vocational_training", "entrepreneurship", "capacity_building", "management")
MILESTONE_KINDS = (
    "steering_committee", "interim_report", "final_report", "budget_revision",
    "extension_request", "closing_workshop", "other",
)


class WorkplanActivity(Versioned, Base):
    __tablename__ = "workplan_activity"
    __table_args__ = (
        UniqueConstraint("project_id", "code"),
        CheckConstraint(one_of("component", COMPONENTS), name="component_known"),
        CheckConstraint("planned_end >= planned_start", name="planned_ordered"),
        CheckConstraint("actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start",
                        name="actual_ordered"),
        CheckConstraint("percent_complete BETWEEN 0 AND 100", name="percent_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    component: Mapped[str] = mapped_column(String(30))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    responsible: Mapped[str] = mapped_column(String(120), default="")
    planned_start: Mapped[date]
    planned_end: Mapped[date]
    actual_start: Mapped[date | None]
    actual_end: Mapped[date | None]
    percent_complete: Mapped[int] = mapped_column(default=0)


class Milestone(Versioned, Base):
    __tablename__ = "milestone"
    __table_args__ = (CheckConstraint(one_of("kind", MILESTONE_KINDS), name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(300))
    due_date: Mapped[date]
    done_on: Mapped[date | None]
