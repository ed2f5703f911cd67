"""What a donor report needs beyond the pages' reads: the publishing settings, the implementing partners and
the budget revisions (kept in the audit trail of the quarterly plans)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from db.models import AuditEntry, BudgetLine, Expenditure, Institution, PlannedAmount, Project
from domain.budget import quarter_of
from domain.budget_revisions import Plan, PlanRevision


@dataclass(frozen=True)
class Publisher:
    """The project as it is published: identity, reporting organisation, texts in English and French."""

    project_id: int
    code: str
    title: str
    title_fr: str
    description_en: str
    description_fr: str
    fund: str
    reporting_org_ref: str
    reporting_org_name: str
    start_date: date
    end_date: date
    budget_usd: Decimal
    partners: tuple[tuple[str, str], ...]  # implementing partners: (name, institution type)


def publisher(session: Session, *, project_id: int) -> Publisher:
    """The project's publishing settings and its implementing partners (by name)."""
    p = session.get(Project, project_id)
    if p is None:
        raise LookupError(f"no project {project_id}")
    partners = tuple(session.execute(select(Institution.name, Institution.type)
                                     .where(Institution.is_implementing_partner).order_by(Institution.name)).all())
    return Publisher(p.id, p.code, p.title, p.title_fr, p.description_en, p.description_fr, p.fund,
                     p.reporting_org_ref, p.reporting_org_name, p.start_date, p.end_date, Decimal(p.budget_usd),
                     tuple((name, kind) for name, kind in partners))


def current_plans(session: Session, *, project_id: int) -> dict[int, dict[date, Decimal]]:
    """Every line's quarterly plan as it stands now, by line id (a line without a plan maps to {})."""
    plans: dict[int, dict[date, Decimal]] = {
        line_id: {} for line_id in session.scalars(select(BudgetLine.id).where(BudgetLine.project_id == project_id))}
    for line_id, quarter, amount in session.execute(
            select(PlannedAmount.line_id, PlannedAmount.quarter_start, PlannedAmount.amount_usd)
            .join(BudgetLine, BudgetLine.id == PlannedAmount.line_id)
            .where(BudgetLine.project_id == project_id)):
        plans[line_id][quarter] = Decimal(str(amount))
    return plans


def plan_revisions(session: Session, *, project_id: int) -> dict[int, list[PlanRevision]]:
    """Each line's plan revisions, oldest first, read from the audit entries `set_planned_amounts` writes
    (those without the replaced plan, written before it was kept, are skipped: their original is unknown)."""
    line_ids = select(BudgetLine.id).where(BudgetLine.project_id == project_id)
    out: dict[int, list[PlanRevision]] = {}
    for line_id, at, detail in session.execute(
            select(AuditEntry.entity_id, AuditEntry.at, AuditEntry.detail)
            .where(AuditEntry.entity == "planned_amount", AuditEntry.entity_id.in_(line_ids))
            .order_by(AuditEntry.id)):
        data = json.loads(detail or "{}")
        if "before" not in data:
            continue
        out.setdefault(line_id, []).append(PlanRevision(line_id, _day(at), _plan(data["before"]),
                                                        _plan(data["quarters"])))
    return out


def last_update(session: Session) -> datetime | None:
    """When the data last changed: the time of the latest audit entry."""
    return session.scalar(select(AuditEntry.at).order_by(AuditEntry.id.desc()).limit(1))


def _plan(quarters: dict[str, str]) -> Plan:
    return {date.fromisoformat(q): Decimal(v) for q, v in quarters.items() if Decimal(v)}


def _day(at: datetime) -> date:
    return at.date()


def spent_by_line_and_quarter(session: Session, *, project_id: int, as_of: date) -> dict[tuple[int, date], Decimal]:
    """USD spent up to `as_of`, summed in SQL per line and month, then gathered by (line id, quarter start)."""
    year, month = extract("year", Expenditure.spent_on), extract("month", Expenditure.spent_on)
    out: dict[tuple[int, date], Decimal] = {}
    for line_id, y, m, value in session.execute(
            select(Expenditure.line_id, year, month, func.sum(Expenditure.amount_usd))
            .join(BudgetLine, BudgetLine.id == Expenditure.line_id)
            .where(BudgetLine.project_id == project_id, Expenditure.spent_on <= as_of)
            .group_by(Expenditure.line_id, year, month)):
        key = (line_id, quarter_of(date(int(y), int(m), 1)))
        out[key] = out.get(key, Decimal(0)) + Decimal(str(value))
    return out
