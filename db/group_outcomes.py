"""Per-cohort outcome summary for the funnel (being built; see #13).

Writes that change enrolments, follow-ups, attendance marks or a participant's sex, birth year, nationality
or city with ORM objects are noticed by themselves; a write made with Core statements (bulk inserts) must
call `touch` with the training groups it changed, inside its transaction."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

TOUCHED = "group_outcomes.touched"


def touch(session: Session, group_ids: Iterable[int]) -> None:
    """Mark these training groups' outcome summary for a recount before this transaction commits."""
    session.info.setdefault(TOUCHED, set()).update(int(g) for g in group_ids)
