"""What a coordinator types about where the workplan stands."""
from __future__ import annotations

from datetime import date

from pydantic import Field

from domain.inputs import OptionalDate, RecordId, WriteInput


class ActivityProgress(WriteInput):
    """An activity's actual (or forecast) dates and its % complete, against the version the form loaded."""

    activity_id: RecordId
    actual_start: OptionalDate = None
    actual_end: OptionalDate = None
    percent_complete: int = Field(ge=0, le=100)
    expected_version: int | None = None


class MilestoneReached(WriteInput):
    """The day a milestone was reached."""

    milestone_id: RecordId
    done_on: date
    expected_version: int | None = None
