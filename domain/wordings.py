"""A name or statement kept in English and, when it differs, in French: which one a reader gets."""
from __future__ import annotations

from domain.inputs import WriteInput


def wording_in(lang: str, english: str, french: str | None) -> str:
    """The French wording for a French reader when one is kept, else the English one (the one given)."""
    return french if lang == "fr" and isinstance(french, str) and french.strip() else english


class Rewording(WriteInput):
    """Base of the inputs that change a record's English and French wording, against the version the
    form loaded. Each kind of record declares its id and bounds `english` and `french` by its columns;
    a blank French wording is None: the record then reads in English in both languages."""

    expected_version: int | None = None
