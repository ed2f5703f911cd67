"""Inserting many rows with Core statements, a few thousand per statement (one `executemany`), inside
savepoints: the cost of an import follows its batches, not its rows. No RETURNING: SQLite cannot return
ids of a many-row insert in a guaranteed order, so SQLAlchemy would send a statement per row; callers read
the new ids back by their natural key (one statement) when they need them. A batch the database itself refuses (a constraint no rule
foresaw) is inserted again row by row, so that the refused rows can be named; only then does the cost
follow the rows. Callers of a Core insert of enrolments, follow-ups or marks also call
`db.group_outcomes.touch` (the ORM's listeners do not see these statements)."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from sqlalchemy import Table, insert
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from db.engine import begin_for_savepoints
from db.transactions import is_retryable

log = logging.getLogger(__name__)
BATCH = 2000  # rows per INSERT batch (and savepoint)


def insert_rows(session: Session, table: Table, rows: Sequence[dict], *,
                progress: Callable[[int], None] | None = None) -> list[int]:
    """Insert `rows` into `table` in batches; the positions (in `rows`) of those the database refused."""
    begin_for_savepoints(session)  # pysqlite would commit at the first savepoint's release otherwise
    statement = insert(table)
    refused: list[int] = []
    for start in range(0, len(rows), BATCH):
        batch = list(rows[start:start + BATCH])
        try:
            with session.begin_nested():
                session.execute(statement, batch)
        except (IntegrityError, DataError) as error:
            if is_retryable(error):
                raise
            log.warning("database refused a batch of %s rows: %s", table.name, error.orig)
            refused += [position for position, row in enumerate(batch, start=start)
                        if not _insert_one(session, statement, row)]
        if progress:
            progress(min(start + BATCH, len(rows)))
    return refused


def _insert_one(session: Session, statement, row: dict) -> bool:
    try:
        with session.begin_nested():
            session.execute(statement, [row])
        return True
    except (IntegrityError, DataError) as error:
        if is_retryable(error):
            raise
        return False
