"""What a write use case may be refused with: field-level problems, a role that may not act, or a record
changed by someone else since the form loaded it. Pure: `domain/` never imports `db/`."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: a message key for the translation catalog and its parameters."""

    field: str
    key: str
    params: dict[str, object] = field(default_factory=dict)


class ValidationError(Exception):
    """Input was refused; nothing was written. `problems` say which field is wrong and why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"{p.field}: {p.key}" for p in problems))
        self.problems = problems

    def for_field(self, name: str) -> list[Problem]:
        return [p for p in self.problems if p.field == name]


class PermissionDenied(Exception):
    """The acting user's role does not allow this read or write."""


def check(problems: list[Problem]) -> None:
    """Raise when any problem was collected, so a service reports every field at once."""
    if problems:
        raise ValidationError(problems)


class StaleRecord(Exception):
    """The record was changed by someone else since the form loaded it; nothing was written.

    Carries who changed it and when (from the audit trail), and the values stored now, so the page can show
    them beside what the user typed and keep the user's input."""

    def __init__(self, *, entity: str, entity_id: int, version: int, changed_by: str,
                 changed_at: datetime | None, stored: dict[str, object]):
        super().__init__(f"{entity} {entity_id} changed by {changed_by} at {changed_at}")
        self.entity, self.entity_id, self.version = entity, entity_id, version
        self.changed_by, self.changed_at, self.stored = changed_by, changed_at, stored


class WriteConflict(Exception):
    """Concurrent writers kept colliding (serialisation failures, deadlocks) past the bounded retries;
    nothing was written and saving again is safe."""
