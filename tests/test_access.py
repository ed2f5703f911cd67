"""Security shape: personal fields stay with coordinators and admins; the data version follows every write."""
import dataclasses
import re
import secrets
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import jwt
import pytest
from sqlalchemy import select

from db.actor import Actor
from db.audit import data_version
from db.engine import session_factory
from db.models.training import PERSONAL_FIELDS
from db.queries import overview
from components.auth import issue_token, read_token
from domain.errors import ValidationError
from db.models import AuditEntry
from db.queries.users import accounts_with_passwords, password_hashes, signed_in_user
from db.services.users import (PUBLISHED_PASSWORDS, authenticate, create_first_admin,
                               log_out, retire_published_accounts, throttle_delay)
from db.services import users
from domain.inputs import parse
from domain.user_inputs import OwnPasswordChange
from db.settings import Settings
from tests.user_use_cases import change_role, create_user, reset_password, set_active
from tests.factories import ADMIN_ACTOR, make_project, make_user

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = secrets.token_urlsafe(48)
OLD_DEMO_KEY = "demo-only-cookie-signing-key-never-use-in-production"


def change_own_password(session, *, username, **raw):
    return users.change_own_password(session, username=username, given=parse(OwnPasswordChange, raw))



def test_only_coordinators_and_admins_see_personal_data():
    assert [Actor("u", r).sees_personal_data for r in ("admin", "coordinator", "viewer")] == [True, True, False]
    assert [Actor("u", r).can_enter_data for r in ("admin", "coordinator", "viewer")] == [True, True, False]


def test_overview_reads_carry_no_personal_field():
    for result_type in (overview.Headlines, overview.ProjectCard):
        assert not {f.name for f in dataclasses.fields(result_type)} & set(PERSONAL_FIELDS)


def test_overview_queries_never_select_personal_columns():
    source = (ROOT / "db" / "queries" / "overview.py").read_text()
    assert not re.search(r"Participant\.(full_name|phone)", source)


def test_the_data_version_moves_with_every_write_from_any_connection(engine, session):
    make_project(session)
    session.commit()
    before = data_version(session)
    with session_factory(engine)() as other, other.begin():
        create_user(other, actor=ADMIN_ACTOR, username="second", name="Second", email="", password="long-enough",
                    role="viewer")
    assert data_version(session) == before + 1


def test_a_write_committing_after_a_later_one_still_moves_the_data_version(engine, session):
    """PostgreSQL writers run side by side: the first takes its audit id, the second takes the next one and
    commits first. A reader between the two commits caches under the version it saw; when the first commits,
    the version must move again (the highest audit id would not: it was already the second's)."""
    if engine.dialect.name == "sqlite":
        pytest.skip("SQLite writers take the write lock one after the other")
    make_project(session)
    session.commit()
    first = session_factory(engine)()
    create_user(first, actor=ADMIN_ACTOR, username="first", name="First", email="", password="long-enough",
                role="viewer")
    first.flush()  # its audit id is taken
    with session_factory(engine)() as second, second.begin():
        create_user(second, actor=ADMIN_ACTOR, username="second", name="Second", email="", password="long-enough",
                    role="viewer")
    seen_between = data_version(session)
    session.rollback()
    first.commit()
    first.close()
    assert data_version(session) == seen_between + 1


def test_no_page_renders_html_from_data():
    needle = "unsafe_allow_html" + "=True"
    offenders = [str(p) for p in ROOT.glob("**/*.py")
                 if ".venv" not in p.parts and needle in p.read_text(encoding="utf-8")]
    assert offenders == []


# --- Sessions: a signed cookie holds only while the user row says so --------------------------------------

def _settings(key: str | None = None, hours: float = 12) -> Settings:
    return Settings(database_url="sqlite://", demo_mode=False, cookie_key=key or STRONG_KEY,
                    session_lifetime=timedelta(hours=hours))


def _in_transaction(engine, fn, **kwargs):
    with session_factory(engine)() as s, s.begin():
        return fn(s, **kwargs)


def _still_valid(engine, username: str, issued_at: datetime):
    with session_factory(engine)() as s:
        return signed_in_user(s, username=username, issued_at=issued_at)


