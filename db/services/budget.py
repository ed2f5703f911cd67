"""Writing the budget: expenditures (MAD or USD, with the rate used) and the lines' amounts."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from domain.errors import Problem, ValidationError, check
from db.models import BudgetLine, ExchangeRate, Expenditure, PlannedAmount, Project
from db.models.budget import CURRENCIES
from domain.budget import LinePlan, budget_problems, quarter_of, to_usd


def decimal_or_none(value: object) -> Decimal | None:
    try:
        number = Decimal(str(value).replace(",", ".").replace(" ", "")) if value not in (None, "") else None
    except InvalidOperation:
        return None
    return number if number is not None and number.is_finite() else None


def year_rate(session: Session, *, project_id: int, currency: str, on: date) -> Decimal | None:
    """The year's average rate of `currency` per USD (1 for USD)."""
    if currency == "USD":
        return Decimal(1)
    return session.scalar(select(ExchangeRate.units_per_usd).where(
        ExchangeRate.project_id == project_id, ExchangeRate.currency == currency, ExchangeRate.year == on.year))


def record_expenditure(session: Session, *, actor: Actor, line_id: int, spent_on: date | None, description: str,
                       amount: object, currency: str, units_per_usd: object = None,
                       overspend_justification: str = "") -> Expenditure:
    """Record money spent; USD value = amount ÷ rate (the year's rate unless another is given).

    An expenditure that takes its line over its budget needs a written justification, kept with it.
    """
    require_role(actor, ADMIN, COORDINATOR)
    problems: list[Problem] = []
    line = session.get(BudgetLine, line_id) if line_id else None
    if line is None:
        problems.append(Problem("line", "error.progress_budget_line_unknown"))
    project = session.get(Project, line.project_id) if line else None
    if spent_on is None:
        problems.append(Problem("spent_on", "error.required"))
    elif project and not project.start_date <= spent_on <= project.end_date:
        problems.append(Problem("spent_on", "error.progress_outside_project", {
            "start": project.start_date.isoformat(), "end": project.end_date.isoformat()}))
    if not (description or "").strip():
        problems.append(Problem("description", "error.required"))
    value = decimal_or_none(amount)
    if value is None or value <= 0:
        problems.append(Problem("amount", "error.progress_amount_positive"))
    if currency not in CURRENCIES:
        problems.append(Problem("currency", "error.progress_currency_unknown"))
    rate = decimal_or_none(units_per_usd) if units_per_usd not in (None, "") else None
    if units_per_usd not in (None, "") and (rate is None or rate <= 0):
        problems.append(Problem("rate", "error.progress_rate_positive"))
    elif currency == "USD":
        rate = Decimal(1)
    elif rate is None and line and spent_on and currency in CURRENCIES:
        rate = year_rate(session, project_id=line.project_id, currency=currency, on=spent_on)
        if rate is None:
            problems.append(Problem("rate", "error.progress_rate_missing", {"year": spent_on.year}))
    justification = (overspend_justification or "").strip()
    usd = to_usd(value, rate) if value and value > 0 and rate and rate > 0 else None
    if line and usd is not None:
        spent = session.scalar(select(func.coalesce(func.sum(Expenditure.amount_usd), 0))
                               .where(Expenditure.line_id == line.id)) or 0
        if Decimal(str(spent)) + usd > line.amount_usd and not justification:
            problems.append(Problem("justification", "error.progress_overspend_needs_justification", {
                "line": line.code, "over": f"{Decimal(str(spent)) + usd - line.amount_usd:,.2f}"}))
    check(problems)
    row = Expenditure(line_id=line.id, spent_on=spent_on, description=description.strip(), amount=value,
                      currency=currency, units_per_usd=rate, amount_usd=usd,
                      overspend_justification=justification or None, recorded_by=actor.username)
    session.add(row)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="expenditure", entity_id=row.id, line=line.code,
                 amount=str(value), currency=currency, rate=str(rate), amount_usd=str(usd),
                 overspend=bool(justification))
    return row


