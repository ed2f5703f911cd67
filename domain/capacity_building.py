"""Capacity building of Moroccan actors: participation totals, learning gains and overdue action points.

Plain functions with no I/O; the queries hand them rows already aggregated in SQL.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

# Statuses of an action point that still expect something to happen.
PENDING_STATUSES = ("open", "in_progress")


@dataclass(frozen=True)
class ParticipationTotal:
    """Women, men and their total for one group (an institution type, level, or both)."""

    group: tuple[str, ...]
    women: int
    men: int

    @property
    def total(self) -> int:
        return self.women + self.men


def participation_totals(rows: Iterable[Mapping[str, object]], by: Sequence[str]) -> list[ParticipationTotal]:
    """Sum `women` and `men` of `rows` per distinct value of the `by` fields, in first-seen order.

    Negative counts are refused (the database refuses them too): a total must never hide a typo.
    """
    sums: dict[tuple[str, ...], list[int]] = {}
    for row in rows:
        women, men = int(row["women"]), int(row["men"])
        if women < 0 or men < 0:
            raise ValueError("participation counts cannot be negative")
        key = tuple(str(row[field]) for field in by)
        pair = sums.setdefault(key, [0, 0])
        pair[0] += women
        pair[1] += men
    return [ParticipationTotal(key, women, men) for key, (women, men) in sums.items()]


def by_sex(totals: Iterable[ParticipationTotal]) -> list[tuple[tuple[str, ...], str, int]]:
    """Long form for charts: one (group, sex, count) per group and sex, women first."""
    out: list[tuple[tuple[str, ...], str, int]] = []
    for total in totals:
        out += [(total.group, "women", total.women), (total.group, "men", total.men)]
    return out


def share_of_women(totals: Iterable[ParticipationTotal]) -> float | None:
    """Women ÷ everyone across `totals`; None when nobody attended."""
    totals = list(totals)
    everyone = sum(t.total for t in totals)
    return None if everyone == 0 else sum(t.women for t in totals) / everyone


@dataclass(frozen=True)
class LearningGain:
    """What a pre-/post-test says: points gained, gain relative to the pre-test, and share of the room to grow."""

    pre: Decimal
    post: Decimal
    scale: Decimal
    points: Decimal            # post − pre
    relative: float | None     # (post − pre) ÷ pre; None when pre is 0
    normalised: float | None   # (post − pre) ÷ (scale − pre); None when pre is already at the top


def learning_gain(pre: Decimal | float, post: Decimal | float, scale: Decimal | float = 100) -> LearningGain:
    """The gain between the average pre-test and post-test scores on a scale from 0 to `scale`."""
    pre, post, scale = (Decimal(str(v)) for v in (pre, post, scale))
    if scale <= 0:
        raise ValueError("the score scale must be positive")
    for value in (pre, post):
        if not 0 <= value <= scale:
            raise ValueError(f"score {value} is outside the scale 0–{scale}")
    points = post - pre
    relative = None if pre == 0 else float(points / pre)
    normalised = None if pre == scale else float(points / (scale - pre))
    return LearningGain(pre, post, scale, points, relative, normalised)


def is_overdue(due: date | None, status: str, as_of: date) -> bool:
    """Due before `as_of` and still open or in progress (a point due on `as_of` is not late yet)."""
    return due is not None and due < as_of and status in PENDING_STATUSES


def days_overdue(due: date | None, status: str, as_of: date) -> int:
    """How many days late an overdue action point is; 0 when it is not overdue."""
    return (as_of - due).days if is_overdue(due, status, as_of) else 0


def status_on(changes: Iterable[tuple[str, date]], day: date) -> str | None:
    """The status an action point had at the end of `day`, from its (to_status, changed_on) history.

    Changes on the same day apply in the order given; None when the point did not exist yet.
    """
    current = None
    ordered = sorted(enumerate(changes), key=lambda pair: (pair[1][1], pair[0]))
    for _index, (to_status, changed_on) in ordered:
        if changed_on <= day:
            current = to_status
    return current


def status_counts_over_time(histories: Mapping[int, Sequence[tuple[str, date]]],
                            days: Sequence[date]) -> list[tuple[date, str, int]]:
    """For each day, how many action points were in each status (statuses with no point are left out)."""
    out: list[tuple[date, str, int]] = []
    for day in days:
        counts: dict[str, int] = {}
        for changes in histories.values():
            status = status_on(changes, day)
            if status is not None:
                counts[status] = counts.get(status, 0) + 1
        out += [(day, status, n) for status, n in sorted(counts.items())]
    return out


def quarter_ends(start: date, as_of: date) -> list[date]:
    """Last day of each calendar quarter from the one holding `start` up to `as_of`, then `as_of` itself."""
    days: list[date] = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while True:
        end_month = quarter * 3
        end = date(year, 12, 31) if end_month == 12 else date(year, end_month + 1, 1) - timedelta(days=1)
        if end >= as_of:
            break
        days.append(end)
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    if as_of >= start:
        days.append(as_of)
    return days
