"""Inserting many rows with Core statements, a few thousand per statement, inside savepoints: the cost of an
import follows its batches, not its rows. A batch the database itself refuses (a constraint no rule
foresaw) is inserted again row by row, so that the refused rows can be named; only then does the cost
follow the rows. Callers of a Core insert of enrolments, follow-ups or marks also call
`db.group_outcomes.touch` (the ORM's listeners do not see these statements)."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Table, insert
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from db.engine import begin_for_savepoints
from db.transactions import is_retryable

log = logging.getLogger(__name__)
BATCH = 2000  # rows per INSERT batch (and savepoint)


@dataclass
class Inserted:
    """Ids of the inserted rows, in the order given (None for a refused row), and the refused positions."""

    ids: list[int | None] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)


def insert_rows(session: Session, table: Table, rows: Sequence[dict], *,
                progress: Callable[[int], None] | None = None) -> Inserted:
    """Insert `rows` into `table` in batches and return their ids (in the order of `rows`)."""
    begin_for_savepoints(session)  # pysqlite would commit at the first savepoint's release otherwise
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    done = Inserted()
    for start in range(0, len(rows), BATCH):
        batch = list(rows[start:start + BATCH])
        try:
            with session.begin_nested():
                done.ids += session.scalars(statement, batch).all()
        except (IntegrityError, DataError) as error:
            if is_retryable(error):
                raise
            log.warning("database refused a batch of %s rows: %s", table.name, error.orig)
            for position, row in enumerate(batch, start=start):
                one = _insert_one(session, statement, row)
                done.ids.append(one)
                if one is None:
                    done.refused.append(position)
        if progress:
            progress(min(start + BATCH, len(rows)))
    return done


def _insert_one(session: Session, statement, row: dict) -> int | None:
    try:
        with session.begin_nested():
            return session.scalars(statement, [row]).one()
    except (IntegrityError, DataError) as error:
        if is_retryable(error):
            raise
        return None
