"""What a coordinator types about the steering committee: a meeting, its minutes, a decision, a decision's
status move, and an admin's sign-off. One input per use case; bounds from the committee columns."""
from __future__ import annotations

import re
from datetime import date

from pydantic import ValidationInfo, field_validator

from domain.inputs import OptionalText, RecordId, Text, WriteInput, refusal
from domain.vocabulary import DECISION_STATUSES

PLACE_TEXT = 120   # CommitteeMeeting.place is String(120)
COMMITTEE_TEXT = 5000  # agenda, minutes, decisions and reasons are Text columns: a bound against pasted books
_LINK = re.compile(r"(activity|indicator|budget_line):(\d{1,9})")


class MeetingInput(WriteInput):
    """A meeting: when and where, who chaired, which institutions were present, the reporting period it
    reviews and the day its figures were cut (never after the meeting). Fields are checked in this order,
    so that the period and cut-off rules see the dates before them."""

    project_id: RecordId
    held_on: date
    place: Text(PLACE_TEXT, min_length=1)
    chair_institution_id: RecordId
    member_ids: list[RecordId] = []
    period_start: date
    period_end: date
    cutoff_date: date
    agenda: Text(COMMITTEE_TEXT) = ""
    minutes: Text(COMMITTEE_TEXT) = ""

    @field_validator("member_ids")
    @classmethod
    def _someone_present(cls, value: list[int]) -> list[int]:
        if not value:
            raise refusal("error.committee_members_required")
        return sorted(set(value))

    @field_validator("period_end")
    @classmethod
    def _period_ordered(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("period_start")
        if start is not None and value < start:
            raise refusal("error.committee_period_end_before_start")
        return value

    @field_validator("cutoff_date")
    @classmethod
    def _cut_before_meeting(cls, value: date, info: ValidationInfo) -> date:
        held_on = info.data.get("held_on")
        if held_on is not None and value > held_on:
            raise refusal("error.committee_cutoff_after_meeting")
        return value


class MinutesInput(WriteInput):
    """A meeting's agenda and minutes, kept or corrected against the version the form loaded."""

    meeting_id: RecordId
    agenda: Text(COMMITTEE_TEXT) = ""
    minutes: Text(COMMITTEE_TEXT) = ""
    expected_version: int | None = None


class DecisionInput(WriteInput):
    """A decision taken at a meeting: what, which institution owns it, by when, and optionally the one
    workplan activity, indicator or budget line it is about (`link`, as "activity:12")."""

    meeting_id: RecordId
    text: Text(COMMITTEE_TEXT, min_length=1)
    owner_institution_id: RecordId
    due_date: date
    link: OptionalText(40) = None

    @field_validator("link")
    @classmethod
    def _known_link(cls, value: str | None) -> str | None:
        if value is not None and not _LINK.fullmatch(value):
            raise refusal("error.decision_link_not_found")
        return value

    def linked(self, kind: str) -> int | None:
        """The id of the linked record when it is of `kind` (activity, indicator or budget_line)."""
        found = _LINK.fullmatch(self.link or "")
        return int(found.group(2)) if found and found.group(1) == kind else None


class DecisionMove(WriteInput):
    """A decision's status move, from the status the form showed (a compare-and-set: two people moving the
    same decision at once, one move is kept and the other is refused), on the day it happened, with why."""

    decision_id: RecordId
    from_status: Text(20) | None = None
    to_status: Text(20, min_length=1)
    changed_on: date
    comment: Text(COMMITTEE_TEXT) = ""

    @field_validator("to_status")
    @classmethod
    def _known_status(cls, value: str) -> str:
        if value not in DECISION_STATUSES:
            raise refusal("error.action_status_unknown")
        return value

    @field_validator("comment")
    @classmethod
    def _reason_given(cls, value: str) -> str:
        if not value:
            raise refusal("error.decision_reason_required")
        return value


class SignOffInput(WriteInput):
    """An admin signs a meeting's figures off (which locks the period through its cut-off date)."""

    meeting_id: RecordId
