"""Results framework: objective → outcomes → outputs, indicators, their targets, results and target changes."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Measure, Versioned, one_of, utcnow

LEVEL_KINDS = ("objective", "outcome", "output")
FREQUENCIES = ("lop", "annual", "semi_annual", "quarterly", "monthly", "event")
MEASURE_TYPES = ("number", "percentage")
DIRECTIONS = ("increase", "decrease")
SOURCES = ("computed", "reported")


class ResultLevel(Versioned, Base):
    __tablename__ = "result_level"
    __table_args__ = (
        UniqueConstraint("project_id", "code"),
        CheckConstraint(one_of("kind", LEVEL_KINDS), name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("result_level.id"))
    kind: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(20))
    statement: Mapped[str] = mapped_column(Text)
    statement_fr: Mapped[str | None] = mapped_column(Text)  # the French wording, when it differs
    assumptions: Mapped[str] = mapped_column(Text, default="")


class Indicator(Versioned, Base):
    __tablename__ = "indicator"
    __table_args__ = (
        UniqueConstraint("level_id", "code"),
        CheckConstraint(one_of("frequency", FREQUENCIES), name="frequency_known"),
        CheckConstraint(one_of("measure_type", MEASURE_TYPES), name="measure_type_known"),
        CheckConstraint(one_of("direction", DIRECTIONS), name="direction_known"),
        CheckConstraint(one_of("source", SOURCES), name="source_known"),
        CheckConstraint("source = 'reported' OR computed_measure IS NOT NULL", name="computed_has_measure"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    level_id: Mapped[int] = mapped_column(ForeignKey("result_level.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text)
    name_fr: Mapped[str | None] = mapped_column(Text)  # the French wording, when it differs
    unit: Mapped[str] = mapped_column(String(60))
    measure_type: Mapped[str] = mapped_column(String(20), default="number")
    cumulative: Mapped[bool] = mapped_column(default=False)
    direction: Mapped[str] = mapped_column(String(10), default="increase")
    baseline: Mapped[Decimal] = mapped_column(Measure, default=0)
    lop_target: Mapped[Decimal | None] = mapped_column(Measure)
    frequency: Mapped[str] = mapped_column(String(20), default="lop")
    means_of_verification: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(10), default="reported")
    computed_measure: Mapped[str | None] = mapped_column(String(60))
    disaggregations: Mapped[str] = mapped_column(String(200), default="")


class IndicatorTarget(Base):
    __tablename__ = "indicator_target"
    __table_args__ = (
        UniqueConstraint("indicator_id", "period_start"),
        CheckConstraint("period_end >= period_start", name="period_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    period_start: Mapped[date]
    period_end: Mapped[date]
    target: Mapped[Decimal] = mapped_column(Measure)


class IndicatorResult(Base):
    """A value reported by hand for a period, optionally one category of a disaggregation."""

    __tablename__ = "indicator_result"
    __table_args__ = (
        UniqueConstraint("indicator_id", "period_start", "dimension", "category"),
        CheckConstraint("period_end >= period_start", name="period_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    period_start: Mapped[date]
    period_end: Mapped[date]
    dimension: Mapped[str] = mapped_column(String(30), default="total")
    category: Mapped[str] = mapped_column(String(60), default="")
    value: Mapped[Decimal] = mapped_column(Measure)
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_ref: Mapped[str] = mapped_column(String(300), default="")
    reported_by: Mapped[str] = mapped_column(String(60))
    reported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TargetChange(Base):
    """Why a baseline or target moved: kept forever, never edited."""

    __tablename__ = "target_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str] = mapped_column(String(60), default="")
    new_value: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(60))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
