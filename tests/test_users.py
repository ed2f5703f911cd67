"""Managing logins: validation, role rules and the audit trail; a refused write changes nothing."""
from datetime import datetime, timedelta, timezone

import bcrypt
import pytest
from sqlalchemy import func, select

from db.engine import session_factory
from domain.errors import PermissionDenied, ValidationError
from db.models import AppUser, AuditEntry
from db.queries.users import signed_in_user, user_list
from db.services.users import authenticate
from tests.user_use_cases import change_role, create_user, reset_password, set_active
from tests.factories import ADMIN_ACTOR, COORDINATOR_ACTOR, VIEWER_ACTOR, make_user




def _write(engine, fn, **kwargs):
    """Run one service call in its own transaction, as a page does."""
    with session_factory(engine)() as s, s.begin():
        return fn(s, **kwargs)


def _later() -> datetime:
    """A login made after everything the test did so far."""
    return datetime.now(timezone.utc) + timedelta(seconds=1)


def _count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_admin_creates_a_user_with_a_bcrypt_hash_and_an_audit_entry(engine, session):
    user = _write(engine, create_user, actor=ADMIN_ACTOR, username=" Fatima.Z ", name="Fatima Z",
                  email="fz@example.org", password="long-enough", role="coordinator")
    stored = session.get(AppUser, user.id)
    assert (stored.username, stored.role, stored.active) == ("fatima.z", "coordinator", True)
    assert bcrypt.checkpw(b"long-enough", stored.password_hash.encode())
    entry = session.scalars(select(AuditEntry)).one()
    assert (entry.actor, entry.action, entry.entity, entry.entity_id) == ("boss", "create", "app_user", user.id)


def test_every_bad_field_is_reported_at_once_and_nothing_is_written(engine, session):
    with pytest.raises(ValidationError) as refused:
        _write(engine, create_user, actor=ADMIN_ACTOR, username="x", name=" ", email="not-an-email",
               password="short", role="superuser")
    assert {p.field for p in refused.value.problems} == {"username", "name", "email", "password", "role"}
    assert _count(session, AppUser) == 0 and _count(session, AuditEntry) == 0


def test_a_taken_username_is_refused(engine, session):
    make_user(session, username="amina")
    session.commit()
    with pytest.raises(ValidationError) as refused:
        _write(engine, create_user, actor=ADMIN_ACTOR, username="AMINA", name="Amina", email="",
               password="long-enough", role="viewer")
    assert [p.key for p in refused.value.problems] == ["error.username_taken"]


@pytest.mark.parametrize("actor", [COORDINATOR_ACTOR, VIEWER_ACTOR])
def test_only_admins_manage_users(engine, session, actor):
    target = make_user(session, username="someone")
    session.commit()
    with pytest.raises(PermissionDenied):
        _write(engine, create_user, actor=actor, username="newbie", name="N", email="", password="long-enough",
               role="admin")
    with pytest.raises(PermissionDenied):
        _write(engine, change_role, actor=actor, user_id=target.id, role="admin")
    with pytest.raises(PermissionDenied):
        _write(engine, user_list, actor=actor)
    assert _count(session, AppUser) == 1


def test_reset_password_replaces_the_hash(engine, session):
    user = make_user(session, username="karim", password="old-password")
    session.commit()
    _write(engine, reset_password, actor=ADMIN_ACTOR, user_id=user.id, new_password="new-password")
    session.expire_all()
    assert bcrypt.checkpw(b"new-password", session.get(AppUser, user.id).password_hash.encode())


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(engine, session):
    admin = make_user(session, username="onlyadmin", role="admin")
    session.commit()
    for call, kwargs in ((change_role, {"role": "viewer"}), (set_active, {"active": False})):
        with pytest.raises(ValidationError) as refused:
            _write(engine, call, actor=ADMIN_ACTOR, user_id=admin.id, **kwargs)
        assert refused.value.problems[0].key == "error.last_admin"
    session.expire_all()
    assert (session.get(AppUser, admin.id).role, session.get(AppUser, admin.id).active) == ("admin", True)


def test_a_deactivated_user_can_no_longer_log_in(engine, session):
    make_user(session, username="first", role="admin")
    leaver = make_user(session, username="leaver", role="coordinator")
    session.commit()
    _write(engine, set_active, actor=ADMIN_ACTOR, user_id=leaver.id, active=False)
    assert not _write(engine, authenticate, username="leaver", password="secret-pass").succeeded
    assert signed_in_user(session, username="leaver", issued_at=_later()) is None
    assert signed_in_user(session, username="first", issued_at=_later()).actor.role == "admin"


def test_a_role_change_applies_to_the_next_lookup(engine, session):
    user = make_user(session, username="moved", role="viewer")
    session.commit()
    _write(engine, change_role, actor=ADMIN_ACTOR, user_id=user.id, role="coordinator")
    session.expire_all()
    assert signed_in_user(session, username="moved", issued_at=_later()).actor.role == "coordinator"
    assert _write(engine, authenticate, username="moved", password="secret-pass").actor.role == "coordinator"


def test_the_user_list_never_carries_password_hashes(engine, session):
    make_user(session, username="hidden")
    session.commit()
    frame = user_list(session, actor=ADMIN_ACTOR)
    assert "password_hash" not in frame.columns and list(frame.username) == ["hidden"]


def test_a_constraint_the_service_did_not_foresee_is_shown_in_plain_words(demo_url):
    """The database is the last line of defence: its refusal reaches the user as a message, not a traceback."""
    from streamlit.testing.v1 import AppTest

    def page() -> None:
        import streamlit as st
        from sqlalchemy.exc import IntegrityError

        from components.forms import apply_write

        def write(_session):
            raise IntegrityError("INSERT", {}, Exception("value too long for type character varying(20)"))

        st.session_state["lang"] = "en"
        apply_write(write, {}, "saved")

    app = AppTest.from_function(page, default_timeout=30)
    app.run()
    assert not app.exception
    assert [e.value for e in app.error] == [
        "The database refused this change (a value may be too long, or the record already exists). "
        "Nothing was saved; check the values and try again."]
