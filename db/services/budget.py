"""Writing the budget: expenditures (MAD or USD, with the rate used) and the lines' amounts.

Each use case takes its typed input (domain/budget_inputs.py). The rules that span rows hold under
concurrency: the line is locked before what was spent on it is summed (overspending needs a justification),
and the project is locked before its lines are re-checked against the budget (the 200,000 sum and the
30 % staff + office cap)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.concurrency import check_version, lock_row
from db.models import BudgetLine, ExchangeRate, Expenditure, PlannedAmount, Project
from db.services.period_locks import lock_problems
from domain.budget import LinePlan, budget_problems, quarter_of, to_usd
from domain.budget_inputs import BudgetLinesInput, ExpenditureInput, PlannedAmountsInput, VarianceExplanation
from domain.errors import Problem, ValidationError, check
from domain.inputs import date_problems


def year_rate(session: Session, *, project_id: int, currency: str, on: date) -> Decimal | None:
    """The year's average rate of `currency` per USD (1 for USD)."""
    if currency == "USD":
        return Decimal(1)
    return session.scalar(select(ExchangeRate.units_per_usd).where(
        ExchangeRate.project_id == project_id, ExchangeRate.currency == currency, ExchangeRate.year == on.year))


def _locked_line(session: Session, line_id: int) -> BudgetLine:
    line = lock_row(session, BudgetLine, line_id)
    if line is None:
        raise ValidationError([Problem("line_id", "error.progress_budget_line_unknown")])
    return line


def record_expenditure(session: Session, *, actor: Actor, given: ExpenditureInput) -> Expenditure:
    """Record money spent; USD value = amount ÷ rate (the year's rate unless another is given).

    An expenditure that takes its line over its budget needs a written justification, kept with it; what
    the line has spent is summed after the line is locked, so two expenditures at once cannot both slip
    under the budget unjustified."""
    require_role(actor, ADMIN, COORDINATOR)
    line = _locked_line(session, given.line_id)
    project = session.get(Project, line.project_id)
    spent_on, amount, currency = given.spent_on, given.amount, given.currency
    problems = date_problems("spent_on", spent_on, project.start_date, project.end_date)
    problems += lock_problems(session, project_id=project.id, field="spent_on", day=spent_on)
    rate = Decimal(1) if currency == "USD" else given.mad_per_usd
    if rate is None:
        rate = year_rate(session, project_id=project.id, currency=currency, on=spent_on)
        if rate is None:
            problems.append(Problem("mad_per_usd", "error.progress_rate_missing", {"year": spent_on.year}))
    usd = to_usd(amount, rate) if rate else None
    if usd is not None:
        spent = Decimal(session.scalar(select(func.coalesce(func.sum(Expenditure.amount_usd), 0))
                                       .where(Expenditure.line_id == line.id)) or 0)
        if spent + usd > line.amount_usd and not given.justification:
            problems.append(Problem("justification", "error.progress_overspend_needs_justification", {
                "line": line.code, "over": f"{spent + usd - line.amount_usd:,.2f}"}))
    check(problems)
    row = Expenditure(line_id=line.id, spent_on=spent_on, description=given.description, amount=amount,
                      currency=currency, units_per_usd=rate, amount_usd=usd,
                      overspend_justification=given.justification or None, recorded_by=actor.username)
    session.add(row)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="expenditure", entity_id=row.id, line=line.code,
                 amount=str(amount), currency=currency, rate=str(rate), amount_usd=str(usd),
                 overspend=bool(given.justification))
    return row


def set_budget_lines(session: Session, *, actor: Actor, project_id: int, given: BudgetLinesInput) -> list[BudgetLine]:
    """Change the lines' USD amounts at once; they must still sum to the budget with staff + office ≤ 30 %."""
    require_role(actor, ADMIN)
    project = lock_row(session, Project, project_id)
    if project is None:
        raise ValidationError([Problem("project", "error.progress_project_unknown")])
    lines = list(session.scalars(select(BudgetLine).where(BudgetLine.project_id == project_id)
                                 .order_by(BudgetLine.id)))
    if set(given.amounts) - {line.id for line in lines}:
        raise ValidationError([Problem("amounts", "error.progress_budget_line_unknown")])
    new = {line.id: given.amounts.get(line.id, line.amount_usd) for line in lines}
    check(budget_problems([LinePlan(line.code, line.category, new[line.id]) for line in lines],
                          Decimal(project.budget_usd)))
    changed = {}
    for line in lines:
        if new[line.id] != line.amount_usd:
            changed[line.code] = f"{line.amount_usd} → {new[line.id]}"
            line.amount_usd = new[line.id]
    session.flush()
    audit.record(session, actor=actor, action="update", entity="budget_line", entity_id=None, **changed)
    return lines


def explain_variance(session: Session, *, actor: Actor, given: VarianceExplanation) -> BudgetLine:
    """Write why a line is over or under its plan."""
    require_role(actor, ADMIN, COORDINATOR)
    line = _locked_line(session, given.line_id)
    check_version(session, line, given.expected_version, entity="budget_line", fields=("variance_explanation",))
    before = audit.snapshot(line, ("variance_explanation",))
    line.variance_explanation = given.explanation
    session.flush()
    audit.record_update(session, actor=actor, entity="budget_line", row=line, before=before)
    return line


def set_planned_amounts(session: Session, *, actor: Actor, given: PlannedAmountsInput) -> list[PlannedAmount]:
    """Replace a line's quarterly plan; the quarters must lie in the project and add up to the line's amount."""
    require_role(actor, ADMIN)
    line = _locked_line(session, given.line_id)
    project = session.get(Project, line.project_id)
    parsed = given.amounts
    problems: list[Problem] = []
    for quarter in sorted(parsed):
        if quarter.day != 1 or quarter.month not in (1, 4, 7, 10) or not (
                quarter_of(project.start_date) <= quarter <= project.end_date):
            problems.append(Problem("amounts", "error.progress_quarter_invalid", {"quarter": quarter.isoformat()}))
            break
    total = sum(parsed.values(), Decimal(0))
    if not problems and total != line.amount_usd:
        problems.append(Problem("amounts", "error.progress_plan_sum", {
            "line": line.code, "total": f"{total:,.2f}", "amount": f"{line.amount_usd:,.2f}"}))
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
