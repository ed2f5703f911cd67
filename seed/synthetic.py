"""Synthetic volume for benchmarks: more cohorts of made-up women under the same project (scale > 1 only)."""
from __future__ import annotations

from decimal import Decimal

from db.models import BudgetLine
from seed.budget import cohort_spending
from seed.context import Demo
from seed.follow_ups import add_follow_ups
from seed.training import COHORTS, add_training

WAGE_JOBS_PER_BATCH = 30
COHORT_SPENDING_USD = Decimal("59100.00")


def add_synthetic_batch(demo: Demo, lines: dict[str, BudgetLine], batch: int) -> None:
    """Copy of the eight vocational cohorts with new women (codes `S02-CAS-0001`…), their sessions,
    attendance, follow-ups and training expenditures. Adds to every headline total."""
    prefix = f"S{batch:02d}-"
    roster = add_training(demo, COHORTS, prefix=prefix)
    add_follow_ups(demo, roster, self_employed={}, wage_jobs=WAGE_JOBS_PER_BATCH)
    spending = cohort_spending(lines["VT"], COHORTS, COHORT_SPENDING_USD, label=f", synthetic {batch}")
    demo.session.add_all(spending)
