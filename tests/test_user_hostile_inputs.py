"""Hostile but well-typed values typed into every user-management write (10,000-character names, 100-byte
passwords beyond bcrypt's 72, formulas, right-to-left marks, unknown roles, ids far out of range): each write
either succeeds within the app_user columns' bounds or is refused as a ValidationError — never another
exception — and a refused write leaves the database as it was; an active admin always remains."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from db.engine import session_factory
from db.models import AppUser, AuditEntry
from db.services import users
from domain.errors import ValidationError
from domain.inputs import WriteInput, parse
from domain.user_inputs import ActiveChange, OwnPasswordChange, PasswordReset, RoleChange, UserInput
from tests.factories import ADMIN_ACTOR, make_user

FORMULA = '=HYPERLINK("http://example.org/x","click")'
TEXTS = st.one_of(st.text(max_size=80), st.sampled_from(
    ["x" * 10_000, FORMULA, "\u202e\u202dRTL", "   ", "<b>x</b>", "é" * 40, "p" * 73, "admin-fm0390", "Amina",
     "amina", "a@b.c", "not-an-email", "admin", "coordinator", "superuser", "ab", "a" * 61]))
IDS = st.one_of(st.integers(min_value=-10**20, max_value=10**20), st.none(), st.sampled_from(["1", "", 1.5]))
ANY = st.one_of(TEXTS, IDS, st.booleans(), st.floats(), st.lists(st.integers(), max_size=3))
KINDS = {"text": TEXTS, "id": IDS, "any": ANY, "bool": st.one_of(st.booleans(), ANY)}


@dataclass(frozen=True)
class Case:
    name: str
    kind: type[WriteInput]
    good: Callable[[dict], dict]
    attack: dict[str, str]
    write: Callable[[Any, Any], object]


CASES = [
    Case("create_user", UserInput, lambda w: dict(username="fatima.z", name="Fatima Z", email="fz@example.org",
                                                  password="long-enough", role="coordinator"),
         {"username": "text", "name": "text", "email": "text", "password": "text", "role": "text"},
         lambda s, g: users.create_user(s, actor=ADMIN_ACTOR, given=g)),
    Case("reset_password", PasswordReset, lambda w: dict(user_id=w["coordinator"], new_password="told-in-person"),
         {"user_id": "id", "new_password": "text"},
         lambda s, g: users.reset_password(s, actor=ADMIN_ACTOR, given=g)),
    Case("change_role", RoleChange, lambda w: dict(user_id=w["admin"], role="viewer"),
         {"user_id": "id", "role": "text"}, lambda s, g: users.change_role(s, actor=ADMIN_ACTOR, given=g)),
    Case("set_active", ActiveChange, lambda w: dict(user_id=w["admin"], active=False),
         {"user_id": "id", "active": "bool"}, lambda s, g: users.set_active(s, actor=ADMIN_ACTOR, given=g)),
    Case("change_own_password", OwnPasswordChange,
         lambda w: dict(current_password="secret-pass", new_password="my-own-secret"),
         {"current_password": "text", "new_password": "text"},
         lambda s, g: users.change_own_password(s, username="amal", given=g)),
]


@pytest.fixture
def people(session) -> dict[str, int]:
    admin = make_user(session, username="boss", role="admin")
    coordinator = make_user(session, username="amal", role="coordinator")
    session.commit()
    return {"admin": admin.id, "coordinator": coordinator.id}


def _state(session) -> tuple:
    session.expire_all()
    return (session.scalar(select(func.count()).select_from(AuditEntry)),
            session.execute(select(AppUser.id, AppUser.username, AppUser.name, AppUser.email, AppUser.role,
                                   AppUser.active, AppUser.password_hash).order_by(AppUser.id)).all())


def _within_bounds(session) -> None:
    session.expire_all()
    for user in session.scalars(select(AppUser)):
        assert len(user.username) <= 60 and user.username == user.username.lower()
        assert 1 <= len(user.name) <= 120 and len(user.email) <= 200
        assert user.role in ("admin", "coordinator", "viewer")
    assert session.scalar(select(func.count()).select_from(AppUser).where(
        AppUser.role == "admin", AppUser.active.is_(True))) >= 1


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # SQLite is enough: the rules are the services'
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_hostile_user_values_are_accepted_within_bounds_or_refused_leaving_nothing_written(
        engine, session, people, case, data):
    raw = case.good(people)
    for field in data.draw(st.lists(st.sampled_from(sorted(case.attack)), min_size=1, unique=True), label="fields"):
        raw[field] = data.draw(st.one_of(KINDS[case.attack[field]], ANY), label=field)
    before = _state(session)
    try:
        with session_factory(engine)() as s, s.begin():
            case.write(s, parse(case.kind, raw))
    except ValidationError:
        assert _state(session) == before
    _within_bounds(session)
