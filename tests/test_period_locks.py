"""Period locks: an admin closes the period through a date, reopens it with a reason; both are audited."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from domain.errors import PermissionDenied, ValidationError
from db.models import AuditEntry
from db.services.period_locks import lock_period, lock_problems, locked_through, reopen_period
from tests.factories import ADMIN_ACTOR, COORDINATOR_ACTOR, make_project


def _fields(error: ValidationError) -> set[tuple[str, str]]:
    return {(p.field, p.key) for p in error.problems}


def test_a_lock_refuses_records_dated_on_or_before_its_date(session):
    project = make_project(session)
    lock_period(session, actor=ADMIN_ACTOR, project_id=project.id, locked_through=date(2016, 6, 30),
                reason="Steering committee of 12 July 2016")
    session.commit()
    assert locked_through(session, project.id) == date(2016, 6, 30)
    refused = lock_problems(session, project_id=project.id, field="session_date", day=date(2016, 6, 30))
    assert [(p.field, p.key, p.params["reason"]) for p in refused] == [
        ("session_date", "error.period_locked", "Steering committee of 12 July 2016")]
    assert lock_problems(session, project_id=project.id, field="session_date", day=date(2016, 7, 1)) == []


def test_reopening_restores_the_earlier_lock_and_both_moves_are_audited(session):
    project = make_project(session)
    lock_period(session, actor=ADMIN_ACTOR, project_id=project.id, locked_through=date(2015, 12, 31), reason="CoPil 1")
    lock_period(session, actor=ADMIN_ACTOR, project_id=project.id, locked_through=date(2016, 6, 30), reason="CoPil 2")
    reopen_period(session, actor=ADMIN_ACTOR, project_id=project.id, reason="Late attendance sheets from Rabat")
    session.commit()
    assert locked_through(session, project.id) == date(2015, 12, 31)
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "period_lock")
                              .order_by(AuditEntry.id)).all()
    assert actions == ["lock", "lock", "unlock"]


def test_a_lock_needs_a_reason_a_date_inside_the_project_and_a_later_date(session):
    project = make_project(session)
    with pytest.raises(ValidationError) as refused:
        lock_period(session, actor=ADMIN_ACTOR, project_id=project.id, locked_through=date(2013, 1, 1), reason="  ")
    assert _fields(refused.value) == {("locked_through", "error.lock_date_outside_project"),
                                      ("reason", "error.lock_reason_required")}
    lock_period(session, actor=ADMIN_ACTOR, project_id=project.id, locked_through=date(2016, 6, 30), reason="CoPil")
    with pytest.raises(ValidationError) as earlier:
        lock_period(session, actor=ADMIN_ACTOR, project_id=project.id, locked_through=date(2016, 1, 1), reason="x")
    assert _fields(earlier.value) == {("locked_through", "error.lock_not_later")}


def test_only_an_admin_locks_or_reopens(session):
    project = make_project(session)
    with pytest.raises(PermissionDenied):
        lock_period(session, actor=COORDINATOR_ACTOR, project_id=project.id, locked_through=date(2016, 6, 30),
                    reason="CoPil")
    with pytest.raises(PermissionDenied):
        reopen_period(session, actor=COORDINATOR_ACTOR, project_id=project.id, reason="because")


def test_nothing_to_reopen_is_said_plainly(session):
    project = make_project(session)
    with pytest.raises(ValidationError) as refused:
        reopen_period(session, actor=ADMIN_ACTOR, project_id=project.id, reason="because")
    assert _fields(refused.value) == {("locked_through", "error.lock_none_to_reopen")}
