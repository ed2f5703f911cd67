"""How far along the project is on a date: time elapsed, budget spent and headline targets met."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


def time_elapsed_share(start: date, end: date, as_of: date) -> float:
    """Share of the project period elapsed at the end of `as_of`, between 0 and 1.

    The period counts its first and last day: on `start` one day of (end - start + 1) has passed.
    """
    if end < start:
        raise ValueError("the project ends before it starts")
    total_days = (end - start).days + 1
    elapsed_days = (as_of - start).days + 1
    return min(max(elapsed_days / total_days, 0.0), 1.0)


def share_of(actual: float | Decimal, target: float | Decimal | None) -> float | None:
    """actual ÷ target; None (shown blank) when there is no target or it is zero."""
    if target is None or Decimal(str(target)) == 0:
        return None
    return float(Decimal(str(actual)) / Decimal(str(target)))


def burn_rate(spent_share: float, time_share: float) -> float | None:
    """Share of budget spent ÷ share of time elapsed: 1.0 means spending exactly on pace."""
    if time_share <= 0:
        return None
    return spent_share / time_share


@dataclass(frozen=True)
class ProgressBar:
    """One bar of the overview's progress chart."""

    key: str          # translation key of the label
    kind: str         # "time", "budget" or "target"
    share: float      # 0.25 = 25 %
    actual: float
    target: float | None


def progress_bars(*, start: date, end: date, as_of: date, spent: Decimal, budget: Decimal,
                  actuals: Mapping[str, float], targets: Mapping[str, Decimal]) -> list[ProgressBar]:
    """Time elapsed, budget spent, then each headline measure that has a target, as shares of their whole."""
    elapsed = time_elapsed_share(start, end, as_of)
    bars = [
        ProgressBar("progress.time_elapsed", "time", elapsed, float((as_of - start).days + 1),
                    float((end - start).days + 1)),
        ProgressBar("progress.budget_spent", "budget", share_of(spent, budget) or 0.0, float(spent),
                    float(budget)),
    ]
    for measure, actual in actuals.items():
        target = targets.get(measure)
        met = share_of(actual, target)
        if met is not None:
            bars.append(ProgressBar(f"measure.{measure}", "target", met, float(actual), float(target)))
    return bars
