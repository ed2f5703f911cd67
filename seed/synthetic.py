"""Synthetic volume for benchmarks: more cohorts of made-up women, their business plans, and more stakeholder
events under the same project (scale > 1 only)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from db.models import BudgetLine
from seed.budget import cohort_spending
from seed.context import Demo
from seed.enterprise import add_enterprises
from seed.follow_ups import add_follow_ups
from seed.stakeholders import add_events, events_copy
from seed.training import COHORTS, ENTREPRENEURSHIP_GROUPS, add_training

WAGE_JOBS_PER_BATCH = 30
COHORT_SPENDING_USD = Decimal("59100.00")


def training_days(start: date, end: date) -> tuple[date, ...]:
    """Monday to Saturday from `start` to `end`: a full-time vocational course."""
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    return tuple(day for day in days if day.weekday() < 6)


# A synthetic cohort is full (as many women as places) and meets six days a week, as full-time courses do:
# at scale 100 that is about 14,500 women and 1.1 million attendance marks, the density a larger programme
# reaches, rather than the demo's sparse sessions copied a hundred times.
FULL_TIME_COHORTS = tuple(replace(spec, new_women=spec.capacity, schedule=training_days(spec.start, spec.end),
                                  sessions=len(training_days(spec.start, spec.end)))
                          for spec in COHORTS)


def add_synthetic_batch(demo: Demo, lines: dict[str, BudgetLine], batch: int) -> None:
    """Copy of the eight vocational cohorts, full and full-time, with new women (codes `S02-CAS-0001`…),
    their sessions, attendance and training expenditures; the entrepreneurship groups with the demo's 18
    business plans owned by the batch's CREE graduates (`S02-BP-001`…); follow-ups in which the owners of
    launched enterprises are self-employed; and the demo's 13 stakeholder events again, a few weeks
    earlier. Adds to every headline total."""
    prefix = f"S{batch:02d}-"
    roster = add_training(demo, FULL_TIME_COHORTS + ENTREPRENEURSHIP_GROUPS, prefix=prefix)
    enterprises = add_enterprises(demo, roster)
    add_follow_ups(demo, roster, self_employed=enterprises.self_employed, wage_jobs=WAGE_JOBS_PER_BATCH,
                   not_wage=enterprises.pending_owners)
    add_events(demo, events_copy(f"synthetic {batch}", days_earlier=7 * ((batch - 2) % 4 + 1)))
    spending = cohort_spending(lines["VT"], COHORTS, COHORT_SPENDING_USD, label=f", synthetic {batch}")
    demo.session.add_all(spending)
