"""Disclosure control: what a viewer, or any export meant for a meeting, may see of counts of people.

The rule (domain.md, "Data protection"): a count of *people* broken down by a personal characteristic
(sex, age group, nationality, city, number of children) is shown only when it is 0 or at least 5. A count
of 1–4 shows "<5", and enough neighbouring cells are hidden too that no hidden cell can be worked out from
the totals that are shown (complementary suppression). Counts without such a breakdown (events held, women
per cohort, plans by stage, enterprises operating) are shown as they are.

This module is the one place that decides. It is pure (no I/O) and works on two shapes:

- `suppress_grid(cells, ...)`: a mapping {(category, other): count} → a `Suppression` (which cells to hide,
  which totals may not be shown). The core rule; everything else calls it.
- `disclose(frame, count_columns, breakdown_columns, ...)`: a DataFrame in, a `Disclosed` out, whose frame
  has every hidden count replaced by <NA> and, per count column `c`, a column `c_shown` (the text a reader
  sees: the number, "<5" or "…") and `c_hidden` (True for a hidden cell). Charts, tables and files are built
  from that frame, so a raw small count never leaves the server.

- `suppress_counts({category: count})`: the one-line case (a breakdown whose total is shown).

What a caller does with a `Disclosed`: draw only the rows where `c_hidden` is False (their `c` is the
count); write `c_shown` in tables and files; when `all_hidden`, show `total` and a sentence instead of a
chart; when not `complete`, show `total` and a sentence instead of the breakdown. The viewer-facing reads
that return one are in `db/queries/disclosed.py`; the IPTT's disaggregations go through
`exports.iptt.hidden_breakdown`, which calls `suppress_grid`.

How a hidden cell is written: a count of 1–4, and a 0 hidden as a complement, show "<5" (both are under 5);
a complement of 5 or more shows "…". So a reader who adds up what is shown learns only the sum of the hidden
cells of a line, and that sum never pins down one count of 1–4.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

MINIMUM = 5
SUPPRESSED = "<5"   # a hidden count under 5 (1–4, or a 0 hidden as a complement)
WITHHELD = "…"      # a hidden count of 5 or more, hidden so that a total does not give a small one away
# The characteristics of a person whose breakdowns are suppressed (as the queries and IPTT name them).
PERSONAL_CHARACTERISTICS = frozenset({"sex", "age_band", "nationality", "city", "children"})

TOTAL = "__total__"  # the `other` coordinate of a category's total, when that total is shown
Cell = tuple[Hashable, Hashable]   # (category of the personal characteristic, the other coordinate)
Line = tuple[str, Hashable]        # ("category", category) or ("across", other): the cells one total sums


def is_small(count: int, minimum: int = MINIMUM) -> bool:
    """A count that must not be shown on its own: at least one person, fewer than `minimum`. Zero is shown."""
    return 0 < count < minimum


def shown_count(count: int, minimum: int = MINIMUM) -> str:
    """One count of a breakdown as a viewer may see it when no total betrays it: '<5' for 1–4, else the number."""
    return SUPPRESSED if is_small(count, minimum) else str(count)


@dataclass(frozen=True)
class Suppression:
    """The decision for one table: the cells to hide and the totals that may not be shown."""

    hidden: frozenset          # cells to hide: the small ones and their complements
    small: frozenset           # the hidden cells holding 1–4 people
    open_totals: frozenset     # lines whose total would give a small cell away and could not be protected
    minimum: int = MINIMUM

    def text(self, cell: Cell, count: int) -> str | None:
        """"<5" or "…" for a hidden cell; None when the cell is shown."""
        if cell not in self.hidden:
            return None
        return SUPPRESSED if count < self.minimum else WITHHELD


def _reachable(domains: Iterable[tuple[int, int | None]], limit: int) -> int:
    """Bitset of the sums (0..limit) that cells with these value ranges (low, high; None: unbounded) can make."""
    sums, mask = 1, (1 << (limit + 1)) - 1
    for low, high in domains:
        if high is None:  # any value from `low` up: every sum from the smallest reachable one + low
            start = (sums & -sums).bit_length() - 1 + low if sums else limit + 1
            sums = mask >> start << start if start <= limit else 0
        else:
            shifted = 0
            for step in range(low, high + 1):
                shifted |= sums << step
            sums = shifted & mask
    return sums


def _domain(count: int, minimum: int) -> tuple[int, int | None]:
    """What a reader knows of a hidden cell from its mark: '<5' is 0..4, '…' is 5 or more."""
    return (0, minimum - 1) if count < minimum else (minimum, None)


def _pinned(line: Sequence[Cell], hidden: set, cells: Mapping[Cell, int], minimum: int) -> bool:
    """True when the line's total, less its shown cells, leaves a single possible value for a hidden small cell."""
    inside = [c for c in line if c in hidden]
    rest = sum(cells[c] for c in inside)
    for cell in inside:
        if not is_small(cells[cell], minimum):
            continue
        others = _reachable((_domain(cells[c], minimum) for c in inside if c != cell), rest)
        possible = [v for v in range(0, minimum) if v <= rest and others >> (rest - v) & 1]
        if len(possible) < 2:
            return True
    return False


