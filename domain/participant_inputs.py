"""What a coordinator types to register or correct a participant: the input of both use cases."""
from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, field_validator

from domain.countries import is_country
from domain.inputs import OptionalDate, OptionalText, RecordId, Text, WriteInput, refusal

MIN_BIRTH_YEAR, MAX_BIRTH_YEAR = 1940, 2010
MAX_CHILDREN = 20


class ParticipantInput(WriteInput):
    """A beneficiary's attributes. Name and phone are personal and need recorded consent."""

    sex: Literal["F", "M"]
    nationality: Text(2)
    city: Text(60, min_length=1)
    registered_on: date
    birth_year: int | None = Field(default=None, ge=MIN_BIRTH_YEAR, le=MAX_BIRTH_YEAR)
    children_count: int = Field(default=0, ge=0, le=MAX_CHILDREN)
    year_regularized: int | None = Field(default=None, ge=2000, le=2100)
    consent_recorded: bool = False
    consent_date: OptionalDate = None
    full_name: OptionalText(200) = None
    phone: OptionalText(40) = None
    confirm_duplicate: bool = False

    @field_validator("nationality")
    @classmethod
    def _known_country(cls, value: str) -> str:
        if not is_country(value):
            raise refusal("error.participant_nationality_unknown")
        return value

    @field_validator("full_name")
    @classmethod
    def _single_spaces(cls, value: str | None) -> str | None:
        return " ".join(value.split()) or None if value else None


class ParticipantChange(ParticipantInput):
    """A correction of a registered participant, against the version the form loaded."""

    participant_id: RecordId
    expected_version: int | None = None
