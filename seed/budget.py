"""Budget lines with planned amounts per quarter, and the expenditures that follow the activities: salaries
and overhead in USD; training, start-up grants, events and M&E paid in MAD at the year's rate."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from db.models import BudgetLine, Expenditure, PlannedAmount, StakeholderEvent
from seed.context import (
    PROJECT_END, PROJECT_START, SYSTEM_USER, Demo, month_starts, quarter_label, quarter_payday, quarter_starts,
    rate_on, split_amount, to_usd,
)
from seed.enterprise import Enterprises
from seed.stakeholders import EventSpec
from seed.training import GroupSpec, Roster

QUARTERS = quarter_starts(PROJECT_START, PROJECT_END)  # 2014-07-01 … 2017-01-01
EVEN = (3,) * (len(QUARTERS) - 1) + (2,)  # the last quarter has two months of project


@dataclass(frozen=True)
class LineSpec:
    code: str
    name: str
    category: str
    amount_usd: Decimal
    spent_usd: Decimal  # what the demo spends on it by the end
    quarter_weights: tuple[int, ...]
    variance_explanation: str = ""


LINES = (
    LineSpec("STAFF", "Staff", "staff", Decimal("44000.00"), Decimal("43650.00"), EVEN),
    LineSpec("OFFICE", "Office and running costs", "office", Decimal("16000.00"), Decimal("15400.00"), EVEN),
    LineSpec("VT", "Vocational training", "operational", Decimal("60000.00"), Decimal("59100.00"),
             (2, 4, 3, 2, 1, 2, 3, 2, 2, 2, 1)),
    LineSpec("ENT", "Entrepreneurship training and start-up support", "operational", Decimal("40000.00"),
             Decimal("38400.00"), (0, 0, 3, 2, 2, 2, 2, 2, 2, 2, 1)),
    LineSpec("STK", "Stakeholder events", "operational", Decimal("16000.00"), Decimal("16420.00"),
             (0, 2, 1, 2, 0, 2, 2, 2, 0, 2, 3),
             "About USD 400 over: the closing workshop was opened to regional delegations at MCMREAM's "
             "request; offset by savings on monitoring and evaluation."),
    LineSpec("ME", "Monitoring, evaluation and reporting", "operational", Decimal("10000.00"),
             Decimal("8900.00"), (2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2),
             "Final evaluation done in-house with the partners instead of by a consultant."),
    LineSpec("OH", "Overhead", "overhead", Decimal("14000.00"), Decimal("13580.00"), EVEN),
)
OVERSPEND_JUSTIFICATION = ("Closing workshop opened to regional delegations at MCMREAM's request; "
                           "the overspend is covered by savings on the M&E line.")


@dataclass(frozen=True)
class Spend:
    """One payment before it is priced: when, what for, its share of the line, and the currency paid."""

    on: date
    description: str
    weight: float
    currency: str = "MAD"


def add_budget(demo: Demo, roster: Roster, enterprises: Enterprises,
               events: Sequence[tuple[StakeholderEvent, EventSpec]]) -> dict[str, BudgetLine]:
    """Budget lines and their quarterly plan, then every expenditure up to the project end."""
    lines = {spec.code: _line(demo, spec) for spec in LINES}
    demo.session.add_all(lines.values())
    demo.session.flush()
    for spec in LINES:
        planned = split_amount(spec.amount_usd, spec.quarter_weights)
        demo.session.add_all(PlannedAmount(line_id=lines[spec.code].id, quarter_start=q, amount_usd=amount)
                             for q, amount in zip(QUARTERS, planned, strict=True))
    target = {spec.code: spec.spent_usd for spec in LINES}
    grants = _grants(lines["ENT"], enterprises)
    salaries = _monthly(demo, 25, "Project staff salaries (project officer 50 %, assistant)", "USD", vary=False)
    running_costs = _monthly(demo, 5, "Office rent share, utilities and communications", "MAD", vary=True)
    spending = {
        "STAFF": _priced(lines["STAFF"], salaries, target["STAFF"]),
        "OFFICE": _priced(lines["OFFICE"], running_costs, target["OFFICE"]),
        "VT": cohort_spending(lines["VT"], [s for s in roster.specs.values() if s.kind == "vocational"],
                              target["VT"]),
        "ENT": grants + _priced(lines["ENT"], _entrepreneurship(roster), target["ENT"] - _usd(grants)),
        "STK": _priced(lines["STK"], _events(spec for _, spec in events), target["STK"]),
        "ME": _priced(lines["ME"], _monitoring(), target["ME"]),
        "OH": _priced(lines["OH"], [Spend(quarter_payday(q), f"IOM overhead (7 %) — {quarter_label(q)}", 1.0,
                                          "USD") for q in QUARTERS], target["OH"]),
    }
    for code, expenditures in spending.items():
        _justify_overspend(lines[code], expenditures, allowed=code == "STK")
        demo.session.add_all(expenditures)
    return lines


def _line(demo: Demo, spec: LineSpec) -> BudgetLine:
    return BudgetLine(project_id=demo.project.id, code=spec.code, name=spec.name, category=spec.category,
                      amount_usd=spec.amount_usd, variance_explanation=spec.variance_explanation)


def expenditure(line: BudgetLine, on: date, description: str, amount: Decimal, currency: str,
                business_plan_id: int | None = None) -> Expenditure:
    """An expenditure at the year's rate (1 for USD), its USD value rounded half up to the cent."""
    rate = Decimal(1) if currency == "USD" else rate_on(on)
    return Expenditure(line_id=line.id, spent_on=on, description=description, amount=amount,
                       currency=currency, units_per_usd=rate, amount_usd=to_usd(amount, rate),
                       business_plan_id=business_plan_id, recorded_by=SYSTEM_USER)


