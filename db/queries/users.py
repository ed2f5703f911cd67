"""Reads about logins: whether a session still holds, published passwords, and the admin's user list."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import bcrypt
import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.actor import ADMIN, Actor, require_role
from db.models import AppUser


@dataclass(frozen=True)
class SignedInUser:
    actor: Actor
    must_change_password: bool


def signed_in_user(session: Session, *, username: str, issued_at: datetime) -> SignedInUser | None:
    """The user of a login issued at `issued_at`, if still active and no logout, reset, role change or
    deactivation has voided it since."""
    row = session.execute(select(AppUser.username, AppUser.role, AppUser.name, AppUser.sessions_valid_after,
                                 AppUser.must_change_password)
                          .where(AppUser.username == username, AppUser.active.is_(True))).first()
    if row is None:
        return None
    void_before = row.sessions_valid_after
    if void_before is not None:
        void_before = void_before if void_before.tzinfo else void_before.replace(tzinfo=timezone.utc)
        if issued_at <= void_before:
            return None
    return SignedInUser(Actor(username=row.username, role=row.role, name=row.name), row.must_change_password)


def password_hashes(session: Session) -> tuple[tuple[str, str], ...]:
    """(username, bcrypt hash) of every active account, to look for published passwords."""
    rows = session.execute(select(AppUser.username, AppUser.password_hash)
                           .where(AppUser.active.is_(True)).order_by(AppUser.username))
    return tuple((username, hashed) for username, hashed in rows)


def accounts_with_passwords(hashes: tuple[tuple[str, str], ...], passwords: tuple[str, ...]) -> list[str]:
    """Usernames whose password is one of `passwords` (a bcrypt check each: slow, so cache the answer)."""
    return [username for username, hashed in hashes
            if any(bcrypt.checkpw(p.encode(), hashed.encode()) for p in passwords)]


def user_list(session: Session, *, actor: Actor) -> pd.DataFrame:
    """Every account with its role and state (never the hash). Admins only."""
    require_role(actor, ADMIN)
    rows = session.execute(select(AppUser.id, AppUser.username, AppUser.name, AppUser.email,
                                  AppUser.role, AppUser.active, AppUser.created_at)
                           .order_by(AppUser.username)).all()
    return pd.DataFrame(rows, columns=["id", "username", "name", "email", "role", "active", "created_at"])
