"""The one domain exception type that write services raise, carrying messages per field."""
from __future__ import annotations

from dataclasses import dataclass, field


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
