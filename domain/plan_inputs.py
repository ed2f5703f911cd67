"""What a coordinator types on a business plan's file: one input per use case of the pipeline."""
from __future__ import annotations

from datetime import date
from pydantic import Field, field_validator

from domain.inputs import Amount, LONG_TEXT, OptionalExchangeRate, RecordId, Text, WriteInput, refusal
from domain.vocabulary import ENTERPRISE_STATUSES, FOLLOW_UP_MONTHS, REVENUE_BANDS

Mark = int  # one rubric criterion, 1 to 5
MARK = Field(ge=1, le=5)


class PlanInput(WriteInput):
    """A new draft plan for one owner, or several for a group enterprise."""

    owners: tuple[int, ...] = ()
    business_idea: Text(LONG_TEXT, min_length=1)
    sector: Text(100, min_length=1)
    city: Text(60, min_length=1)
    requested_mad: Amount
    created_on: date
    mad_per_usd: OptionalExchangeRate = None
    documents_ref: Text(LONG_TEXT) = ""

    @field_validator("owners")
    @classmethod
    def _someone_owns_it(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if not value:
            raise refusal("error.plan_owner_required")
        return tuple(dict.fromkeys(value))


class PlanMove(WriteInput):
    """One step through the pipeline, from the status the form showed (a compare-and-set: two reviewers
    deciding at once store one decision, the other is told the plan has moved)."""

    plan_id: RecordId
    from_status: Text(20) | None = None
    to_status: Text(20, min_length=1)
    occurred_on: date
    comment: Text(LONG_TEXT) = ""
    approved_mad: Amount | None = None


class PlanScoreInput(WriteInput):
    """One reviewer's rubric, 1 to 5 on each criterion (field names are db.models.enterprise.RUBRIC)."""

    plan_id: RecordId
    reviewer: Text(60, min_length=1)
    scored_on: date
    viability: Mark = MARK
    market: Mark = MARK
    feasibility: Mark = MARK
    financial_plan: Mark = MARK
    capacity: Mark = MARK
    comment: Text(LONG_TEXT) = ""


class DisbursementInput(WriteInput):
    """Start-up support paid in MAD, with the rate of the day when one is typed."""

    plan_id: RecordId
    amount_mad: Amount
    spent_on: date
    description: Text(LONG_TEXT) = ""
    mad_per_usd: OptionalExchangeRate = None


class MentoringVisitInput(WriteInput):
    plan_id: RecordId
    visit_date: date
    revenue_band: Text(20, min_length=1)
    notes: Text(LONG_TEXT) = ""

    @field_validator("revenue_band")
    @classmethod
    def _known_band(cls, value: str) -> str:
        if value not in REVENUE_BANDS:
            raise refusal("error.plan_revenue_band_unknown")
        return value


class EnterpriseStatusInput(WriteInput):
    """Whether the enterprise operates 3, 6 or 12 months after launch."""

    plan_id: RecordId
    months_after: int
    observed_on: date
    status: Text(20, min_length=1)

    @field_validator("months_after")
    @classmethod
    def _known_months(cls, value: int) -> int:
        if value not in FOLLOW_UP_MONTHS:
            raise refusal("error.plan_months_unknown")
        return value

    @field_validator("status")
    @classmethod
    def _known_status(cls, value: str) -> str:
        if value not in ENTERPRISE_STATUSES:
            raise refusal("error.plan_enterprise_status_unknown")
        return value