def suppress_grid(cells: Mapping[Cell, int], *, category_totals_shown: bool = False,
                  across_totals_shown: bool = True, minimum: int = MINIMUM) -> Suppression:
    """Which cells of a table of counts to hide for a viewer, and which totals then must stay unshown.

    `cells`: {(category, other): count}, the category being the value of the personal characteristic (a sex,
    a nationality…) and `other` whatever the table crosses it with (a stage, a period, an institution group).
    `across_totals_shown`: the sum over categories for each `other` (e.g. people per stage) is shown somewhere
    on the same page or file. `category_totals_shown`: each category's sum over `other` is shown (a "Total"
    column); it is itself a count of people by that category, so it becomes the cell (category, TOTAL) and
    is hidden like any other (`text((category, TOTAL), n)` says how it reads).

    Cells of 1–4 are hidden. Then, while a line whose total is shown has exactly one hidden cell, or its
    hidden cells' sum would pin down a small one, the smallest non-zero shown cell of that line is hidden too
    (a zero when no other is left). A line with no cell left to hide goes into `open_totals`: its total must
    not be shown either (the caller shows a sentence instead).
    """
    cells = dict(cells)
    if category_totals_shown:
        for category in {c for c, _ in list(cells)}:
            cells[(category, TOTAL)] = sum(n for (c, _), n in list(cells.items()) if c == category and _ != TOTAL)
    hidden = {cell for cell, n in cells.items() if is_small(n, minimum)}
    small = frozenset(hidden)
    lines: dict[Line, list[Cell]] = {}
    for cell in cells:
        if category_totals_shown:
            lines.setdefault(("category", cell[0]), []).append(cell)
        if across_totals_shown:
            lines.setdefault(("across", cell[1]), []).append(cell)
    open_totals: set[Line] = set()
    changed = True
    while changed:
        changed = False
        for key, line in lines.items():
            inside = [c for c in line if c in hidden]
            if key in open_totals or not inside:
                continue
            if len(inside) >= 2:
                # A category line ties its cells to its total cell: with that total hidden too, no sum is known.
                if key[0] == "category" and (key[1], TOTAL) in hidden:
                    continue
                parts = [c for c in line if c[1] != TOTAL]
                if not _pinned(parts, hidden, cells, minimum):
                    continue
            candidates = sorted((c for c in line if c not in hidden),
                                key=lambda c: (cells[c] == 0, cells[c], repr(c)))
            if not candidates:
                open_totals.add(key)
                continue
            hidden.add(candidates[0])
            changed = True
    return Suppression(frozenset(hidden), small, frozenset(open_totals), minimum)


def suppress_counts(counts: Mapping[Hashable, int], *, total_shown: bool = True,
                    minimum: int = MINIMUM) -> dict[Hashable, int | None]:
    """A one-line breakdown ({category: count}) as a viewer may see it: None marks a hidden count.

    `total_shown`: the sum of the categories is shown too (so a lone hidden count needs a complement).
    """
    grid = suppress_grid({(k, "total"): n for k, n in counts.items()}, category_totals_shown=False,
                         across_totals_shown=total_shown, minimum=minimum)
    return {k: None if (k, "total") in grid.hidden else n for k, n in counts.items()}


