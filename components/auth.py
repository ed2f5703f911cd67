"""Login with streamlit-authenticator against users stored in the database, behind one `current_user()`.

Everything else asks `current_user()`; replacing this module with an OIDC login (`st.login`) changes no page.
"""
from __future__ import annotations

import streamlit as st
import streamlit_authenticator as stauth

from components.data import read_fresh
from components.i18n import t
from db.actor import Actor
from db.queries.users import active_user, login_credentials
from db.settings import Settings

AUTH_STATUS = "authentication_status"


def build_authenticator(settings: Settings) -> stauth.Authenticate:
    """Create the authenticator once per script run (it renders the cookie component) with fresh credentials."""
    return stauth.Authenticate(
        read_fresh(login_credentials),
        settings.cookie_name,
        settings.cookie_key,
        settings.cookie_expiry_days,
        auto_hash=False,
        login_sleep_time=settings.login_sleep_time,
    )


def restore_login(authenticator: stauth.Authenticate) -> None:
    """Log a returning browser in from its signed cookie, rendering nothing."""
    authenticator.login(location="unrendered")


def attempt_login(authenticator: stauth.Authenticate, username: str, password: str) -> str | None:
    """Check a username and password; on success sign the cookie. Returns a message key when refused."""
    if not username.strip() or not password:
        return "login.error_empty"
    if authenticator.authentication_controller.login(username=username, password=password):
        authenticator.cookie_controller.set_cookie()
        return None
    # Same message for an unknown user and a wrong password: never reveal which usernames exist.
    return "login.error_wrong"


def logout(authenticator: stauth.Authenticate) -> None:
    if st.session_state.get(AUTH_STATUS):
        authenticator.logout(location="unrendered")


def current_user() -> Actor | None:
    """The logged-in, still active user with the role stored now, or None."""
    if not st.session_state.get(AUTH_STATUS) or not st.session_state.get("username"):
        return None
    return read_fresh(active_user, username=st.session_state["username"])


def require(*roles: str) -> Actor | None:
    """Gate at the top of every page: the user when their role is allowed, else a message and None."""
    user = current_user()
    if user is None:
        st.warning(t("auth.login_required"))
        return None
    if user.role not in roles:
        st.error(t("auth.forbidden"))
        return None
    return user