def _priced(line: BudgetLine, spends: Sequence[Spend], total_usd: Decimal) -> list[Expenditure]:
    """Share `total_usd` over `spends`; MAD payments are whole dirhams at the rate of their year."""
    if total_usd <= 0:
        raise ValueError(f"nothing left to spend on {line.code}")
    rows = []
    for spend, usd in zip(spends, split_amount(total_usd, [s.weight for s in spends]), strict=True):
        amount = usd if spend.currency == "USD" else (usd * rate_on(spend.on)).quantize(Decimal(1))
        rows.append(expenditure(line, spend.on, spend.description, amount, spend.currency))
    return rows


def _usd(rows: Iterable[Expenditure]) -> Decimal:
    return sum((r.amount_usd for r in rows), Decimal(0))


def _justify_overspend(line: BudgetLine, rows: list[Expenditure], *, allowed: bool) -> None:
    """The payment that takes a line over its amount carries the written justification."""
    running = Decimal(0)
    for row in sorted(rows, key=lambda r: r.spent_on):
        running += row.amount_usd
        if running > line.amount_usd:
            if not allowed:
                raise RuntimeError(f"demo spending exceeds budget line {line.code}")
            row.overspend_justification = OVERSPEND_JUSTIFICATION
            return


def _monthly(demo: Demo, day: int, what: str, currency: str, *, vary: bool) -> list[Spend]:
    """One payment a month on `day`: equal shares, or shares varying by ±15 %."""
    return [Spend(month.replace(day=day), f"{what} — {month:%B %Y}",
                  demo.rng.uniform(0.85, 1.15) if vary else 1.0, currency)
            for month in month_starts(PROJECT_START, PROJECT_END)]


def cohort_spending(line: BudgetLine, cohorts: Sequence[GroupSpec], total_usd: Decimal,
                    label: str = "") -> list[Expenditure]:
    """Materials, trainer fees in two instalments, monthly childcare and transport allowances, and exam
    fees of every cohort, shared by cohort size."""
    spends = []
    for c in cohorts:
        size = c.new_women + c.drawn
        what = f"{c.trade} ({c.city}{label})"
        months = month_starts(c.start, c.end)
        spends += [Spend(c.start - timedelta(days=5), f"{what} — training materials", 0.20 * size),
                   Spend(c.start + timedelta(days=30), f"{what} — trainer fees, 1st instalment", 0.225 * size),
                   Spend(c.end + timedelta(days=10), f"{what} — trainer fees, 2nd instalment", 0.225 * size),
                   Spend(c.end + timedelta(days=14), f"{what} — certification exam fees", 0.10 * size)]
        spends += [Spend(min(m + timedelta(days=27), c.end),
                         f"{what} — childcare and transport allowances, {m:%B %Y}", 0.25 * size / len(months))
                   for m in months]
    return _priced(line, sorted(spends, key=lambda s: s.on), total_usd)


def _grants(line: BudgetLine, enterprises: Enterprises) -> list[Expenditure]:
    """Each start-up grant is an expenditure tied to its plan, dated on the day it was disbursed."""
    return [expenditure(line, on, f"Start-up grant {plan.code} — {plan.sector.lower()} ({plan.city})",
                        amount, "MAD", business_plan_id=plan.id)
            for plan, on, amount in enterprises.disbursements]


def _entrepreneurship(roster: Roster) -> list[Spend]:
    """Venue and SIYB trainer fees of each TRIE, CREE and GERME group; quarterly mentoring of enterprises."""
    spends = []
    for spec in roster.specs.values():
        if spec.kind == "entrepreneurship":
            what = f"{spec.module} training ({spec.city}, {spec.start:%B %Y})"
            spends += [Spend(spec.start - timedelta(days=3), f"{what} — materials and venue",
                             0.2 * spec.sessions),
                       Spend(spec.end + timedelta(days=7), f"{what} — certified SIYB trainer fees",
                             0.8 * spec.sessions)]
    spends += [Spend(quarter_payday(q), "Mentoring visits to new enterprises (coach fees, transport) — "
                     + quarter_label(q), 3.0) for q in QUARTERS if q >= date(2015, 7, 1)]
    return sorted(spends, key=lambda s: s.on)


def _events(specs: Iterable[EventSpec]) -> list[Spend]:
    spends = []
    for spec in specs:
        spends += [Spend(spec.start, f"{spec.title} — venue and catering", 0.7 * spec.cost_weight),
                   Spend(spec.end + timedelta(days=3), f"{spec.title} — participants' transport and per diems",
                         0.3 * spec.cost_weight)]
    return spends


def _monitoring() -> list[Spend]:
    surveys = [q for q in QUARTERS if q >= date(2015, 1, 1)]
    return ([Spend(date(2014, 9, 30), "Baseline survey of regularized migrant women (enumerators, data entry)",
                   20),
             Spend(date(2015, 1, 20), "Participant database and follow-up tools", 10)]
            + [Spend(quarter_payday(q), f"Follow-up phone survey of trainees — {quarter_label(q)}",
                     50 / len(surveys)) for q in surveys]
            + [Spend(date(2017, 2, 15), "Final evaluation workshop with partners and report", 20)])