def test_a_cookie_forged_with_the_old_demo_key_is_not_read():
    forged = jwt.encode({"sub": "admin", "iat": time.time(), "exp": time.time() + 3600,
                         "username": "admin", "exp_date": time.time() + 3600}, OLD_DEMO_KEY, algorithm="HS256")
    assert read_token(_settings(), forged) is None
    assert read_token(_settings(OLD_DEMO_KEY), forged) is not None  # the same token under that key would pass


def test_unsigned_expired_and_garbled_cookies_are_not_read():
    settings = _settings()
    now = datetime.now(timezone.utc)
    unsigned = jwt.encode({"sub": "admin", "iat": now.timestamp(), "exp": now.timestamp() + 60}, None,
                          algorithm="none")
    expired = issue_token(settings, "admin", now - timedelta(hours=13))
    no_issue_time = jwt.encode({"sub": "admin", "exp": now.timestamp() + 60}, STRONG_KEY, algorithm="HS256")
    for token in (unsigned, expired, no_issue_time, "garbage", ""):
        assert read_token(settings, token) is None, token
    assert read_token(settings, issue_token(settings, "admin", now)) == ("admin", now)


def test_a_shorter_session_lifetime_ends_older_cookies():
    issued = datetime.now(timezone.utc) - timedelta(hours=2)
    token = issue_token(_settings(hours=12), "admin", issued)
    assert read_token(_settings(hours=12), token) is not None
    assert read_token(_settings(hours=1), token) is None


def test_a_cookie_replayed_after_logout_is_void(engine, session):
    make_user(session, username="amal", role="coordinator")
    session.commit()
    outcome = _in_transaction(engine, authenticate, username="amal", password="secret-pass")
    issued = datetime.now(timezone.utc)
    assert _still_valid(engine, "amal", issued).actor.role == "coordinator"
    _in_transaction(engine, log_out, username="amal", now=issued + timedelta(seconds=1))
    assert outcome.succeeded and _still_valid(engine, "amal", issued) is None
    assert _still_valid(engine, "amal", issued + timedelta(seconds=2)) is not None  # a new login works
    session.expire_all()
    assert list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))) == ["login", "logout"]


@pytest.mark.parametrize("change", ["reset_password", "change_role", "deactivate"])
def test_an_admin_change_voids_the_cookies_issued_before_it(engine, session, change):
    make_user(session, username="boss", role="admin")
    user = make_user(session, username="amal", role="coordinator")
    session.commit()
    issued = datetime.now(timezone.utc) - timedelta(seconds=1)
    assert _still_valid(engine, "amal", issued) is not None
    call, kwargs = {"reset_password": (reset_password, {"new_password": "another-pass-1"}),
                    "change_role": (change_role, {"role": "viewer"}),
                    "deactivate": (set_active, {"active": False})}[change]
    _in_transaction(engine, call, actor=ADMIN_ACTOR, user_id=user.id, **kwargs)
    assert _still_valid(engine, "amal", issued) is None


def test_an_admin_reset_password_must_be_changed_at_the_next_login(engine, session):
    user = make_user(session, username="amal", role="coordinator")
    session.commit()
    _in_transaction(engine, reset_password, actor=ADMIN_ACTOR, user_id=user.id, new_password="told-in-person")
    outcome = _in_transaction(engine, authenticate, username="amal", password="told-in-person")
    assert outcome.succeeded and outcome.must_change_password
    with pytest.raises(ValidationError) as refused:
        _in_transaction(engine, change_own_password, username="amal", current_password="told-in-person",
                        new_password="told-in-person")
    assert [p.key for p in refused.value.problems] == ["error.password_unchanged"]
    _in_transaction(engine, change_own_password, username="amal", current_password="told-in-person",
                    new_password="my-own-secret")
    assert not _in_transaction(engine, authenticate, username="amal", password="my-own-secret").must_change_password