@dataclass(frozen=True)
class Disclosed:
    """A frame as a viewer may get it, and what the page must know to show it honestly.

    `frame`: the input with each hidden count set to <NA>; for each count column `c`, `c_shown` (text: the
    number, "<5" or "…") and `c_hidden` (bool). `total`: the sum of every count, and `column_totals`: the sum
    of each count column (counts without breakdown: safe to show, e.g. beside an all-hidden chart).
    `category_totals` (only when `category_totals_shown`): {category key (tuple of the breakdown columns'
    values): its total, or "<5"/"…" when it is hidden (a category's total is a count by that category too)}.
    `open_totals`: lines whose total the page must not show (see `suppress_grid`); `complete` is False then.
    `suppressed`: whether suppression was applied (False for readers who may see every count).
    """

    frame: pd.DataFrame
    total: int
    column_totals: dict[str, int]
    category_totals: dict[tuple, int | str]
    open_totals: frozenset
    suppressed: bool

    @property
    def all_hidden(self) -> bool:
        """True when no non-zero count is left to draw: show the total and a sentence instead of a chart."""
        columns = [c[:-len("_hidden")] for c in self.frame.columns if str(c).endswith("_hidden")]
        return not any(((~self.frame[f"{c}_hidden"]) & (self.frame[c].fillna(0) > 0)).any() for c in columns)

    @property
    def complete(self) -> bool:
        """False when some total shown elsewhere would give a hidden cell away: show a sentence, not the cells."""
        return not self.open_totals


def disclose(frame: pd.DataFrame, count_columns: Sequence[str], breakdown_columns: Sequence[str], *,
             across: Sequence[str] = (), suppress: bool = True, category_totals_shown: bool = False,
             across_totals_shown: bool = True, minimum: int = MINIMUM) -> Disclosed:
    """A table of counts of people broken down by a personal characteristic, as the reader may see it.

    Each (row, count column) is a cell. Its category is the row's values of `breakdown_columns` (e.g.
    ["category"] holding sex or nationality); its other coordinate is the row's values of `across` (e.g.
    ["stage"], ["period"]) plus the count column's name. So both shapes work:
      long:  disclose(rows, ["count"], ["category"], across=["stage"])
      wide:  disclose(rows, ["enrolled", "completed", "placed"], ["category"])
    `across_totals_shown`: per other coordinate, the sum over categories is shown (people per stage, per
    period): usually true. `category_totals_shown`: per category, the sum across is shown (a "Total" column).
    `suppress=False` (coordinators, admins) returns every count with no cell hidden, in the same shape.
    """
    out = frame.copy().reset_index(drop=True)
    keys = list(zip(*(out[c] for c in breakdown_columns))) if breakdown_columns else [()] * len(out)
    others = list(zip(*(out[c] for c in across))) if across else [()] * len(out)
    cells = {((keys[i]), (others[i], column)): int(out.at[i, column])
             for i in range(len(out)) for column in count_columns}
    total = sum(cells.values())
    decision = (suppress_grid(cells, category_totals_shown=category_totals_shown,
                              across_totals_shown=across_totals_shown, minimum=minimum)
                if suppress else Suppression(frozenset(), frozenset(), frozenset()))
    for column in count_columns:
        raw = [cells[(keys[i], (others[i], column))] for i in range(len(out))]
        texts = [decision.text((keys[i], (others[i], column)), n) for i, n in enumerate(raw)]
        out[column] = pd.array([None if text else n for n, text in zip(raw, texts)], dtype="Int64")
        out[f"{column}_shown"] = [text or str(n) for n, text in zip(raw, texts)]
        out[f"{column}_hidden"] = [text is not None for text in texts]
    column_totals = {c: sum(n for (_, (_, column)), n in cells.items() if column == c) for c in count_columns}
    category_totals: dict[tuple, int | str] = {}
    if category_totals_shown:
        for (key, _other), n in cells.items():
            category_totals[key] = category_totals.get(key, 0) + n
        category_totals = {key: decision.text((key, TOTAL), n) or n for key, n in category_totals.items()}
    return Disclosed(out, total, column_totals, category_totals, decision.open_totals, suppress)
