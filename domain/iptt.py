"""The Indicator Performance Tracking Table: period and life-of-project target, actual and % met.

Rules (domain.md): a non-cumulative period actual is the sum of results inside the period; a cumulative
one is the sum of all results up to the period end; a percentage indicator takes its most recent value.
The LOP target is the sum of period targets, or the last period target for cumulative and % indicators.
% met = actual ÷ target (target ÷ actual when decreasing), blank without a target or when it is 0.
On track: 85–115 % of target (above/below swap for decreasing); only completed periods count.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

ON_TRACK_LOW = Decimal("0.85")
ON_TRACK_HIGH = Decimal("1.15")
STATUSES = ("on_track", "above", "below", "not_reporting")


@dataclass(frozen=True)
class Period:
    start: date
    end: date


@dataclass(frozen=True)
class Result:
    """One reported (or computed) value dated inside a period."""

    start: date
    end: date
    value: Decimal


@dataclass(frozen=True)
class IndicatorSpec:
    """What the IPTT needs to know about an indicator."""

    measure_type: str = "number"      # "number" or "percentage"
    cumulative: bool = False
    direction: str = "increase"       # or "decrease"
    baseline: Decimal = Decimal(0)
    lop_target: Decimal | None = None  # the stated LOP target, used when there are no period targets


@dataclass(frozen=True)
class Cell:
    """Target | actual | % met for one period or for the life of the project."""

    target: Decimal | None
    actual: Decimal | None
    met: float | None
    status: str | None = None  # on_track / above / below / None when not judged


@dataclass(frozen=True)
class Row:
    lop: Cell
    periods: dict[date, Cell] = field(default_factory=dict)
    status: str = "not_reporting"


def period_actual(spec: IndicatorSpec, results: Sequence[Result], period: Period) -> Decimal | None:
    """The actual of one period: sum inside (non-cumulative), sum up to its end (cumulative),
    most recent value inside it (percentage). None when no result counts."""
    if spec.measure_type == "percentage":
        dated = [r for r in results if r.start >= period.start and r.end <= period.end]
        if not dated:
            return None
        return max(dated, key=lambda r: (r.end, r.start)).value
    if spec.cumulative:
        counted = [r.value for r in results if r.end <= period.end]
    else:
        counted = [r.value for r in results if r.start >= period.start and r.end <= period.end]
    return sum(counted, Decimal(0)) if counted else None


def lop_actual(spec: IndicatorSpec, results: Sequence[Result]) -> Decimal | None:
    """Actual over the life of the project: the sum of every result, or the latest for %."""
    if not results:
        return None
    if spec.measure_type == "percentage":
        return max(results, key=lambda r: (r.end, r.start)).value
    return sum((r.value for r in results), Decimal(0))


def lop_target(spec: IndicatorSpec, targets: Mapping[date, Decimal]) -> Decimal | None:
    """Sum of period targets, or the last one for cumulative and % indicators; the stated LOP target
    when there are no period targets (LOP-only indicators)."""
    if not targets:
        return spec.lop_target
    if spec.cumulative or spec.measure_type == "percentage":
        return targets[max(targets)]
    return sum(targets.values(), Decimal(0))


def percent_met(actual: Decimal | None, target: Decimal | None, direction: str = "increase") -> float | None:
    """actual ÷ target, or target ÷ actual for a decreasing indicator; None when it can't be worked out."""
    if actual is None or target is None or target == 0:
        return None
    if direction == "decrease":
        return None if actual == 0 else float(target / actual)
    return float(actual / target)


def baseline_aware_met(actual: Decimal | None, target: Decimal | None, baseline: Decimal) -> float | None:
    """(baseline − actual) ÷ (baseline − target): how much of the planned fall has happened."""
    if actual is None or target is None or baseline == target:
        return None
    return float((baseline - actual) / (baseline - target))


def track_status(met: float | None, direction: str = "increase") -> str | None:
    """on_track within 85–115 %; above/below outside it (swapped for decreasing indicators)."""
    if met is None:
        return None
    share = Decimal(str(met))
    if ON_TRACK_LOW <= share <= ON_TRACK_HIGH:
        return "on_track"
    high = share > ON_TRACK_HIGH
    if direction == "decrease":
        high = not high
    return "above" if high else "below"


def iptt_row(spec: IndicatorSpec, periods: Sequence[Period], targets: Mapping[date, Decimal],
             results: Sequence[Result], *, as_of: date) -> Row:
    """One indicator's IPTT row as the project stood on `as_of` (later results are left out).

    The indicator's status is that of the last completed period (end ≤ as_of) with a target and an
    actual; "not_reporting" when it has no targets or no results at all.
    """
    results = [r for r in results if r.end <= as_of]
    cells: dict[date, Cell] = {}
    status = None
    for period in sorted(periods, key=lambda p: p.start):
        target = targets.get(period.start)
        actual = period_actual(spec, results, period) if period.start <= as_of else None
        met = percent_met(actual, target, spec.direction)
        judged = track_status(met, spec.direction) if period.end <= as_of else None
        if judged is not None:
            status = judged
        cells[period.start] = Cell(target, actual, met, judged)
    target = lop_target(spec, targets)
    actual = lop_actual(spec, results)
    lop = Cell(target, actual, percent_met(actual, target, spec.direction))
    if status is None and not targets and results:  # LOP-only: judged on the LOP figures
        status = track_status(lop.met, spec.direction)
    return Row(lop=lop, periods=cells, status=status or "not_reporting")


def disaggregation_gaps(totals: Mapping[tuple[date, str], Decimal],
                        parts: Mapping[tuple[date, str, str], Decimal]) -> list[tuple[date, str, Decimal, Decimal]]:
    """Periods and dimensions whose categories don't add up to the total: (period, dimension, total, sum)."""
    sums: dict[tuple[date, str], Decimal] = {}
    for (start, dimension, _category), value in parts.items():
        sums[(start, dimension)] = sums.get((start, dimension), Decimal(0)) + value
    gaps = []
    for (start, dimension), added in sorted(sums.items()):
        total = totals.get((start, "total"))
        if total is None or added != total:
            gaps.append((start, dimension, total if total is not None else Decimal(0), added))
    return gaps


def status_counts(rows: Sequence[Row]) -> dict[str, int]:
    """How many indicators are on track, above, below, not reporting."""
    counts = dict.fromkeys(STATUSES, 0)
    for row in rows:
        counts[row.status] += 1
    return counts