def test_ten_wrong_passwords_are_throttled_then_locked_and_audited(engine, session):
    user = make_user(session, username="amal", role="coordinator")
    session.commit()
    start = datetime(2026, 11, 29, 9, 0, tzinfo=timezone.utc)
    moment, answers = start, []
    for _ in range(10):
        outcome = _in_transaction(engine, authenticate, username="amal", password="guess", now=moment)
        answers.append(outcome.retry_after)
        moment += timedelta(seconds=10)  # past every growing delay, but not past the 15-minute lock
    # Wrong passwords 1-4 only delay the next try (1, 2, 4, 8 s); the 5th locks the account until 09:15:40.
    lock_end = start + timedelta(seconds=40) + timedelta(minutes=15)
    assert answers == [None] * 4 + [lock_end] * 6
    # While locked, even the right password is not checked.
    assert not _in_transaction(engine, authenticate, username="amal", password="secret-pass", now=moment).succeeded
    assert _in_transaction(engine, authenticate, username="amal", password="secret-pass",
                           now=lock_end + timedelta(seconds=1)).succeeded
    session.expire_all()
    actions = [a for (a,) in session.execute(select(AuditEntry.action).where(AuditEntry.entity_id == user.id)
                                             .order_by(AuditEntry.id))]
    assert actions == ["login_failed"] * 4 + ["login_locked"] + ["login_blocked"] * 6 + ["login"]
    details = " ".join(session.scalars(select(AuditEntry.detail)))
    assert "guess" not in details and "secret-pass" not in details


def test_the_growing_delay_refuses_a_try_made_too_soon():
    assert [throttle_delay(n).total_seconds() for n in range(1, 7)] == [1, 2, 4, 8, 900, 900]


def test_a_wrong_password_tried_before_the_delay_is_over_is_not_checked(engine, session):
    make_user(session, username="amal")
    session.commit()
    start = datetime(2026, 11, 29, 9, 0, tzinfo=timezone.utc)
    for _ in range(3):
        _in_transaction(engine, authenticate, username="amal", password="guess", now=start)
    # The second try came 0 s after the first: refused unchecked until 09:00:01, the failure count stays at 1.
    assert _in_transaction(engine, authenticate, username="amal", password="secret-pass",
                           now=start + timedelta(seconds=1)).succeeded


def test_an_unknown_username_is_audited_without_what_was_typed(engine, session):
    make_project(session)
    session.commit()
    assert not _in_transaction(engine, authenticate, username="MyPassw0rd!", password="x").succeeded
    entry = session.scalars(select(AuditEntry)).one()
    assert (entry.actor, entry.action) == ("anonymous", "login_failed")
    assert "MyPassw0rd" not in entry.detail


def test_the_first_admin_gets_a_generated_password_to_change_and_no_second_one_is_made(engine, session):
    user, password = _in_transaction(engine, create_first_admin, username="director", name="Director")
    assert len(password) >= 16
    outcome = _in_transaction(engine, authenticate, username="director", password=password)
    assert outcome.actor.role == "admin" and outcome.must_change_password
    with pytest.raises(ValidationError) as refused:
        _in_transaction(engine, create_first_admin, username="another", name="Another")
    assert [p.key for p in refused.value.problems] == ["error.admin_exists"]


def test_published_demo_passwords_are_found_and_retired(engine, session):
    make_user(session, username="admin", role="admin", password="admin-fm0390")
    make_user(session, username="kept", role="viewer", password="a-private-one")
    session.commit()
    with session_factory(engine)() as s:
        assert accounts_with_passwords(password_hashes(s), PUBLISHED_PASSWORDS) == ["admin"]
    assert _in_transaction(engine, retire_published_accounts) == ["admin"]
    with session_factory(engine)() as s:
        assert accounts_with_passwords(password_hashes(s), PUBLISHED_PASSWORDS) == []
    with pytest.raises(ValidationError) as refused:
        _in_transaction(engine, create_user, actor=ADMIN_ACTOR, username="newbie", name="N", email="",
                        password="viewer-fm0390", role="viewer")
    assert [p.key for p in refused.value.problems] == ["error.password_published"]


def test_the_passwords_the_app_refuses_are_the_ones_the_readme_publishes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    published = re.findall(r"^\| `[a-z]+` \| `([^`]+)` \|", readme, re.MULTILINE)
    assert sorted(published) == sorted(PUBLISHED_PASSWORDS)


# --- Refusing to start, and failures shown plainly -------------------------------------------------------

