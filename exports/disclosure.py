"""Disclosure control for the public files (IATI, open data), as an adapter over the one disclosure layer
(domain/disclosure.py): the files hide exactly what a viewer's page hides.

Counts of people broken down by a personal characteristic (the IPTT's disaggregations, attendances by sex)
show 1–4 as "<5" and a neighbour hidden to protect it as withheld; counts without such a breakdown (women
per cohort and stage, plans by stage) are published as they are."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from db.queries.iptt import IpttLine
from domain.disclosure import SUPPRESSED, Disclosed
from domain.iptt import Period
from exports.iptt import hidden_breakdown

WITHHELD = ""  # a hidden cell in a CSV or left out of the IATI file (the pages show "…")


def breakdown_cells(line: IpttLine, periods: Sequence[Period]) -> dict[date, dict[tuple[str, str], Decimal | str]]:
    """An indicator's disaggregated actuals by period as the IPTT shows them to viewers: the value, "<5", or
    withheld (hidden by the IPTT's own rule, exports.iptt.hidden_breakdown, so both always agree)."""
    hidden = hidden_breakdown(line.breakdown, periods) if line.measure_type == "number" else {}
    cells: dict[date, dict[tuple[str, str], Decimal | str]] = {}
    for (dimension, category), values in line.breakdown.items():
        for start, value in values.items():
            shown = hidden.get((start, dimension, category))
            if shown is not None:
                value = SUPPRESSED if shown == SUPPRESSED else WITHHELD
            cells.setdefault(start, {})[(dimension, category)] = value
    return cells


def shown_cells(disclosed: Disclosed, column: str = "count") -> list[int | str]:
    """Each row's count of a disclosed frame as a file may carry it: the number, "<5", or withheld."""
    frame = disclosed.frame
    return [SUPPRESSED if hidden and shown == SUPPRESSED else WITHHELD if hidden else int(value)
            for value, shown, hidden in zip(frame[column], frame[f"{column}_shown"], frame[f"{column}_hidden"],
                                            strict=True)]
