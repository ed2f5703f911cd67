"""Managing who can log in and with which role. Only admins may call these (besides the seed)."""
from __future__ import annotations

import re

import bcrypt
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, Actor, require_role
from domain.errors import Problem, ValidationError, check
from db.models import AppUser
from db.models.access import ROLES

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,59}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 8


def hash_password(password: str, *, rounds: int = 12) -> str:
    """bcrypt hash in the `$2b$` format that streamlit-authenticator checks."""
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds)).decode()


def _password_problems(password: str) -> list[Problem]:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        return [Problem("password", "error.password_too_short", {"min": MIN_PASSWORD_LENGTH})]
    return []


def create_user(session: Session, *, actor: Actor, username: str, name: str, email: str,
                password: str, role: str) -> AppUser:
    """Add a login. Usernames are stored lowercase, as the login form lowercases what is typed."""
    require_role(actor, ADMIN)
    username = (username or "").strip().lower()
    problems: list[Problem] = []
    if not USERNAME_PATTERN.match(username):
        problems.append(Problem("username", "error.username_invalid"))
    elif session.scalar(select(AppUser.id).where(AppUser.username == username)):
        problems.append(Problem("username", "error.username_taken", {"username": username}))
    if not (name or "").strip():
        problems.append(Problem("name", "error.required"))
    if email and not EMAIL_PATTERN.match(email.strip()):
        problems.append(Problem("email", "error.email_invalid"))
    if role not in ROLES:
        problems.append(Problem("role", "error.role_unknown"))
    problems += _password_problems(password)
    check(problems)
    user = AppUser(username=username, name=name.strip(), email=(email or "").strip(),
                   password_hash=hash_password(password), role=role, active=True)
    session.add(user)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="app_user", entity_id=user.id,
                 username=username, role=role)
    return user


def _get(session: Session, user_id: int) -> AppUser:
    user = session.get(AppUser, user_id)
    if user is None:
        raise ValidationError([Problem("user", "error.user_not_found")])
    return user


def _other_active_admins(session: Session, user_id: int) -> int:
    return session.scalar(select(func.count()).select_from(AppUser).where(
        AppUser.role == ADMIN, AppUser.active.is_(True), AppUser.id != user_id)) or 0


def reset_password(session: Session, *, actor: Actor, user_id: int, new_password: str) -> AppUser:
    """Set a new password chosen by an admin (the user is told it out of band)."""
    require_role(actor, ADMIN)
    check(_password_problems(new_password))
    user = _get(session, user_id)
    user.password_hash = hash_password(new_password)
    audit.record(session, actor=actor, action="reset_password", entity="app_user", entity_id=user.id)
    return user


def change_role(session: Session, *, actor: Actor, user_id: int, role: str) -> AppUser:
    """Give a user another role; the last active admin keeps theirs."""
    require_role(actor, ADMIN)
    if role not in ROLES:
        raise ValidationError([Problem("role", "error.role_unknown")])
    user = _get(session, user_id)
    if user.role == ADMIN and role != ADMIN and user.active and not _other_active_admins(session, user.id):
        raise ValidationError([Problem("role", "error.last_admin")])
    old = user.role
    user.role = role
    audit.record(session, actor=actor, action="change_role", entity="app_user", entity_id=user.id,
                 old=old, new=role)
    return user


def set_active(session: Session, *, actor: Actor, user_id: int, active: bool) -> AppUser:
    """Deactivate (the user can no longer log in) or reactivate an account; rows are never deleted."""
    require_role(actor, ADMIN)
    user = _get(session, user_id)
    if not active and user.role == ADMIN and not _other_active_admins(session, user.id):
        raise ValidationError([Problem("active", "error.last_admin")])
    user.active = active
    audit.record(session, actor=actor, action="activate" if active else "deactivate",
                 entity="app_user", entity_id=user.id)
    return user
