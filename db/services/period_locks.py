"""Period locks: an admin closes the reporting period through a date once the committee has signed its
figures off; from then on every write whose record is dated on or before that date is refused, by one rule.

`lock_period` and `reopen_period` are the write use cases; `locked_through` is the date in force;
`lock_problems` is the one rule every dated write asks."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, Actor, require_role
from domain.errors import Problem, check
from db.models import PeriodLock, Project
from db.models.base import utcnow

MAX_REASON = 2000


@dataclass(frozen=True)
class LockInForce:
    """The lock that holds now: through which date, why, and who closed it."""

    id: int
    locked_through: date
    reason: str
    locked_by: str


def lock_in_force(session: Session, project_id: int) -> LockInForce | None:
    """The latest lock not reopened, or None when every period is open."""
    row = session.scalars(
        select(PeriodLock)
        .where(PeriodLock.project_id == project_id, PeriodLock.reopened_at.is_(None))
        .order_by(PeriodLock.locked_through.desc(), PeriodLock.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return LockInForce(id=row.id, locked_through=row.locked_through, reason=row.reason, locked_by=row.locked_by)


def locked_through(session: Session, project_id: int) -> date | None:
    """The date through which the project's figures are locked, or None."""
    lock = lock_in_force(session, project_id)
    return lock.locked_through if lock else None


def lock_problems(session: Session, *, project_id: int, field: str, day: date | None) -> list[Problem]:
    """The one rule: a record dated on or before the lock date may not be created, changed or removed."""
    if day is None:
        return []
    return problems_under_lock(lock_in_force(session, project_id), field=field, day=day)


def problems_under_lock(lock: LockInForce | None, *, field: str, day: date | None) -> list[Problem]:
    """`lock_problems` with the lock in force already read: for a batch that checks many dates at once."""
    if lock is None or day is None or day > lock.locked_through:
        return []
    return [Problem(field, "error.period_locked",
                    {"locked": lock.locked_through.isoformat(), "reason": lock.reason})]


def _reason(text: str | None) -> str:
    return " ".join((text or "").split())


def lock_period(session: Session, *, actor: Actor, project_id: int, locked_through: date | None,
                reason: str) -> PeriodLock:
    """Close the reporting period through `locked_through` (inside the project period, later than any lock
    in force), with the reason or the committee meeting that signed it off."""
    require_role(actor, ADMIN)
    project = session.get(Project, project_id)
    reason = _reason(reason)
    problems: list[Problem] = []
    if project is None:
        problems.append(Problem("project", "error.training_project_not_found"))
    elif locked_through is None:
        problems.append(Problem("locked_through", "error.required"))
    elif not project.start_date <= locked_through <= project.end_date:
        problems.append(Problem("locked_through", "error.lock_date_outside_project",
                                {"start": project.start_date.isoformat(), "end": project.end_date.isoformat()}))
    else:
        current = lock_in_force(session, project_id)
        if current is not None and locked_through <= current.locked_through:
            problems.append(Problem("locked_through", "error.lock_not_later",
                                    {"locked": current.locked_through.isoformat()}))
    if not reason:
        problems.append(Problem("reason", "error.lock_reason_required"))
    elif len(reason) > MAX_REASON:
        problems.append(Problem("reason", "error.text_too_long", {"max": MAX_REASON}))
    check(problems)
    lock = PeriodLock(project_id=project_id, locked_through=locked_through, locked_by=actor.username,
                      reason=reason)
    session.add(lock)
    session.flush()
    audit.record(session, actor=actor, action="lock", entity="period_lock", entity_id=lock.id,
                 locked_through=locked_through.isoformat(), reason=reason)
    return lock


def reopen_period(session: Session, *, actor: Actor, project_id: int, reason: str) -> PeriodLock:
    """Reopen the lock in force (an earlier lock, if any, then holds again), saying why."""
    require_role(actor, ADMIN)
    reason = _reason(reason)
    current = lock_in_force(session, project_id)
    problems: list[Problem] = []
    if current is None:
        problems.append(Problem("locked_through", "error.lock_none_to_reopen"))
    if not reason:
        problems.append(Problem("reopen_reason", "error.lock_reason_required"))
    elif len(reason) > MAX_REASON:
        problems.append(Problem("reopen_reason", "error.text_too_long", {"max": MAX_REASON}))
    check(problems)
    # Compare-and-set: two admins reopening at once must not both succeed on the same lock.
    lock = session.get(PeriodLock, current.id, with_for_update=True)
    if lock is None or lock.reopened_at is not None:
        check([Problem("locked_through", "error.lock_none_to_reopen")])
    lock.reopened_at, lock.reopened_by, lock.reopen_reason = utcnow(), actor.username, reason
    audit.record(session, actor=actor, action="unlock", entity="period_lock", entity_id=lock.id,
                 locked_through=lock.locked_through.isoformat(), reason=reason)
    return lock
