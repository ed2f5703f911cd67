"""What an admin types to manage logins: a new user, a password reset, a role change, a deactivation or
reactivation; and what a user types to replace their own password. Bounds from the app_user columns."""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, StringConstraints, field_validator

from domain.inputs import RecordId, Text, WriteInput, refusal

USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{2,59}")  # app_user.username is String(60)
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_BYTES = 72  # bcrypt reads no further (and refuses longer)
# Passwords printed in the README for the demo accounts: never accepted for a real account.
PUBLISHED_PASSWORDS = ("admin-fm0390", "coord-fm0390", "viewer-fm0390")
Role = Literal["admin", "coordinator", "viewer"]


def _lowercase(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def password_problem_key(password: str) -> tuple[str, dict[str, int]] | None:
    """Why a new password is refused (key and parameters), or None: long enough, not printed in the README."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "error.password_too_short", {"min": MIN_PASSWORD_LENGTH}
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        return "error.text_too_long", {"max": MAX_PASSWORD_BYTES}
    if password in PUBLISHED_PASSWORDS:
        return "error.password_published", {}
    return None


def _new_password(value: str) -> str:
    refused = password_problem_key(value)
    if refused:
        raise refusal(refused[0], **refused[1])
    return value


# Passwords are taken exactly as typed (spaces around them are part of them), then judged by one rule.
NewPassword = Annotated[str, StringConstraints(strip_whitespace=False), AfterValidator(_new_password)]


class UserInput(WriteInput):
    """A new login. Usernames are stored lowercase, as the login form lowercases what is typed."""

    username: Annotated[str, BeforeValidator(_lowercase)]
    name: Text(120, min_length=1)
    email: Text(200) = ""
    password: NewPassword
    role: Role

    @field_validator("username")
    @classmethod
    def _username_shape(cls, value: str) -> str:
        if not USERNAME_PATTERN.fullmatch(value):
            raise refusal("error.username_invalid")
        return value

    @field_validator("email")
    @classmethod
    def _email_shape(cls, value: str) -> str:
        if value and not EMAIL_PATTERN.fullmatch(value):
            raise refusal("error.email_invalid")
        return value


class PasswordReset(WriteInput):
    """A password an admin sets and tells the user out of band (who must replace it at the next login)."""

    user_id: RecordId
    new_password: NewPassword


class RoleChange(WriteInput):
    user_id: RecordId
    role: Role


class ActiveChange(WriteInput):
    """Deactivate (`active` False) or reactivate an account."""

    user_id: RecordId
    active: bool


class OwnPasswordChange(WriteInput):
    """A user replaces their own password (the current one proves it is them)."""

    current_password: Annotated[str, StringConstraints(strip_whitespace=False)]
    new_password: NewPassword
