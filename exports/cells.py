"""Making a cell value safe for a spreadsheet."""
from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@")


def neutralise(value: object) -> object:
    """Text starting with = + - @ gets a leading apostrophe so a spreadsheet never runs it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
