"""Budget figures: MAD→USD at the year's rate, the budget rules, planned vs actual, burn rate and forecast."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from domain.errors import Problem
from domain.progress import burn_rate, time_elapsed_share

STAFF_AND_OFFICE_CAP = Decimal("0.30")
CENT = Decimal("0.01")


def to_usd(amount: Decimal, units_per_usd: Decimal) -> Decimal:
    """An amount paid in a currency, in USD at `units_per_usd`, rounded half up to the cent."""
    return (Decimal(amount) / Decimal(units_per_usd)).quantize(CENT, rounding=ROUND_HALF_UP)


def rate_for(rates: Mapping[int, Decimal], on: date) -> Decimal | None:
    """The year's average rate for a date (None when that year has no rate)."""
    return rates.get(on.year)


@dataclass(frozen=True)
class LinePlan:
    code: str
    category: str
    amount_usd: Decimal


def budget_problems(lines: Sequence[LinePlan], budget_usd: Decimal) -> list[Problem]:
    """Every rule a set of budget lines breaks: they must sum to the project budget, and staff plus
    office at most 30 % of it."""
    problems = []
    total = sum((line.amount_usd for line in lines), Decimal(0))
    if total != budget_usd:
        problems.append(Problem("amount_usd", "error.progress_budget_sum", {
            "total": f"{total:,.2f}", "budget": f"{budget_usd:,.2f}", "gap": f"{budget_usd - total:,.2f}"}))
    staff_office = sum((line.amount_usd for line in lines if line.category in ("staff", "office")), Decimal(0))
    cap = (budget_usd * STAFF_AND_OFFICE_CAP).quantize(CENT)
    if staff_office > cap:
        problems.append(Problem("amount_usd", "error.progress_staff_office_cap", {
            "amount": f"{staff_office:,.2f}", "cap": f"{cap:,.2f}",
            "share": f"{float(staff_office / budget_usd) * 100:.1f}"}))
    return problems


def cumulative(by_quarter: Mapping[date, Decimal], quarters: Sequence[date]) -> list[Decimal]:
    """Running totals over `quarters` (a quarter without an amount adds 0)."""
    running, out = Decimal(0), []
    for q in quarters:
        running += by_quarter.get(q, Decimal(0))
        out.append(running)
    return out


@dataclass(frozen=True)
class Variance:
    code: str
    budget: Decimal
    planned_to_date: Decimal
    spent: Decimal
    variance: Decimal          # planned to date − spent (positive: under-spent)
    share_spent: float | None  # spent ÷ line budget
    overspent: bool


def line_variance(code: str, budget: Decimal, planned_to_date: Decimal, spent: Decimal) -> Variance:
    """How a line stands against its plan to date and its whole budget."""
    share = None if budget == 0 else float(spent / budget)
    return Variance(code, budget, planned_to_date, spent, planned_to_date - spent, share, spent > budget)


def forecast_at_completion(spent: Decimal, planned_total: Decimal, planned_to_date: Decimal) -> Decimal:
    """Spent so far plus the plan still to come (planned total − planned to date, never negative).

    Method: "actual + remaining plan": assumes the rest of the work costs what was planned for it.
    """
    return spent + max(planned_total - planned_to_date, Decimal(0))


def burn(spent: Decimal, budget: Decimal, start: date, end: date, as_of: date) -> float | None:
    """Share of the budget spent ÷ share of the project time elapsed at `as_of`."""
    if budget == 0:
        return None
    return burn_rate(float(spent / budget), time_elapsed_share(start, end, as_of))


def quarter_of(day: date) -> date:
    """First day of the calendar quarter holding `day`."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarters_between(first: date, last: date) -> list[date]:
    """First days of every calendar quarter from the one holding `first` to the one holding `last`."""
    q, out = quarter_of(first), []
    while q <= last:
        out.append(q)
        q = date(q.year + (q.month == 10), (q.month + 2) % 12 + 1, 1)
    return out
