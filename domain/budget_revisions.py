"""A budget's plan as it stood on a date, and its yearly totals: what a donor report calls the original
and the revised budget.

A revision replaces one line's quarterly plan; the audit trail keeps, for each, the plan it replaced and
the new one. The original plan is the one in force before the first revision (or today's, when never
revised); the plan on a date is the one in force after the last revision made on or before it."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

Plan = Mapping[date, Decimal]  # quarter start → USD


@dataclass(frozen=True)
class PlanRevision:
    """One line's quarterly plan replaced on `made_on`."""

    line_id: int
    made_on: date
    before: Plan
    after: Plan


def original_plan(current: Plan, revisions: Sequence[PlanRevision]) -> Plan:
    """The line's plan before its first revision; `revisions` are one line's, oldest first."""
    return revisions[0].before if revisions else current


def plan_on(current: Plan, revisions: Sequence[PlanRevision], day: date) -> Plan:
    """The line's plan in force on `day`: after the last revision made by then, else the original."""
    made = [r for r in revisions if r.made_on <= day]
    if made:
        return made[-1].after
    return original_plan(current, revisions)


def last_revision_on(revisions: Sequence[PlanRevision], day: date) -> date | None:
    """When the latest revision made on or before `day` was made (None: never revised by then)."""
    made = [r.made_on for r in revisions if r.made_on <= day]
    return max(made) if made else None


def budget_years(start: date, end: date) -> list[tuple[date, date]]:
    """Calendar years of the project, cut at its start and end (IATI: a budget period is at most a year)."""
    return [(max(start, date(year, 1, 1)), min(end, date(year, 12, 31))) for year in range(start.year, end.year + 1)]


def yearly_totals(plans: Sequence[Plan], years: Sequence[tuple[date, date]]) -> list[Decimal]:
    """USD planned in each year (a quarter counts in the year it starts), summed over every line's plan."""
    totals = []
    for first, _last in years:
        totals.append(sum((amount for plan in plans for quarter, amount in plan.items()
                           if quarter.year == first.year), Decimal(0)))
    return totals
