"""Long lists of ids or codes cut into short IN lists: every database accepts 500 values in one, and a
statement per 500 keeps a 10,000-row import at a few dozen statements."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
SIZE = 500


def chunks(values: Sequence[T], size: int = SIZE) -> Iterator[Sequence[T]]:
    """`values` in consecutive slices of at most `size`."""
    for start in range(0, len(values), size):
        yield values[start:start + size]
