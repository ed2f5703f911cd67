"""One transaction per use case, retried a bounded number of times when concurrent writers collide.

PostgreSQL reports a serialisation failure (40001) or a deadlock (40P01) when two transactions cannot
both go on; SQLite says "database is locked" when a writer waited past its busy timeout. Either way the
transaction was rolled back whole, so running the use case again from the start is safe. A version
mismatch found at UPDATE time (`StaleDataError`) is retried too: the next attempt re-reads the record and
the use case's own version check then refuses with who changed it.
"""
from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from domain.errors import WriteConflict

T = TypeVar("T")
MAX_ATTEMPTS = 5
RETRYABLE_SQLSTATES = {"40001", "40P01"}
log = logging.getLogger(__name__)


def is_retryable(error: BaseException) -> bool:
    """A collision with another writer, after which the whole transaction may simply run again."""
    if isinstance(error, StaleDataError):
        return True
    if isinstance(error, DBAPIError):
        if getattr(error.orig, "sqlstate", None) in RETRYABLE_SQLSTATES:
            return True
        return "database is locked" in str(error.orig)
    return False


def run_in_transaction(factory: sessionmaker[Session], write: Callable[[Session], T], *,
                       attempts: int = MAX_ATTEMPTS) -> T:
    """Run `write` in one transaction: committed when it returns, rolled back when it raises; retried on a
    collision with another writer at most `attempts` times, then refused as WriteConflict."""
    for attempt in range(1, attempts + 1):
        try:
            with factory() as session, session.begin():
                return write(session)
        except (DBAPIError, StaleDataError) as error:
            if not is_retryable(error):
                raise
            log.info("write collided with another writer (attempt %d of %d)", attempt, attempts)
            if attempt == attempts:
                raise WriteConflict() from None
            time.sleep(random.uniform(0, 0.02 * 2 ** attempt))  # jitter so colliding writers drift apart
    raise AssertionError("unreachable")  # pragma: no cover
