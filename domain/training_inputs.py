"""What a coordinator types to plan a cohort or an entrepreneurship group, enrol, record a session with its
attendance, record a result, a drop-out or a follow-up: one typed input per training use case.

Field names are the services' and the forms' error slots. Bounds come from the columns (training_group,
enrolment, training_session, follow_up); the rules that need the database (project period, period lock,
capacity) stay in the services."""
from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, ValidationInfo, field_validator

from domain.inputs import Count, LONG_TEXT, NAME_TEXT, OptionalDate, OptionalText, RecordId, Text, WriteInput, \
    decimal_from_text, refusal, to_cents
from domain.vocabulary import FOLLOW_UP_MONTHS, FOLLOW_UP_STATUSES, GROUP_KINDS, MODULES, PLACED_STATUSES

MAX_SESSION_HOURS = Decimal(12)
MAX_SCORE = Decimal(100)

Number = Annotated[Decimal | None, BeforeValidator(decimal_from_text)]
"""The id of a stored record (an integer primary key): never a value the database could not compare."""


def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


class GroupInput(WriteInput):
    """A cohort (vocational, with its trade) or an entrepreneurship group (with its module) to plan."""

    model_config = ConfigDict(validate_default=True)  # a trade or module left out is judged too

    kind: str
    name: Text(NAME_TEXT, min_length=1)
    trade: OptionalText(100) = None
    module: Annotated[OptionalText(10), BeforeValidator(_upper)] = None
    provider_id: RecordId | None
    city: Text(60, min_length=1)
    planned_start: OptionalDate = None
    planned_end: OptionalDate = None
    planned_sessions: Count = 0
    planned_hours: Count = 0
    capacity: Count
    code: Annotated[OptionalText(20), BeforeValidator(_upper)] = None

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in GROUP_KINDS:
            raise refusal("error.group_kind_unknown")
        return value

    @field_validator("trade")
    @classmethod
    def _trade_of_cohorts(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("kind") == "vocational" and not value:
            raise refusal("error.required")
        return value

    @field_validator("module")
    @classmethod
    def _module_matches_kind(cls, value: str | None, info: ValidationInfo) -> str | None:
        kind = info.data.get("kind")
        if kind == "entrepreneurship" and value not in MODULES:
            raise refusal("error.group_module_required")
        if kind == "vocational" and value:
            raise refusal("error.group_module_only_entrepreneurship")
        return value

    @field_validator("provider_id")
    @classmethod
    def _provider_given(cls, value: int | None) -> int:
        if value is None:
            raise refusal("error.group_provider_unknown")
        return value

    @field_validator("planned_end")
    @classmethod
    def _end_after_start(cls, value, info: ValidationInfo):
        start = info.data.get("planned_start")
        if value is not None and start is not None and value < start:
            raise refusal("error.training_end_before_start")
        return value

    @field_validator("capacity")
    @classmethod
    def _at_least_one_place(cls, value: int) -> int:
        if value <= 0:
            raise refusal("error.group_capacity_positive")
        return value


class GroupChange(GroupInput):
    """A correction of a group's plan against the version the form loaded (its kind and code never change)."""

    group_id: RecordId
    expected_version: int | None = None


class EnrolmentInput(WriteInput):
    """One participant joining a group; a full group takes her only with a stated reason."""

    participant_id: RecordId
    enrolled_on: OptionalDate = None
    over_capacity_reason: OptionalText(LONG_TEXT) = None


class SessionInput(WriteInput):
    """One training day and, per participant id, whether she was present."""

    session_date: OptionalDate = None
    topic: Text(NAME_TEXT, min_length=1)
    hours: Number = None
    marks: dict[RecordId, bool]

    @field_validator("hours")
    @classmethod
    def _hours_of_a_day(cls, value: Decimal | None) -> Decimal:
        if value is None or value <= 0:
            raise refusal("error.session_hours_positive")
        if value > MAX_SESSION_HOURS:
            raise refusal("error.session_hours_too_many", max=int(MAX_SESSION_HOURS))
        return to_cents(value)


class ResultInput(WriteInput):
    """Completion, assessment score (0–100) and certificate of one enrolment, against the loaded version."""

    enrolment_id: RecordId
    expected_version: int | None = None
    completed: bool = False
    completed_on: OptionalDate = None
    assessment_score: Number = None
    certified: bool = False
    certified_on: OptionalDate = None

    @field_validator("assessment_score")
    @classmethod
    def _score_range(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and not Decimal(0) <= value <= MAX_SCORE:
            raise refusal("error.enrolment_score_range")
        return to_cents(value)

    @field_validator("certified")
    @classmethod
    def _certified_after_completion(cls, value: bool, info: ValidationInfo) -> bool:
        if value and not info.data.get("completed"):
            raise refusal("error.enrolment_certified_needs_completion")
        return value


class DropOutInput(WriteInput):
    """She left the training: when and why (the reason is required), against the loaded version."""

    enrolment_id: RecordId
    expected_version: int | None = None
    reason: OptionalText(LONG_TEXT)
    dropped_on: OptionalDate = None

    @field_validator("reason")
    @classmethod
    def _reason_given(cls, value: str | None) -> str:
        if not value:
            raise refusal("error.enrolment_dropout_reason_required")
        return value


class FollowUpInput(WriteInput):
    """What became of a trainee some months after the training (FOLLOW_UP_MONTHS)."""

    model_config = ConfigDict(validate_default=True)  # a sector left out is judged too

    enrolment_id: RecordId
    expected_version: int | None = None
    """The version of this follow-up the form loaded; 0 when it had none yet (then someone else's call
    recorded meanwhile makes the save stale)."""
    months_after: int
    contact_date: OptionalDate = None
    status: str
    sector: OptionalText(100) = None
    notes: OptionalText(LONG_TEXT) = None

    @field_validator("months_after", mode="before")
    @classmethod
    def _known_months(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        # Only a whole number of months from the list: no bool, float or Decimal (a NaN never compares).
        if isinstance(value, bool) or not isinstance(value, int) or value not in FOLLOW_UP_MONTHS:
            raise refusal("error.follow_up_months_unknown")
        return value

    @field_validator("status")
    @classmethod
    def _known_status(cls, value: str) -> str:
        if value not in FOLLOW_UP_STATUSES:
            raise refusal("error.follow_up_status_unknown")
        return value

    @field_validator("sector")
    @classmethod
    def _sector_of_a_placement(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("status") in PLACED_STATUSES and not value:
            raise refusal("error.follow_up_sector_required")
        return value
