"""The user-management use cases as the users page calls them: raw values parsed into the use case's input,
then the service (shared by the access and users tests)."""
from __future__ import annotations

from db.services import users
from domain.inputs import parse
from domain.user_inputs import ActiveChange, PasswordReset, RoleChange, UserInput


def create_user(session, *, actor, **raw):
    return users.create_user(session, actor=actor, given=parse(UserInput, raw))


def reset_password(session, *, actor, **raw):
    return users.reset_password(session, actor=actor, given=parse(PasswordReset, raw))


def change_role(session, *, actor, **raw):
    return users.change_role(session, actor=actor, given=parse(RoleChange, raw))


def set_active(session, *, actor, **raw):
    return users.set_active(session, actor=actor, given=parse(ActiveChange, raw))
