"""Pipeline figures from plan statuses and dated transitions: counts, conversion, days in stage, money, survival.

Plain functions over small records; no I/O. Queries feed them numbers aggregated in SQL.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from statistics import median

from domain.vocabulary import PLAN_STATUSES
from domain.vocabulary import FOLLOW_UP_MONTHS

# The forward path a successful plan takes; conversion is measured between neighbours on it.
FUNNEL = ("draft", "submitted", "under_review", "approved", "disbursed", "launched", "operating_6m")
# Current statuses grouped into what a committee asks about.
PHASES = ("in_preparation", "approved", "running", "rejected", "closed")
_PHASE_OF = {"draft": "in_preparation", "submitted": "in_preparation", "under_review": "in_preparation",
             "returned": "in_preparation", "approved": "approved", "disbursed": "approved",
             "launched": "running", "operating_6m": "running", "rejected": "rejected", "closed": "closed"}
SURVIVAL_MONTHS = FOLLOW_UP_MONTHS  # an enterprise's survival is followed at the follow-up months


def phase_of(status: str) -> str:
    """The phase a current status belongs to."""
    return _PHASE_OF[status]


def stage_counts(counts: Mapping[str, int]) -> dict[str, int]:
    """Plans per current status in pipeline order, zero where none."""
    return {s: int(counts.get(s, 0)) for s in PLAN_STATUSES}


@dataclass(frozen=True)
class Conversion:
    from_stage: str
    to_stage: str
    entered: int   # plans that ever reached from_stage
    moved_on: int  # of those, plans that ever reached to_stage
    rate: float | None


def conversions(reached: Mapping[str, int]) -> list[Conversion]:
    """Share of plans that reached each funnel stage and went on to the next (None when none reached it)."""
    rows = []
    for before, after in zip(FUNNEL, FUNNEL[1:]):
        entered, moved_on = int(reached.get(before, 0)), int(reached.get(after, 0))
        rows.append(Conversion(before, after, entered, moved_on, moved_on / entered if entered else None))
    return rows


def stays(transitions: Iterable[tuple[int, str, date]], as_of: date | None = None) -> dict[str, list[int]]:
    """Days each plan spent in each status it left, from (plan id, status entered, date) rows.

    A stay ends at the plan's next transition; the status a plan is still in has no completed stay and is
    left out. Transitions after `as_of` are ignored. A plan may stay in a status twice (submitted again
    after a return): each stay counts.
    """
    by_plan: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for plan_id, status, on in transitions:
        if as_of is None or on <= as_of:
            by_plan[plan_id].append((on, status))
    days: dict[str, list[int]] = defaultdict(list)
    for moves in by_plan.values():
        moves.sort(key=lambda m: m[0])  # stable: same-day moves keep their recorded order
        for (entered, status), (left, _) in zip(moves, moves[1:]):
            days[status].append((left - entered).days)
    return dict(days)


def median_days_in_stage(transitions: Iterable[tuple[int, str, date]], as_of: date | None = None
                         ) -> dict[str, tuple[float, int]]:
    """Median days spent in each status, with the number of completed stays behind it."""
    return {s: (float(median(d)), len(d)) for s, d in stays(transitions, as_of).items() if d}


@dataclass(frozen=True)
class MoneyStep:
    key: str  # requested, approved, disbursed, budget
    usd: Decimal
    share_of_budget: float | None


def money_steps(*, requested_usd: Decimal, approved_usd: Decimal, disbursed_usd: Decimal,
                budget_usd: Decimal) -> list[MoneyStep]:
    """Amounts requested, approved and paid out, each as a share of the start-up support line."""
    def share(value: Decimal) -> float | None:
        return float(value / budget_usd) if budget_usd else None
    values = {"requested": requested_usd, "approved": approved_usd, "disbursed": disbursed_usd,
              "budget": budget_usd}
    return [MoneyStep(k, Decimal(v), share(Decimal(v))) for k, v in values.items()]


@dataclass(frozen=True)
class Survival:
    months: int
    observed: int
    operating: int
    rate: float | None


def survival(statuses: Iterable[tuple[int, str]]) -> list[Survival]:
    """Share of enterprises observed at 3, 6 and 12 months after launch that still operate."""
    observed: dict[int, int] = defaultdict(int)
    operating: dict[int, int] = defaultdict(int)
    for months, status in statuses:
        observed[months] += 1
        operating[months] += status == "operating"
    return [Survival(m, observed[m], operating[m], operating[m] / observed[m] if observed[m] else None)
            for m in SURVIVAL_MONTHS]


def mean_score(marks: Sequence[float]) -> float | None:
    """Mean of rubric marks (every criterion of every reviewer), None without any."""
    return sum(marks) / len(marks) if marks else None


def completion_share(completed: int, enrolled: int) -> float | None:
    """Share of those enrolled in a module who completed it (None when nobody enrolled)."""
    return completed / enrolled if enrolled else None
