"""What every transaction does just before it commits, in this order, from one listener so the order holds:

1. recount the per-cohort outcome summaries it changed (`group_outcomes.settle`: takes the cohorts' locks);
2. move the data version on if it recorded anything (`audit.move_version`): the last lock it takes, held only
   until the commit, so writers move the version in the order they commit and no lock is taken after it.

A savepoint released inside a transaction (a bulk insert's batch) leaves both to the end, once."""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from db import audit, group_outcomes


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    group_outcomes.settle(session)
    audit.move_version(session)
