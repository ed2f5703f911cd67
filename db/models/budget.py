"""Budget lines, planned amounts by quarter and expenditures (with the currency and rate used)."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, Rate, Versioned, one_of, utcnow

LINE_CATEGORIES = ("staff", "office", "operational", "overhead")
CURRENCIES = ("USD", "MAD")
# IDF rule: staff and office costs together at most 30 % of the total budget.
STAFF_AND_OFFICE_CAP = Decimal("0.30")


class BudgetLine(Versioned, Base):
    __tablename__ = "budget_line"
    __table_args__ = (
        UniqueConstraint("project_id", "code"),
        CheckConstraint(one_of("category", LINE_CATEGORIES), name="category_known"),
        CheckConstraint("amount_usd >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    name_fr: Mapped[str | None] = mapped_column(String(200))  # the French wording, when it differs
    category: Mapped[str] = mapped_column(String(20))
    amount_usd: Mapped[Decimal]
    variance_explanation: Mapped[str] = mapped_column(Text, default="")


class PlannedAmount(Base):
    """What a line planned to spend in one calendar quarter (identified by the quarter's first day)."""

    __tablename__ = "planned_amount"
    __table_args__ = (
        UniqueConstraint("line_id", "quarter_start"),
        CheckConstraint("amount_usd >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("budget_line.id", ondelete="CASCADE"))
    quarter_start: Mapped[date]
    amount_usd: Mapped[Decimal]


class Expenditure(Base):
    """Money spent, in the currency paid, with the rate used to convert it to USD kept alongside."""

    __tablename__ = "expenditure"
    __table_args__ = (
        CheckConstraint(one_of("currency", CURRENCIES), name="currency_known"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("units_per_usd > 0", name="rate_positive"),
        CheckConstraint("currency <> 'USD' OR units_per_usd = 1", name="usd_rate_is_one"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("budget_line.id"), index=True)
    spent_on: Mapped[date] = mapped_column(index=True)
    description: Mapped[str] = mapped_column(Text)
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    units_per_usd: Mapped[Decimal] = mapped_column(Rate)
    amount_usd: Mapped[Decimal]
    # A start-up grant or kit: entered once, counted both in the pipeline and on its budget line.
    business_plan_id: Mapped[int | None] = mapped_column(ForeignKey("business_plan.id"), index=True)
    overspend_justification: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(60))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
