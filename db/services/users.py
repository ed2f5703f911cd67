"""Managing who can log in and with which role. Only admins may call these (besides the seed)."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache

import bcrypt
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, SYSTEM, Actor, require_role
from db.concurrency import lock_row
from domain.errors import Problem, ValidationError
from db.models import AppUser
from domain.inputs import parse
from domain.user_inputs import (  # noqa: F401 - PUBLISHED_PASSWORDS re-exported for the seed and tests
    MAX_PASSWORD_BYTES, PUBLISHED_PASSWORDS, ActiveChange, OwnPasswordChange, PasswordReset, RoleChange, UserInput,
)

FAILURES_BEFORE_LOCK = 5
LOCK_DURATION = timedelta(minutes=15)
ANONYMOUS = Actor(username="anonymous", role="viewer")


def hash_password(password: str, *, rounds: int = 12) -> str:
    """bcrypt hash in the `$2b$` format that streamlit-authenticator checks."""
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds)).decode()


def _password_matches(password: str, password_hash: str) -> bool:
    """bcrypt reads 72 bytes at most (and refuses more): a longer password is simply not the stored one."""
    data = (password or "").encode()
    return len(data) <= MAX_PASSWORD_BYTES and bcrypt.checkpw(data, password_hash.encode())


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(timezone.utc)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: they were written in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


def _end_sessions(user: AppUser, now: datetime) -> None:
    """Void every login cookie issued up to now (the next rerun of any browser holding one logs it out)."""
    user.sessions_valid_after = now


def create_user(session: Session, *, actor: Actor, given: UserInput) -> AppUser:
    """Add a login. Usernames are stored lowercase, as the login form lowercases what is typed."""
    require_role(actor, ADMIN)
    if session.scalar(select(AppUser.id).where(AppUser.username == given.username)):
        raise ValidationError([Problem("username", "error.username_taken", {"username": given.username})])
    # The admin knows this password: the user replaces it at the first login.
    user = AppUser(username=given.username, name=given.name, email=given.email,
                   password_hash=hash_password(given.password), role=given.role, active=True,
                   must_change_password=True)
    session.add(user)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="app_user", entity_id=user.id,
                 username=given.username, role=given.role)
    return user


def _locked_user(session: Session, user_id: int) -> AppUser:
    user = lock_row(session, AppUser, user_id)
    if user is None:
        raise ValidationError([Problem("user", "error.user_not_found")])
    return user


def _lock_active_admins(session: Session) -> list[int]:
    """Lock every active admin row (in id order, always before the edited user's row, so that concurrent role
    changes never deadlock): two admins demoting or deactivating each other at the same moment then cannot
    both succeed and leave nobody in charge."""
    return list(session.scalars(select(AppUser.id).where(AppUser.role == ADMIN, AppUser.active.is_(True))
                                .order_by(AppUser.id).with_for_update()).all())


def reset_password(session: Session, *, actor: Actor, given: PasswordReset) -> AppUser:
    """Set a new password chosen by an admin (the user is told it out of band)."""
    require_role(actor, ADMIN)
    user = _locked_user(session, given.user_id)
    user.password_hash = hash_password(given.new_password)
    user.must_change_password = True  # the admin knows it: the user chooses their own at the next login
    user.failed_logins, user.login_blocked_until = 0, None
    _end_sessions(user, _now(None))
    audit.record(session, actor=actor, action="reset_password", entity="app_user", entity_id=user.id)
    return user


def change_role(session: Session, *, actor: Actor, given: RoleChange) -> AppUser:
    """Give a user another role; the last active admin keeps theirs."""
    require_role(actor, ADMIN)
    admins = _lock_active_admins(session)
    user = _locked_user(session, given.user_id)
    if given.role != ADMIN and admins == [user.id]:
        raise ValidationError([Problem("role", "error.last_admin")])
    before = audit.snapshot(user, ("role",))
    user.role = given.role
    if before["role"] != given.role:
        _end_sessions(user, _now(None))
    audit.record(session, actor=actor, action="change_role", entity="app_user", entity_id=user.id,
                 old=before["role"], new=given.role)
    return user


def set_active(session: Session, *, actor: Actor, given: ActiveChange) -> AppUser:
    """Deactivate (the user can no longer log in) or reactivate an account; rows are never deleted."""
    require_role(actor, ADMIN)
    admins = _lock_active_admins(session)
    user = _locked_user(session, given.user_id)
    if not given.active and admins == [user.id]:
        raise ValidationError([Problem("active", "error.last_admin")])
    user.active = given.active
    if not given.active:
        _end_sessions(user, _now(None))
    audit.record(session, actor=actor, action="activate" if given.active else "deactivate",
                 entity="app_user", entity_id=user.id)
    return user


def create_first_admin(session: Session, *, username: str, name: str,
                       password: str | None = None) -> tuple[AppUser, str]:
    """The deployment's first login: an admin whose password (given, or generated) must be changed at first login.

    Returns the user and the password, which the caller shows once. Refused when an active admin exists.
    """
    if session.scalar(select(AppUser.id).where(AppUser.role == ADMIN, AppUser.active.is_(True))):
        raise ValidationError([Problem("username", "error.admin_exists")])
    password = password or secrets.token_urlsafe(15)
    user = create_user(session, actor=Actor(username=SYSTEM, role=ADMIN), given=parse(
        UserInput, username=username, name=name, password=password, role=ADMIN))
    return user, password


@dataclass(frozen=True)
class LoginOutcome:
    """What a login attempt gave: the user when it succeeded; when refused, maybe a time to wait until."""

    actor: Actor | None = None
    must_change_password: bool = False
    retry_after: datetime | None = None

    @property
    def succeeded(self) -> bool:
        return self.actor is not None


def throttle_delay(failures: int) -> timedelta:
    """Wait imposed after the n-th wrong password in a row: 1, 2, 4, 8 s, then a lock of LOCK_DURATION."""
    if failures >= FAILURES_BEFORE_LOCK:
        return LOCK_DURATION
    return timedelta(seconds=2 ** (failures - 1)) if failures > 0 else timedelta(0)


@cache
def _decoy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def authenticate(session: Session, *, username: str, password: str, now: datetime | None = None) -> LoginOutcome:
    """Check a password with per-account throttling; every attempt leaves an audit entry (never the password).

    The caller commits even when the login is refused: the failure count and the audit row must stay.
    """
    now = _now(now)
    username = (username or "").strip().lower()
    user = session.scalar(select(AppUser).where(AppUser.username == username).with_for_update())
    if user is None or not user.active:
        bcrypt.checkpw((password or "").encode()[:MAX_PASSWORD_BYTES], _decoy_hash().encode())  # same time as a real check
        audit.record(session, actor=ANONYMOUS, action="login_failed", entity="app_user",
                     entity_id=user.id if user else None, reason="unknown_or_inactive")
        return LoginOutcome()
    actor = Actor(username=user.username, role=user.role, name=user.name)
    blocked_until = _aware(user.login_blocked_until)
    if blocked_until is not None and blocked_until > now:
        audit.record(session, actor=actor, action="login_blocked", entity="app_user", entity_id=user.id,
                     until=blocked_until.isoformat())
        return LoginOutcome(retry_after=blocked_until)
    if not _password_matches(password, user.password_hash):
        user.failed_logins += 1
        user.login_blocked_until = now + throttle_delay(user.failed_logins)
        locked = user.failed_logins >= FAILURES_BEFORE_LOCK
        audit.record(session, actor=actor, action="login_locked" if locked else "login_failed",
                     entity="app_user", entity_id=user.id, failures=user.failed_logins)
        return LoginOutcome(retry_after=user.login_blocked_until if locked else None)
    user.failed_logins, user.login_blocked_until = 0, None
    audit.record(session, actor=actor, action="login", entity="app_user", entity_id=user.id)
    return LoginOutcome(actor=actor, must_change_password=user.must_change_password)


def log_out(session: Session, *, username: str, now: datetime | None = None) -> None:
    """End every session of this user (the cookie in this browser and any copy of it)."""
    user = session.scalar(select(AppUser).where(AppUser.username == username))
    if user is None:
        return
    _end_sessions(user, _now(now))
    audit.record(session, actor=Actor(username=user.username, role=user.role), action="logout",
                 entity="app_user", entity_id=user.id)


def change_own_password(session: Session, *, username: str, given: OwnPasswordChange,
                        now: datetime | None = None) -> AppUser:
    """A user replaces their password; every other session of theirs ends."""
    user = session.scalar(select(AppUser).where(AppUser.username == username, AppUser.active.is_(True))
                          .with_for_update())
    if user is None:
        raise ValidationError([Problem("current_password", "error.user_not_found")])
    if not _password_matches(given.current_password, user.password_hash):
        raise ValidationError([Problem("current_password", "error.password_wrong")])
    if given.new_password == given.current_password:
        raise ValidationError([Problem("new_password", "error.password_unchanged")])
    user.password_hash = hash_password(given.new_password)
    user.must_change_password = False
    _end_sessions(user, _now(now))
    audit.record(session, actor=Actor(username=user.username, role=user.role), action="change_password",
                 entity="app_user", entity_id=user.id)
    return user


def retire_published_accounts(session: Session, *, now: datetime | None = None) -> list[str]:
    """Deactivate every active account whose password is printed in the README (the last admin included:
    `create_first_admin` then makes a real one). Returns their usernames."""
    from db.queries.users import accounts_with_passwords, password_hashes

    retired = accounts_with_passwords(password_hashes(session), PUBLISHED_PASSWORDS)
    for user in session.scalars(select(AppUser).where(AppUser.username.in_(retired))):
        user.active = False
        _end_sessions(user, _now(now))
        audit.record(session, actor=Actor(username=SYSTEM, role=ADMIN), action="deactivate", entity="app_user",
                     entity_id=user.id, reason="published_password")
    return retired
