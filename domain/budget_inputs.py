"""What a coordinator or an administrator types on the budget page: one input per use case."""
from __future__ import annotations

from datetime import date
from typing import Literal

from domain.inputs import (
    Amount, AmountOrZero, LONG_TEXT, NAME_TEXT, OptionalExchangeRate, OptionalText, RecordId, Text, WriteInput,
)
from domain.wordings import Rewording


class ExpenditureInput(WriteInput):
    """Money spent on a budget line, in MAD or USD; the rate of the day when one is typed (MAD per USD),
    else the year's average rate; a line taken over its budget needs a written justification."""

    line_id: RecordId
    spent_on: date
    description: Text(LONG_TEXT, min_length=1)
    amount: Amount
    currency: Literal["USD", "MAD"]
    mad_per_usd: OptionalExchangeRate = None
    justification: Text(LONG_TEXT) = ""


class BudgetLinesInput(WriteInput):
    """New USD amounts of some of the project's lines (by line id); the others keep theirs."""

    amounts: dict[int, AmountOrZero]


class PlannedAmountsInput(WriteInput):
    """A line's quarterly plan: USD per quarter, each quarter named by its first day."""

    line_id: RecordId
    amounts: dict[date, AmountOrZero]


class VarianceExplanation(WriteInput):
    """Why a line is over or under its plan, against the version of the line the form loaded."""

    line_id: RecordId
    explanation: Text(LONG_TEXT, min_length=1)
    expected_version: int | None = None


class BudgetLineWording(Rewording):
    """A budget line's name in English (required) and in French (blank: none kept), bounded by the columns."""

    line_id: RecordId
    english: Text(NAME_TEXT, min_length=1)
    french: OptionalText(NAME_TEXT) = None