def _app_without_demo_mode(monkeypatch, key: str):
    from streamlit.testing.v1 import AppTest

    monkeypatch.delenv("DEMO_MODE", raising=False)
    monkeypatch.setenv("AUTH_COOKIE_KEY", key)
    return AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=60)


def test_the_app_refuses_to_start_with_the_placeholder_key(demo_url, monkeypatch):
    app = _app_without_demo_mode(monkeypatch, "replace-me-with-a-long-random-string-of-at-least-32-characters")
    app.run()
    assert not app.exception
    assert [e.value for e in app.error] == [
        "The cookie signing key is a published one (the example file's placeholder or the old demo key): "
        "generate your own."]
    assert not app.text_input


def test_the_app_refuses_to_start_while_demo_accounts_keep_their_published_passwords(demo_url, monkeypatch):
    app = _app_without_demo_mode(monkeypatch, STRONG_KEY)
    app.session_state["lang"] = "en"
    app.run()
    assert not app.exception
    [error] = [e.value for e in app.error]
    assert error.startswith("The app will not start") and "admin, coordinator, viewer" in error
    assert not app.text_input


def test_an_unexpected_error_shows_an_incident_reference_and_logs_no_sql_values(caplog):
    from sqlalchemy.exc import IntegrityError
    from streamlit.testing.v1 import AppTest

    from components.failures import describe

    def page() -> None:
        import streamlit as st
        from sqlalchemy.exc import DataError

        from components.failures import plain_failures

        st.session_state["lang"] = "en"
        body = st.empty()
        with plain_failures(body), body.container():
            st.write("Half a page")
            raise DataError("INSERT INTO participant (full_name, phone) VALUES (%s, %s)",
                            ("Awa Ndiaye", "+212600000001"), Exception("value too long\nDETAIL: Awa Ndiaye"))

    app = AppTest.from_function(page, default_timeout=30)
    app.run()
    assert not app.exception
    [message] = [e.value for e in app.error]
    assert not app.markdown  # what the page had shown before the error is gone
    assert re.fullmatch(r"Something went wrong and this page could not be shown\. Incident [0-9a-f]{8}: .*", message)
    refused = IntegrityError("INSERT INTO participant (full_name) VALUES (%s)", ("Awa Ndiaye",),
                             Exception("duplicate key\nDETAIL: Key (full_name)=(Awa Ndiaye) already exists."))
    logged = describe(refused)
    assert "INSERT INTO participant" in logged and "Awa Ndiaye" not in logged


def test_the_engine_hides_sql_parameter_values_from_errors(engine):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError) as failed:
        with engine.connect() as connection:
            connection.execute(text("SELECT * FROM no_such_table WHERE name = :name"), {"name": "Awa Ndiaye"})
    assert "Awa Ndiaye" not in str(failed.value)


def test_a_user_an_admin_adds_chooses_their_own_password_at_the_first_login(engine, session):
    make_project(session)
    session.commit()
    _in_transaction(engine, create_user, actor=ADMIN_ACTOR, username="newbie", name="N", email="",
                    password="given-in-person", role="viewer")
    assert _in_transaction(engine, authenticate, username="newbie", password="given-in-person").must_change_password


def test_a_locked_account_is_told_to_wait_on_the_login_form(demo_url):
    from streamlit.testing.v1 import AppTest

    from db.engine import make_engine

    engine = make_engine(demo_url)
    start = datetime.now(timezone.utc) - timedelta(minutes=2)
    for n in range(5):  # five wrong passwords, each after the previous delay, lock the account for 15 min
        _in_transaction(engine, authenticate, username="coordinator", password="not-the-password",
                        now=start + timedelta(seconds=20 * n))
    engine.dispose()
    app = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=60)
    app.session_state["lang"] = "en"
    app.run()
    app.text_input(key="login_username").input("coordinator")
    app.text_input(key="login_password").input("coord-fm0390")  # even the right password waits
    app.button[0].click().run()
    [error] = [e.value for e in app.error]
    assert re.fullmatch(r"Too many wrong passwords for this account: try again in \d+ s \(at most 15 min\)\.", error)
    assert [t.value for t in app.title] == ["Log in"]
