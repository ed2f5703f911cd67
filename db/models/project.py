"""The project itself (metadata as data) and shared reference data: institutions and exchange rates."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Rate, Versioned, one_of

INSTITUTION_TYPES = ("government", "ngo", "private_sector", "international", "academia")
INSTITUTION_LEVELS = ("local", "central")


class Project(Base):
    __tablename__ = "project"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates_ordered"),
        CheckConstraint("budget_usd > 0", name="budget_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    prima_id: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    project_type: Mapped[str] = mapped_column(String(100))
    fund: Mapped[str] = mapped_column(String(100))
    region: Mapped[str] = mapped_column(String(60))
    member_state: Mapped[str] = mapped_column(String(60))
    coverage: Mapped[str] = mapped_column(String(60))
    target_group: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[date]
    end_date: Mapped[date]
    budget_usd: Mapped[Decimal]
    is_illustrative: Mapped[bool] = mapped_column(default=False)
    # Publishing settings (IATI): the reporting organisation's identifier (IOM: DAC channel 47066 →
    # "XM-DAC-47066") and name; the activity identifier is that identifier, a hyphen, then the project code.
    reporting_org_ref: Mapped[str] = mapped_column(String(60), default="", server_default="")
    reporting_org_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    title_fr: Mapped[str] = mapped_column(String(300), default="", server_default="")
    description_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    description_fr: Mapped[str] = mapped_column(Text, default="", server_default="")


class Institution(Versioned, Base):
    """A Moroccan or international actor: implementing partner, training provider or event participant."""

    __tablename__ = "institution"
    __table_args__ = (
        CheckConstraint(one_of("type", INSTITUTION_TYPES), name="type_known"),
        CheckConstraint(one_of("level", INSTITUTION_LEVELS), name="level_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    acronym: Mapped[str | None] = mapped_column(String(30))
    type: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(60))
    is_implementing_partner: Mapped[bool] = mapped_column(default=False)


class ExchangeRate(Base):
    """Average units of a currency per USD for a year (the rate used when no other is stated)."""

    __tablename__ = "exchange_rate"
    __table_args__ = (
        UniqueConstraint("project_id", "currency", "year"),
        CheckConstraint("units_per_usd > 0", name="rate_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    currency: Mapped[str] = mapped_column(String(3))
    year: Mapped[int]
    units_per_usd: Mapped[Decimal] = mapped_column(Rate)


class NumberCounter(Base):
    """The last number handed out in a series of codes (participants of a city, groups of a kind and city),
    incremented under a row lock so that concurrent registrations never collide (db/concurrency.take_numbers)."""

    __tablename__ = "number_counter"
    __table_args__ = (UniqueConstraint("project_id", "series"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    series: Mapped[str] = mapped_column(String(60))
    last_value: Mapped[int] = mapped_column(default=0)
