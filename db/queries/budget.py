"""Budget lines, plan and spending, aggregated in SQL and cut at an as-of date."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from db.models import BudgetLine, ExchangeRate, Expenditure, PlannedAmount
from domain.budget import quarter_of


def lines(session: Session, *, project_id: int, as_of: date) -> pd.DataFrame:
    """Each line with its budget, whole plan, plan for quarters started by `as_of`, and USD spent by then."""
    planned_total = (select(PlannedAmount.line_id, func.sum(PlannedAmount.amount_usd).label("v"))
                     .group_by(PlannedAmount.line_id).subquery())
    planned_to_date = (select(PlannedAmount.line_id, func.sum(PlannedAmount.amount_usd).label("v"))
                       .where(PlannedAmount.quarter_start <= as_of).group_by(PlannedAmount.line_id).subquery())
    spent = (select(Expenditure.line_id, func.sum(Expenditure.amount_usd).label("v"),
                    func.count(Expenditure.overspend_justification).label("flagged"))
             .where(Expenditure.spent_on <= as_of).group_by(Expenditure.line_id).subquery())
    rows = session.execute(
        select(BudgetLine.id, BudgetLine.code, BudgetLine.name, BudgetLine.category, BudgetLine.amount_usd,
               BudgetLine.name_fr,
               func.coalesce(planned_total.c.v, 0), func.coalesce(planned_to_date.c.v, 0),
               func.coalesce(spent.c.v, 0), func.coalesce(spent.c.flagged, 0), BudgetLine.variance_explanation,
               BudgetLine.version)
        .outerjoin(planned_total, planned_total.c.line_id == BudgetLine.id)
        .outerjoin(planned_to_date, planned_to_date.c.line_id == BudgetLine.id)
        .outerjoin(spent, spent.c.line_id == BudgetLine.id)
        .where(BudgetLine.project_id == project_id).order_by(BudgetLine.id)).all()
    frame = pd.DataFrame(rows, columns=["id", "code", "name", "category", "amount_usd", "name_fr", "planned_total",
                                        "planned_to_date", "spent_usd", "flagged", "variance_explanation",
                                        "version"])
    for column in ("amount_usd", "planned_total", "planned_to_date", "spent_usd"):
        frame[column] = [Decimal(str(v)).quantize(Decimal("0.01")) for v in frame[column]]
    return frame


def by_quarter(session: Session, *, project_id: int, as_of: date) -> pd.DataFrame:
    """Planned (whole plan) and spent (up to `as_of`) USD per calendar quarter, summed in SQL."""
    planned = session.execute(
        select(PlannedAmount.quarter_start, func.sum(PlannedAmount.amount_usd))
        .join(BudgetLine, BudgetLine.id == PlannedAmount.line_id)
        .where(BudgetLine.project_id == project_id).group_by(PlannedAmount.quarter_start)).all()
    year, month = extract("year", Expenditure.spent_on), extract("month", Expenditure.spent_on)
    spent = session.execute(
        select(year, month, func.sum(Expenditure.amount_usd))
        .join(BudgetLine, BudgetLine.id == Expenditure.line_id)
        .where(BudgetLine.project_id == project_id, Expenditure.spent_on <= as_of)
        .group_by(year, month)).all()
    out: dict[date, dict[str, Decimal]] = {}
    for quarter, value in planned:
        out.setdefault(quarter, {"planned": Decimal(0), "spent": Decimal(0)})["planned"] += Decimal(str(value))
    for y, m, value in spent:
        quarter = quarter_of(date(int(y), int(m), 1))
        out.setdefault(quarter, {"planned": Decimal(0), "spent": Decimal(0)})["spent"] += Decimal(str(value))
    rows = [{"quarter": q, **out[q]} for q in sorted(out)]
    return pd.DataFrame(rows, columns=["quarter", "planned", "spent"])


def recent_expenditures(session: Session, *, project_id: int, as_of: date, limit: int | None = 15) -> pd.DataFrame:
    """The latest expenditures on or before `as_of` (no personal data: what, when, how much, which line);
    `limit` None: all of them."""
    rows = session.execute(
        select(Expenditure.spent_on, BudgetLine.code, Expenditure.description, Expenditure.amount,
               Expenditure.currency, Expenditure.units_per_usd, Expenditure.amount_usd,
               Expenditure.overspend_justification)
        .join(BudgetLine, BudgetLine.id == Expenditure.line_id)
        .where(BudgetLine.project_id == project_id, Expenditure.spent_on <= as_of)
        .order_by(Expenditure.spent_on.desc(), Expenditure.id.desc()).limit(limit)).all()
    return pd.DataFrame(rows, columns=["spent_on", "line", "description", "amount", "currency", "rate",
                                       "amount_usd", "justification"])


def exchange_rates(session: Session, *, project_id: int, currency: str = "MAD") -> dict[int, Decimal]:
    """The year's average rate of `currency` per USD, by year."""
    return {y: Decimal(r) for y, r in session.execute(
        select(ExchangeRate.year, ExchangeRate.units_per_usd)
        .where(ExchangeRate.project_id == project_id, ExchangeRate.currency == currency))}


def planned_amounts(session: Session, *, line_id: int) -> dict[date, Decimal]:
    """One line's plan by quarter."""
    return {q: Decimal(str(v)) for q, v in session.execute(
        select(PlannedAmount.quarter_start, PlannedAmount.amount_usd)
        .where(PlannedAmount.line_id == line_id).order_by(PlannedAmount.quarter_start))}
