"""The door and the session cookie, tried in a real browser as an attacker and as a clumsy user would."""
from __future__ import annotations

import re
import time
from pathlib import Path

import jwt
from playwright.sync_api import expect
from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import AppUser
from db.services import users
from domain.inputs import parse
from domain.user_inputs import ActiveChange, PasswordReset
from tests.browser.conftest import COOKIE_NAME, log_in, login_cookie, settle
from tests.factories import ADMIN_ACTOR

OLD_DEMO_KEY = "demo-only-cookie-signing-key-never-use-in-production"


def _key_of(database_url: str) -> str:
    """The demo installation's own key, read from the file beside the database (as a local attacker could not)."""
    path = Path(database_url.removeprefix("sqlite:///"))
    return path.with_name(path.name + ".cookie-key").read_text().strip()


def _cookie(server, value: str) -> dict:
    return {"name": COOKIE_NAME, "value": value, "url": server.url}


def _token(key: str, username: str, *, issued: float | None = None) -> str:
    issued = time.time() if issued is None else issued
    return jwt.encode({"sub": username, "iat": issued, "exp": issued + 3600,
                       "username": username, "exp_date": issued + 3600}, key, algorithm="HS256")


def _expect_login_form_and_cookie_gone(page) -> None:
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    expect(page.get_by_role("button", name="Se déconnecter")).to_have_count(0)
    page.wait_for_function(f"() => !document.cookie.includes({COOKIE_NAME!r} + '=')")


def _write(database_url: str, fn, **kwargs) -> None:
    engine = make_engine(database_url)
    with session_factory(engine)() as s, s.begin():
        fn(s, **kwargs)
    engine.dispose()


def _user_id(database_url: str, username: str) -> int:
    engine = make_engine(database_url)
    with session_factory(engine)() as s:
        user_id = s.scalar(select(AppUser.id).where(AppUser.username == username))
    engine.dispose()
    return user_id


def test_a_fresh_servers_first_visit_to_participants_shows_the_login_form(fresh_server, page):
    page.goto(f"{fresh_server.url}/participants")
    settle(page)
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    expect(page.get_by_label("Nom d'utilisateur")).to_be_visible()
    assert page.url.endswith("/participants")
    assert "cohort_progress" not in page.locator("[data-testid='stApp']").inner_text()


def test_a_bookmark_of_the_iptt_lands_on_the_iptt_after_login(fresh_server, page):
    log_in(page, fresh_server, "viewer", "viewer-fm0390", path="iptt")
    expect(page.get_by_role("heading", name=re.compile("IPTT"))).to_be_visible()
    assert page.url.endswith("/iptt")


def test_a_viewer_bookmark_of_the_users_page_lands_on_the_overview_with_a_note(server, page):
    log_in(page, server, "viewer", "viewer-fm0390", path="users")
    expect(page.get_by_role("heading", name="Vue d'ensemble du projet")).to_be_visible()
    expect(page.get_by_text("La page de cette adresse n'est pas ouverte à votre rôle")).to_be_visible()
    expect(page.get_by_role("heading", name="Utilisateurs")).to_have_count(0)


def test_a_cookie_forged_with_the_old_demo_key_gets_the_login_form_and_is_cleared(server, page):
    page.context.add_cookies([_cookie(server, _token(OLD_DEMO_KEY, "admin"))])
    page.goto(f"{server.url}/users")
    settle(page)
    _expect_login_form_and_cookie_gone(page)
    expect(page.get_by_role("heading", name="Utilisateurs")).to_have_count(0)


def test_an_unsigned_or_garbled_cookie_gets_the_login_form(server, page):
    unsigned = jwt.encode({"sub": "admin", "iat": time.time(), "exp": time.time() + 3600}, None, algorithm="none")
    for value in (unsigned, "not-a-token-at-all"):
        page.context.add_cookies([_cookie(server, value)])
        page.goto(f"{server.url}/users")
        settle(page)
        _expect_login_form_and_cookie_gone(page)


def test_an_orphaned_cookie_for_an_unknown_or_deactivated_user_gets_the_login_form(writable_server, page):
    url = writable_server.database_url
    page.goto(writable_server.url)  # the first visit makes the installation's key
    settle(page)
    key = _key_of(url)
    _write(url, users.set_active, actor=ADMIN_ACTOR, given=parse(ActiveChange, user_id=_user_id(url, "coordinator"),
                                                                 active=False))
    for username in ("ghost", "coordinator"):
        page.context.add_cookies([_cookie(writable_server, _token(key, username))])
        page.goto(f"{writable_server.url}/overview")
        settle(page)
        _expect_login_form_and_cookie_gone(page)


def test_a_cookie_copied_before_logout_no_longer_logs_in(server, page, browser):
    log_in(page, server, "coordinator", "coord-fm0390")
    copied = login_cookie(page)
    page.get_by_role("button", name="Se déconnecter").click()
    settle(page)
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    page.wait_for_function(f"() => !document.cookie.includes({COOKIE_NAME!r} + '=')")
    other = browser.new_context(locale="fr-FR").new_page()
    other.context.add_cookies([copied])
    other.goto(f"{server.url}/overview")
    settle(other)
    _expect_login_form_and_cookie_gone(other)
    other.context.close()


def test_a_cookie_copied_before_a_password_reset_no_longer_logs_in(writable_server, page, browser):
    log_in(page, writable_server, "coordinator", "coord-fm0390")
    copied = login_cookie(page)
    url = writable_server.database_url
    _write(url, users.reset_password, actor=ADMIN_ACTOR, given=parse(
        PasswordReset, user_id=_user_id(url, "coordinator"), new_password="a-new-password-77"))
    other = browser.new_context(locale="fr-FR").new_page()
    other.context.add_cookies([copied])
    other.goto(f"{writable_server.url}/overview")
    settle(other)
    _expect_login_form_and_cookie_gone(other)
    other.context.close()
    page.reload()  # the browser that held the login loses it too
    settle(page)
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
