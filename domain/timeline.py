"""Where the workplan stands on a date: slipped activities, upcoming and late milestones."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class ActivityDates:
    planned_start: date
    planned_end: date
    actual_start: date | None = None
    actual_end: date | None = None  # actual, or the forecast end while running


def activity_state(a: ActivityDates, as_of: date) -> str:
    """not_started / running / done as known on `as_of` (dates after it are not yet known)."""
    started = a.actual_start is not None and a.actual_start <= as_of
    if not started:
        return "not_started"
    if a.actual_end is not None and a.actual_end <= as_of:
        return "done"
    return "running"


def slip_days(a: ActivityDates, as_of: date) -> int:
    """Days an activity is behind its plan on `as_of` (0 when on time).

    Not started though the planned start has passed: days since the planned start. Finished or forecast
    to finish after the planned end: days past the planned end. Running past its planned end without a
    later end date: days from the planned end to `as_of`.
    """
    state = activity_state(a, as_of)
    if state == "not_started":
        return max((as_of - a.planned_start).days, 0)
    if a.actual_end is not None:
        late = (a.actual_end - a.planned_end).days
        if state == "running" and as_of > a.planned_end:
            late = max(late, (as_of - a.planned_end).days)
        return max(late, 0)
    return max((as_of - a.planned_end).days, 0)


def is_slipped(a: ActivityDates, as_of: date) -> bool:
    return slip_days(a, as_of) > 0


@dataclass(frozen=True)
class MilestoneDates:
    due_date: date
    done_on: date | None = None


def milestone_state(m: MilestoneDates, as_of: date, *, horizon_days: int = 90) -> str:
    """done / late (due passed, not done by as_of) / upcoming (due within the horizon) / later."""
    if m.done_on is not None and m.done_on <= as_of:
        return "done"
    if m.due_date < as_of:
        return "late"
    if m.due_date <= as_of + timedelta(days=horizon_days):
        return "upcoming"
    return "later"
