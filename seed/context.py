"""What every demo-data builder shares: the session, the seeded generator, the project and its reference
data, and the date and money arithmetic they all use."""
from __future__ import annotations

import calendar
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.orm import Session

from db.models import Institution, Project

PROJECT_START = date(2014, 7, 1)
PROJECT_END = date(2017, 2, 28)
CLOSING_WORKSHOP = date(2017, 2, 21)
# Average MAD per USD by year (domain brief); each expenditure keeps the rate it used.
MAD_PER_USD = {2014: Decimal("8.41"), 2015: Decimal("9.76"), 2016: Decimal("9.81"), 2017: Decimal("9.69")}
CENT = Decimal("0.01")
SYSTEM_USER = "system"


@dataclass
class Demo:
    """The state a load carries from one builder to the next."""

    session: Session
    rng: random.Random
    project: Project
    institutions: dict[str, Institution] = field(default_factory=dict)  # by acronym

    def partner_in(self, city: str) -> Institution:
        """The implementing partner that runs training in `city`."""
        return self.institutions["LHJ" if city == "Casablanca" else "FOO"]


def rate_on(day: date) -> Decimal:
    """MAD per USD used for money paid on `day`."""
    return MAD_PER_USD[day.year]


def to_usd(amount: Decimal, units_per_usd: Decimal) -> Decimal:
    """USD value of an amount at a rate, to the cent, half up (the rule every expenditure follows)."""
    return (amount / units_per_usd).quantize(CENT, rounding=ROUND_HALF_UP)


def split_amount(total: Decimal, weights: Sequence[float]) -> list[Decimal]:
    """Share `total` by `weights` in cents; the last share takes the rounding so the parts add up exactly."""
    whole = sum(weights)
    parts = [(total * Decimal(str(w / whole))).quantize(CENT, rounding=ROUND_HALF_UP) for w in weights[:-1]]
    parts.append(total - sum(parts, Decimal(0)))
    if parts[-1] < 0:
        raise ValueError("weights leave a negative remainder")
    return parts


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_starts(first: date, last: date) -> list[date]:
    """First day of every month from `first`'s month to `last`'s month."""
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = add_months(day, 1)
    return months


def quarter_starts(first: date, last: date) -> list[date]:
    """First day of every calendar quarter from `first`'s quarter to `last`'s quarter."""
    return [d for d in month_starts(first, last) if d.month in (1, 4, 7, 10)]


def quarter_label(quarter_start: date) -> str:
    """Label such as "Q3 2014" (for the quarter starting on 1 July 2014)."""
    return f"Q{(quarter_start.month - 1) // 3 + 1} {quarter_start.year}"


def quarter_payday(quarter_start: date) -> date:
    """The 28th of the quarter's last month (never after the project end): when quarterly costs are paid."""
    return min(quarter_start.replace(month=quarter_start.month + 2, day=28), PROJECT_END)


def weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def spread_weekdays(start: date, end: date, count: int) -> list[date]:
    """`count` distinct weekdays from `start` to `end`, as evenly spaced as the calendar allows."""
    if count == 1:
        return [start]
    span = (end - start).days
    days: list[date] = []
    for i in range(count):
        day = start + timedelta(days=round(i * span / (count - 1)))
        while day.weekday() >= 5 or (days and day <= days[-1]):
            day += timedelta(days=1)
        days.append(day)
    if days[-1] > end:
        raise ValueError(f"cannot fit {count} weekdays between {start} and {end}")
    return days


def consecutive_weekdays(start: date, count: int) -> list[date]:
    """`count` working days in a row from `start` (skipping weekends)."""
    days, day = [], start
    while len(days) < count:
        day = weekday_on_or_after(day)
        days.append(day)
        day += timedelta(days=1)
    return days


def semester_of(day: date) -> tuple[date, date]:
    """The reporting semester (Jan–Jun or Jul–Dec, the last one cut at the project end) holding `day`."""
    if day.month <= 6:
        return date(day.year, 1, 1), min(date(day.year, 6, 30), PROJECT_END)
    return date(day.year, 7, 1), min(date(day.year, 12, 31), PROJECT_END)


def semesters() -> list[tuple[date, date]]:
    """Every reporting semester of the project, from July 2014 to February 2017."""
    periods, day = [], PROJECT_START
    while day <= PROJECT_END:
        period = semester_of(day)
        periods.append(period)
        day = period[1] + timedelta(days=1)
    return periods
