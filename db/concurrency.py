"""What keeps a rule true when several people write at once: row locks on the record a rule spans,
version checks against what a form loaded, and counters that hand out codes without reading max()+1.

On PostgreSQL `lock_row` takes `SELECT ... FOR UPDATE`; on SQLite every write transaction starts with
`BEGIN IMMEDIATE` (see db/engine.py), so writers are already one at a time and the lock is a plain read.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.models import AppUser, AuditEntry, NumberCounter
from domain.errors import StaleRecord

M = TypeVar("M")


def lock_row(session: Session, model: type[M], row_id: int) -> M | None:
    """The row, read afresh and locked until the transaction ends (None when it does not exist)."""
    return session.get(model, row_id, with_for_update=True, populate_existing=True)


def check_version(session: Session, record: object, expected: int | None, *, entity: str,
                  fields: tuple[str, ...] = ()) -> None:
    """Refuse with StaleRecord when the record's version is not the one the form loaded.

    `expected` None means the caller loaded no version (a system write): nothing to compare. `fields` are
    the ones whose stored values the page shows beside the user's."""
    if expected is None or record.version == expected:  # type: ignore[attr-defined]
        return
    record_id = record.id  # type: ignore[attr-defined]
    last = session.execute(
        select(AuditEntry.actor, AuditEntry.at).where(AuditEntry.entity == entity, AuditEntry.entity_id == record_id)
        .order_by(AuditEntry.id.desc()).limit(1)).first()
    who = last.actor if last else ""
    name = session.scalar(select(AppUser.name).where(AppUser.username == who)) if who else None
    raise StaleRecord(entity=entity, entity_id=record_id, version=record.version,  # type: ignore[attr-defined]
                      changed_by=name or who or "?",
                      changed_at=last.at if last else None,
                      stored={f: getattr(record, f) for f in fields if hasattr(record, f)})


def take_numbers(session: Session, *, project_id: int, series: str, count: int = 1,
                 highest_used: Callable[[], int] = lambda: 0) -> list[int]:
    """The next `count` numbers of a series (e.g. participant codes of Rabat, "participant:RAB"), taken by
    an atomic increment of the series' counter row: unique under any number of concurrent writers, never
    failing anyone. A rolled-back transaction gives its numbers back; a deleted record leaves a gap.

    `highest_used` is asked once, when the series is met for the first time (records made before counters
    existed), so the counter starts after them."""
    counter = (NumberCounter.project_id == project_id) & (NumberCounter.series == series)
    if session.scalar(select(NumberCounter.id).where(counter)) is None:
        insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
        session.execute(insert(NumberCounter).values(project_id=project_id, series=series, last_value=highest_used())
                        .on_conflict_do_nothing(index_elements=["project_id", "series"]))
    last = session.scalar(update(NumberCounter).where(counter)
                          .values(last_value=NumberCounter.last_value + count).returning(NumberCounter.last_value))
    return list(range(last - count + 1, last + 1))


def last_number(session: Session, *, project_id: int, series: str, highest_used: Callable[[], int] = lambda: 0) -> int:
    """The last number of a series taken so far, read without taking any (a preview's "would be"): the next
    `take_numbers` starts after it unless another writer takes numbers first."""
    last = session.scalar(select(NumberCounter.last_value).where(
        (NumberCounter.project_id == project_id) & (NumberCounter.series == series)))
    return highest_used() if last is None else last
