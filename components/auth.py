"""Login against users stored in the database, kept by a signed cookie, behind one `current_user()`.

The cookie is a JWT (HS256) carrying the username, its issue time and its expiry. It is checked here on
every run against the user row: a cookie issued before the user's `sessions_valid_after` (logout, password
reset, role change, deactivation) or for an unknown or inactive user is void. Any cookie that does not pass
(forged, unsigned, expired, malformed, orphaned) gives the login form and is deleted from the browser.
Everything else asks `current_user()`; replacing this module with an OIDC login (`st.login`) changes no page.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

import jwt
import streamlit as st
import streamlit.components.v1 as components

from components.data import once_per_run, read_fresh, run_write
from components.i18n import t
from db.actor import Actor
from db.queries.users import SignedInUser, signed_in_user
from db.services.users import authenticate, change_own_password, log_out
from domain.inputs import parse
from domain.user_inputs import OwnPasswordChange
from db.settings import Settings, session_lifetime

AUTH_STATUS = "authentication_status"
USERNAME = "username"
ISSUED_AT = "auth_issued_at"  # POSIX seconds of the login this session holds
COOKIE_WRITE = "auth_cookie_write"  # the token the browser must store; "" to delete it
REFUSED_COOKIE = "auth_refused_cookie"  # the browser's cookie already refused in this session
ALGORITHM = "HS256"


def issue_token(settings: Settings, username: str, issued_at: datetime) -> str:
    """The signed cookie value for a login made at `issued_at`."""
    expires = issued_at + settings.session_lifetime
    return jwt.encode({"sub": username, "iat": issued_at.timestamp(), "exp": expires.timestamp()},
                      settings.cookie_key, algorithm=ALGORITHM)


def read_token(settings: Settings, token: str, now: datetime | None = None) -> tuple[str, datetime] | None:
    """(username, issue time) of a cookie signed with our key and not expired under today's lifetime; else None."""
    try:
        claims = jwt.decode(token, settings.cookie_key, algorithms=[ALGORITHM],
                            options={"require": ["sub", "iat", "exp"]})
        issued_at = datetime.fromtimestamp(float(claims["iat"]), timezone.utc)
        username = claims["sub"]
    except (jwt.PyJWTError, TypeError, ValueError, OverflowError):
        return None
    now = now or datetime.now(timezone.utc)
    if not isinstance(username, str) or issued_at > now or issued_at + settings.session_lifetime <= now:
        return None
    return username, issued_at


def restore_login(settings: Settings) -> None:
    """Log a returning browser in from its cookie, rendering nothing; a cookie that does not pass is deleted."""
    if st.session_state.get(AUTH_STATUS):
        return
    token = st.context.cookies.get(settings.cookie_name)
    if not token or st.session_state.get(REFUSED_COOKIE) == token:
        return
    claims = read_token(settings, token)
    user = read_fresh(signed_in_user, username=claims[0], issued_at=claims[1]) if claims else None
    if user is None:
        st.session_state[REFUSED_COOKIE] = token
        st.session_state[COOKIE_WRITE] = ""
        return
    _remember(claims[0], claims[1])


def attempt_login(settings: Settings, username: str, password: str) -> tuple[str, dict] | None:
    """Check a username and password; on success remember the login. Returns a message (key, params) when refused."""
    if not username.strip() or not password:
        return "login.error_empty", {}
    # committed even when refused: the failure count and audit entry stay
    outcome = run_write(lambda session: authenticate(session, username=username, password=password))
    if outcome.succeeded:
        issued_at = datetime.now(timezone.utc)
        _remember(outcome.actor.username, issued_at)
        st.session_state[COOKIE_WRITE] = issue_token(settings, outcome.actor.username, issued_at)
        return None
    if outcome.retry_after is not None:
        wait = max(1, int((outcome.retry_after - datetime.now(timezone.utc)).total_seconds()) + 1)
        return "login.error_blocked", {"minutes": (wait + 59) // 60, "seconds": wait}
    # Same message for an unknown user and a wrong password: never reveal which usernames exist.
    return "login.error_wrong", {}


def change_password(settings: Settings, current_password: str, new_password: str) -> None:
    """The logged-in user replaces their password; other sessions end, this one gets a fresh cookie.

    Raises `ValidationError` (fields `current_password`, `new_password`) when refused."""
    username = st.session_state[USERNAME]
    raw = dict(current_password=current_password, new_password=new_password)
    run_write(lambda session: change_own_password(session, username=username, given=parse(OwnPasswordChange, raw)))
    issued_at = datetime.now(timezone.utc)
    _remember(username, issued_at)
    st.session_state[COOKIE_WRITE] = issue_token(settings, username, issued_at)


def logout() -> None:
    """End this user's sessions everywhere (every copy of the cookie) and delete the cookie here."""
    username = st.session_state.get(USERNAME)
    if st.session_state.get(AUTH_STATUS) and username:
        run_write(lambda session: log_out(session, username=username))
    _forget()


def write_cookie(settings: Settings) -> None:
    """Send the pending cookie change to the browser (a zero-height frame of our own origin sets it)."""
    if COOKIE_WRITE not in st.session_state:
        return
    token = st.session_state[COOKIE_WRITE]
    max_age = int(settings.session_lifetime.total_seconds()) if token else 0
    cookie = json.dumps(f"{settings.cookie_name}={token}; Path=/; Max-Age={max_age}; SameSite=Strict")
    components.html("<script>const top_ = window.parent;"
                    f"top_.document.cookie = {cookie} + (top_.location.protocol === 'https:' ? '; Secure' : '');"
                    "</script>", height=0)


def _remember(username: str, issued_at: datetime) -> None:
    st.session_state[AUTH_STATUS] = True
    st.session_state[USERNAME] = username
    st.session_state[ISSUED_AT] = issued_at.timestamp()


def _forget() -> None:
    for key in (AUTH_STATUS, USERNAME, ISSUED_AT):
        st.session_state.pop(key, None)
    st.session_state[COOKIE_WRITE] = ""


def _signed_in() -> SignedInUser | None:
    """The user of this session's login, checked against the database on every run."""
    username, issued = st.session_state.get(USERNAME), st.session_state.get(ISSUED_AT)
    if not st.session_state.get(AUTH_STATUS) or not username or not issued:
        return None
    issued_at = datetime.fromtimestamp(issued, timezone.utc)
    user = None
    if issued_at + session_lifetime() > datetime.now(timezone.utc):
        user = once_per_run(("signed_in", username, issued), lambda: read_fresh(
            signed_in_user, username=username, issued_at=issued_at))
    if user is None:
        _forget()
    return user


def current_user() -> Actor | None:
    """The logged-in, still active user with the role stored now, or None."""
    user = _signed_in()
    return user.actor if user else None


def must_change_password() -> bool:
    """True while the logged-in user still holds a password an admin chose (or the first admin's)."""
    user = _signed_in()
    return bool(user and user.must_change_password)


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
