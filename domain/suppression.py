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
