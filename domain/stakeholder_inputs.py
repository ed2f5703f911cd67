"""What a coordinator types about stakeholder events and the institutions registry: one input per use case."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator, Field

from domain.inputs import Count, LONG_TEXT, OptionalDate, OptionalText, RecordId, Text, WriteInput, decimal_from_text

# Scores and scales are stored as Numeric(6, 2): at most 9,999.99. Whether a score fits the event's scale
# is the service's rule (the scale may come from the stored event).
MAX_SCORE = Decimal("9999.99")
Score = Annotated[Decimal, BeforeValidator(decimal_from_text), Field(ge=-MAX_SCORE, le=MAX_SCORE)]
Scale = Annotated[Decimal, BeforeValidator(decimal_from_text), Field(gt=0, le=MAX_SCORE)]


def _blank_is_none(value: object) -> object:
    return None if value is None or isinstance(value, str) and not value.strip() else value


OptionalScore = Annotated[Score | None, BeforeValidator(_blank_is_none)]
OptionalScale = Annotated[Scale | None, BeforeValidator(_blank_is_none)]


class _EventFields(WriteInput):
    event_type: Text(30, min_length=1)
    title: Text(300, min_length=1)
    start_date: date
    end_date: date
    city: Text(60, min_length=1)
    organiser_id: RecordId | None = None
    topics: Text(LONG_TEXT) = ""
    facilitators: Text(LONG_TEXT) = ""


class EventInput(_EventFields):
    """A training, workshop, policy dialogue, study visit or steering committee meeting."""

    score_scale: Scale = Decimal(100)


class EventChange(_EventFields):
    """A correction of an event, against the version the form loaded."""

    event_id: RecordId
    expected_version: int | None = None


class ParticipationInput(WriteInput):
    """Who attended: women and men per institution id (totals are never typed)."""

    event_id: RecordId
    counts: dict[int, tuple[Count, Count]]


class LearningInput(WriteInput):
    """Average pre- and post-test scores (both blank clears them), on the event's scale unless another is given."""

    event_id: RecordId
    pre_test_avg: OptionalScore = None
    post_test_avg: OptionalScore = None
    score_scale: OptionalScale = None


class ActionPointInput(WriteInput):
    """A recommendation agreed at an event, owned by an institution."""

    event_id: RecordId
    text: Text(LONG_TEXT, min_length=1)
    owner_institution_id: RecordId | None = None
    due_date: OptionalDate = None
    opened_on: OptionalDate = None


class ActionPointMove(WriteInput):
    """An action point moved to another status on the day it happened."""

    action_point_id: RecordId
    to_status: Text(20, min_length=1)
    changed_on: date
    comment: Text(LONG_TEXT) = ""


class InstitutionInput(WriteInput):
    """An institution of the registry; names are unique whatever their case."""

    name: Text(200, min_length=1)
    acronym: OptionalText(30) = None
    type: Text(20, min_length=1)
    level: Text(10, min_length=1)
    city: OptionalText(60) = None
    is_implementing_partner: bool = False


class InstitutionChange(InstitutionInput):
    """A correction of an institution, against the version the form loaded."""

    institution_id: RecordId
    expected_version: int | None = None
