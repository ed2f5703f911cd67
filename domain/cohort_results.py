"""From enrolment to employment: attendance rate, completion at a threshold, the funnel and its breakdowns.

Plain functions over per-enrolment records (attendance already counted in SQL); no I/O.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

DEFAULT_THRESHOLD = 0.80
# The attendance thresholds a user can choose, in percent (the cohort progress slider's steps); the per-cohort
# outcome summary records the highest step each woman reached, so the funnel at any of them is a sum.
THRESHOLD_STEPS = tuple(range(50, 101, 5))
STAGES = ("enrolled", "attended", "completed", "certified", "placed")
DIMENSIONS = ("sex", "age_band", "nationality", "city")
# Age bands at the as-of date, in years (lower bound inclusive); "unknown" when no birth year.
AGE_BANDS = (("under_25", 0, 24), ("25_34", 25, 34), ("35_44", 35, 44), ("45_plus", 45, 200))
UNKNOWN = "unknown"


@dataclass(frozen=True)
class EnrolmentRecord:
    """One enrolment as the funnel needs it: counts of sessions marked and attended, and what followed."""

    marked: int
    present: int
    status: str               # enrolled, completed, dropped_out
    certified: bool
    placed_6m: bool           # wage job or self-employed at the 6-month follow-up
    sex: str = ""
    birth_year: int | None = None
    nationality: str = ""
    city: str = ""


@dataclass(frozen=True)
class Stage:
    key: str
    count: int
    share: float | None        # of enrolled


def attendance_rate(present: int, marked: int) -> float | None:
    """Sessions attended ÷ sessions marked; None before any session was marked."""
    if marked < 0 or present < 0 or present > marked:
        raise ValueError("present must be between 0 and the number of sessions marked")
    return None if marked == 0 else present / marked


def attended_enough(present: int, marked: int, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """Whether she attended at least `threshold` of the sessions marked (the completion rule)."""
    rate = attendance_rate(present, marked)
    return rate is not None and rate >= threshold - 1e-9


def highest_step_met(present: int, marked: int) -> int:
    """The highest of THRESHOLD_STEPS (percent) her attendance reached, in whole numbers; 0 when none, or
    when no session was marked. `attended_enough(p, m, s / 100)` holds exactly for the steps up to it."""
    if marked <= 0:
        return 0
    return max((s for s in THRESHOLD_STEPS if present * 100 >= marked * s), default=0)


def threshold_step(threshold: float) -> int | None:
    """The step of THRESHOLD_STEPS this threshold is (0.8 -> 80), or None when it is not one of them."""
    percent = round(threshold * 100)
    return percent if percent in THRESHOLD_STEPS and abs(threshold * 100 - percent) < 1e-6 else None


def pooled_attendance_rate(records: Iterable[EnrolmentRecord]) -> float | None:
    """All attendances ÷ all marks: each session-participant counts once."""
    records = list(records)
    return attendance_rate(sum(r.present for r in records), sum(r.marked for r in records))


def stage_flags(record: EnrolmentRecord, threshold: float = DEFAULT_THRESHOLD) -> dict[str, bool]:
    """Which funnel stages one enrolment reached; a stage counts only if every earlier one was reached too.

    So the funnel only narrows: "completed" means completed with attendance at the threshold, "placed"
    means certified and then in a wage job or self-employed at the 6-month follow-up.
    """
    reached = [True, attended_enough(record.present, record.marked, threshold), record.status == "completed",
               record.certified, record.placed_6m]
    flags, so_far = {}, True
    for key, value in zip(STAGES, reached, strict=True):
        so_far = so_far and value
        flags[key] = so_far
    return flags


def funnel(records: Sequence[EnrolmentRecord], threshold: float = DEFAULT_THRESHOLD) -> list[Stage]:
    """Enrolled → attended ≥ threshold → completed → certified → employed or self-employed at 6 months."""
    counts = dict.fromkeys(STAGES, 0)
    for record in records:
        for key, reached in stage_flags(record, threshold).items():
            counts[key] += reached
    enrolled = counts["enrolled"]
    return [Stage(k, counts[k], counts[k] / enrolled if enrolled else None) for k in STAGES]


def age_band(birth_year: int | None, as_of: date) -> str:
    """Age band on the as-of date, counting age as as-of year minus birth year."""
    if birth_year is None:
        return UNKNOWN
    age = as_of.year - birth_year
    return next((key for key, low, high in AGE_BANDS if low <= age <= high), UNKNOWN)


def category_of(record: EnrolmentRecord, dimension: str, as_of: date) -> str:
    if dimension == "age_band":
        return age_band(record.birth_year, as_of)
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension}")
    return getattr(record, dimension) or UNKNOWN


def breakdown(records: Sequence[EnrolmentRecord], dimension: str, as_of: date,
              threshold: float = DEFAULT_THRESHOLD) -> dict[str, dict[str, int]]:
    """For each category of `dimension`, how many reached each stage; categories in descending size."""
    table: dict[str, dict[str, int]] = {}
    for record in records:
        row = table.setdefault(category_of(record, dimension, as_of), dict.fromkeys(STAGES, 0))
        for key, reached in stage_flags(record, threshold).items():
            row[key] += reached
    return dict(sorted(table.items(), key=lambda item: (-item[1]["enrolled"], item[0])))


def monthly_attendance(sessions: pd.DataFrame) -> pd.DataFrame:
    """Roll per-session counts (session_date, present, marked) up to months: month (first day), rate."""
    if sessions.empty:
        return pd.DataFrame(columns=["month", "present", "marked", "rate"])
    frame = sessions.assign(month=pd.to_datetime(sessions["session_date"]).dt.to_period("M").dt.to_timestamp())
    months = frame.groupby("month", as_index=False)[["present", "marked"]].sum()
    months["rate"] = months["present"] / months["marked"]
    months["month"] = months["month"].dt.date
    return months


def attendance_by_group(sessions: pd.DataFrame) -> pd.DataFrame:
    """Per-session counts (code, present, marked) pooled per group: code, present, marked, rate."""
    if sessions.empty:
        return pd.DataFrame(columns=["code", "present", "marked", "rate"])
    groups = sessions.groupby("code", as_index=False, sort=False)[["present", "marked"]].sum()
    groups["rate"] = groups["present"] / groups["marked"]
    return groups
