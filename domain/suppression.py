"""Small-count suppression for viewers: a count from 1 to 4 could point at a person, so it shows as "<5"."""
from __future__ import annotations

from collections.abc import Mapping

MINIMUM = 5
SUPPRESSED = "<5"


def is_small(count: int, minimum: int = MINIMUM) -> bool:
    """A count that must not be shown: at least one person, fewer than `minimum`.

    Zero is shown: it names nobody.
    """
    return 0 < count < minimum


def shown_count(count: int, minimum: int = MINIMUM) -> str:
    """The count as a viewer may see it: '<5' for 1–4, otherwise the number."""
    return SUPPRESSED if is_small(count, minimum) else str(count)


def suppress_breakdown(counts: Mapping[str, int], minimum: int = MINIMUM) -> dict[str, int | None]:
    """Hide small categories of a breakdown whose total is also shown; None marks a hidden count.

    When exactly one category is hidden, the total minus the others would reveal it, so the next
    smallest non-zero category is hidden as well (secondary suppression).
    """
    hidden = {k for k, n in counts.items() if is_small(n, minimum)}
    if len(hidden) == 1:
        others = sorted((n, k) for k, n in counts.items() if k not in hidden and n > 0)
        if others:
            hidden.add(others[0][1])
    return {k: (None if k in hidden else n) for k, n in counts.items()}


def suppress_table(cells: Mapping[tuple[str, str], int], minimum: int = MINIMUM) -> set[tuple[str, str]]:
    """The (row, column) cells to hide in a table whose row totals AND column totals are shown (or derivable).

    Small cells are hidden; then, while some row or column has exactly one hidden cell, its next smallest
    non-zero visible cell is hidden as well, so no single total minus the shown cells gives a hidden count.
    """
    hidden = {key for key, n in cells.items() if is_small(n, minimum)}
    lines = [{key for key in cells if key[0] == r} for r in {k[0] for k in cells}]
    lines += [{key for key in cells if key[1] == c} for c in {k[1] for k in cells}]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if len(line & hidden) == 1:
                others = sorted((cells[k], k) for k in line - hidden if cells[k] > 0)
                if others:
                    hidden.add(others[0][1])
                    changed = True
    return hidden
