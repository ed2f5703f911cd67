"""What a user typed in a list's search field, as SQL: case-insensitive, anywhere in any of the columns,
LIKE wildcards in the text taken literally."""
from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_


def words_of(search: str | None) -> str:
    """The text to look for ("" when nothing was typed)."""
    return (search or "").strip().lower()


def any_contains(words: str, *columns) -> ColumnElement[bool]:
    """Any of `columns` (a missing value counting as empty) contains `words`."""
    return or_(*[func.lower(func.coalesce(column, "")).contains(words, autoescape=True) for column in columns])
