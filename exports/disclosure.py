"""Disclosure control for the public files (IATI, open data): the only place they hide small counts, so that
the shared disclosure layer can take its place. The rules are the viewers' (domain/suppression.py): a count
of 1–4 shows as "<5"; a neighbour hidden so that a shown total does not give a small count away is withheld
(an empty cell, or left out of the IATI file)."""
from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TypeVar

from db.queries.iptt import IpttLine
from domain.iptt import Period
from domain.suppression import SUPPRESSED, is_small, suppress_breakdown
from exports.iptt import _hidden as iptt_hidden

K = TypeVar("K", bound=Hashable)
WITHHELD = ""


def breakdown_cells(line: IpttLine, periods: Sequence[Period]) -> dict[date, dict[tuple[str, str], Decimal | str]]:
    """An indicator's disaggregated actuals by period as the IPTT shows them to viewers: the value, "<5", or
    withheld (hidden by the IPTT's own rule, exports.iptt, so both always agree)."""
    hidden = iptt_hidden(line.breakdown, periods) if line.measure_type == "number" else set()
    cells: dict[date, dict[tuple[str, str], Decimal | str]] = {}
    for (dimension, category), values in line.breakdown.items():
        for start, value in values.items():
            if (start, dimension, category) in hidden:
                value = SUPPRESSED if is_small(int(value)) else WITHHELD
            cells.setdefault(start, {})[(dimension, category)] = value
    return cells


def shown_breakdown(counts: Mapping[K, int]) -> dict[K, int | str]:
    """Counts of people by a personal characteristic whose total is known: "<5", withheld, or the count."""
    kept = suppress_breakdown(counts)
    return {k: n if kept[k] is not None else (SUPPRESSED if is_small(n) else WITHHELD) for k, n in counts.items()}


def shown_count(count: int) -> int | str:
    """One count of people standing alone: "<5" for 1–4."""
    return SUPPRESSED if is_small(count) else count
