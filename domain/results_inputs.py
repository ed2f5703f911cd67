"""What an administrator types to build the results framework, and a coordinator to report a result."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, field_validator

from domain.inputs import (
    LONG_TEXT, MAX_AMOUNT, Measure, OptionalDate, OptionalText, RecordId, Text, WriteInput, decimal_from_text,
    refusal,
)
from domain.wordings import Rewording

NonNegativeMeasure = Annotated[Measure, Field(ge=0)]
BREAKDOWN_ROWS = 200


class LevelInput(WriteInput):
    """An objective, outcome or output, under the right kind of parent."""

    kind: Text(20, min_length=1)
    code: Text(20, min_length=1)
    statement: Text(LONG_TEXT, min_length=1)
    parent_id: RecordId | None = None
    assumptions: Text(LONG_TEXT) = ""


class IndicatorInput(WriteInput):
    """A reported indicator of a level."""

    level_id: RecordId
    code: Text(20, min_length=1)
    name: Text(LONG_TEXT, min_length=1)
    unit: Text(60, min_length=1)
    measure_type: Text(20) = "number"
    cumulative: bool = False
    direction: Text(10) = "increase"
    baseline: Measure = Decimal(0)
    lop_target: NonNegativeMeasure | None = None
    frequency: Text(20) = "lop"
    means_of_verification: Text(LONG_TEXT) = ""
    disaggregations: Text(200) = ""

    @field_validator("lop_target", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value


class TargetChangeInput(WriteInput):
    """A new baseline, LOP target or period target (`period_start`), with the reason kept forever."""

    indicator_id: RecordId
    field: Text(20, min_length=1)
    new_value: NonNegativeMeasure
    reason: Text(LONG_TEXT) = ""
    period_start: OptionalDate = None

    @field_validator("reason")
    @classmethod
    def _reason_given(cls, value: str) -> str:
        if not value:
            raise refusal("error.progress_reason_required")
        return value


class ResultReport(WriteInput):
    """A reported indicator's value for a period, with optional (dimension, category, value) rows."""

    indicator_id: RecordId
    period_start: date
    period_end: date
    value: NonNegativeMeasure
    note: Text(LONG_TEXT) = ""
    evidence_ref: Text(300) = ""
    breakdown: tuple[tuple[str, str, Decimal], ...] = ()

    @field_validator("breakdown", mode="before")
    @classmethod
    def _rows(cls, rows: Any) -> tuple[tuple[str, str, Decimal], ...]:
        """Each row names its dimension (≤ 30 characters) and category (≤ 60) and gives a number ≥ 0."""
        if rows is None:
            return ()
        if not isinstance(rows, list | tuple):
            raise refusal("error.progress_breakdown_invalid")
        parsed = []
        for row in rows:
            try:
                dimension, category, value = row
                number = decimal_from_text(value)
            except Exception:  # noqa: BLE001 - a row that is not three values, or a value that is no number
                raise refusal("error.progress_breakdown_invalid") from None
            dimension, category = str(dimension or "").strip(), str(category or "").strip()
            if not (dimension and category and len(dimension) <= 30 and len(category) <= 60
                    and isinstance(number, Decimal) and number.is_finite() and 0 <= number <= MAX_AMOUNT):
                raise refusal("error.progress_breakdown_invalid")
            parsed.append((dimension, category, number))
        if len(parsed) > BREAKDOWN_ROWS:
            raise refusal("error.too_many", max=BREAKDOWN_ROWS)
        return tuple(parsed)


class IndicatorWording(Rewording):
    """An indicator's name in English (required) and in French (blank: none kept)."""

    indicator_id: RecordId
    english: Text(LONG_TEXT, min_length=1)
    french: OptionalText(LONG_TEXT) = None


class StatementWording(Rewording):
    """A result statement (objective, outcome, output) in English (required) and in French (blank: none kept)."""

    level_id: RecordId
    english: Text(LONG_TEXT, min_length=1)
    french: OptionalText(LONG_TEXT) = None