def set_budget_lines(session: Session, *, actor: Actor, project_id: int,
                     amounts: Mapping[int, object]) -> list[BudgetLine]:
    """Change the lines' USD amounts at once; they must still sum to the budget with staff + office ≤ 30 %."""
    require_role(actor, ADMIN)
    project = session.get(Project, project_id)
    lines = list(session.scalars(select(BudgetLine).where(BudgetLine.project_id == project_id)))
    problems: list[Problem] = []
    if project is None:
        raise ValidationError([Problem("project", "error.progress_project_unknown")])
    new: dict[int, Decimal] = {}
    for line in lines:
        value = decimal_or_none(amounts.get(line.id, line.amount_usd))
        if value is None or value < 0:
            problems.append(Problem(f"line_{line.id}", "error.progress_amount_not_negative", {"line": line.code}))
        else:
            new[line.id] = value
    unknown = set(amounts) - {line.id for line in lines}
    if unknown:
        problems.append(Problem("line", "error.progress_budget_line_unknown"))
    if not problems:
        problems += budget_problems([LinePlan(line.code, line.category, new[line.id]) for line in lines],
                                    Decimal(project.budget_usd))
    check(problems)
    changed = {}
    for line in lines:
        if new[line.id] != line.amount_usd:
            changed[line.code] = f"{line.amount_usd} → {new[line.id]}"
            line.amount_usd = new[line.id]
    audit.record(session, actor=actor, action="update", entity="budget_line", entity_id=None, **changed)
    return lines


def explain_variance(session: Session, *, actor: Actor, line_id: int, explanation: str) -> BudgetLine:
    """Write why a line is over or under its plan."""
    require_role(actor, ADMIN, COORDINATOR)
    line = session.get(BudgetLine, line_id)
    problems = []
    if line is None:
        problems.append(Problem("line", "error.progress_budget_line_unknown"))
    if not (explanation or "").strip():
        problems.append(Problem("explanation", "error.required"))
    check(problems)
    line.variance_explanation = explanation.strip()
    audit.record(session, actor=actor, action="update", entity="budget_line", entity_id=line.id,
                 variance_explanation=line.variance_explanation)
    return line


def set_planned_amounts(session: Session, *, actor: Actor, line_id: int,
                        amounts: Mapping[date, object]) -> list[PlannedAmount]:
    """Replace a line's quarterly plan; the quarters must lie in the project and add up to the line's amount."""
    require_role(actor, ADMIN)
    line = session.get(BudgetLine, line_id) if line_id else None
    if line is None:
        raise ValidationError([Problem("line", "error.progress_budget_line_unknown")])
    project = session.get(Project, line.project_id)
    problems: list[Problem] = []
    parsed: dict[date, Decimal] = {}
    for quarter, value in amounts.items():
        number = decimal_or_none(value)
        if number is None or number < 0:
            problems.append(Problem("amounts", "error.progress_amount_not_negative", {"line": line.code}))
            break
        if quarter.day != 1 or quarter.month not in (1, 4, 7, 10) or not (
                quarter_of(project.start_date) <= quarter <= project.end_date):
            problems.append(Problem("amounts", "error.progress_quarter_invalid", {"quarter": quarter.isoformat()}))
            break
        parsed[quarter] = number
    if not problems and sum(parsed.values(), Decimal(0)) != line.amount_usd:
        problems.append(Problem("amounts", "error.progress_plan_sum", {
            "line": line.code, "total": f"{sum(parsed.values(), Decimal(0)):,.2f}",
            "amount": f"{line.amount_usd:,.2f}"}))
    check(problems)
    before = {}
    for row in session.scalars(select(PlannedAmount).where(PlannedAmount.line_id == line.id)):
        before[row.quarter_start.isoformat()] = str(row.amount_usd)
        session.delete(row)
    session.flush()
    rows = [PlannedAmount(line_id=line.id, quarter_start=q, amount_usd=v) for q, v in sorted(parsed.items()) if v]
    session.add_all(rows)
    session.flush()
    audit.record(session, actor=actor, action="update", entity="planned_amount", entity_id=line.id, line=line.code,
                 quarters={q.isoformat(): str(v) for q, v in sorted(parsed.items())},
                 before=dict(sorted(before.items())))  # the plan it replaced: a budget revision's original
    return rows
