"""Reads about logins: the credentials the login form checks, and the admin's user list."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.actor import ADMIN, Actor, require_role
from db.models import AppUser


def login_credentials(session: Session) -> dict[str, dict]:
    """Active users in the shape streamlit-authenticator expects; a fresh dict on every call."""
    rows = session.execute(select(AppUser.username, AppUser.name, AppUser.email, AppUser.password_hash,
                                  AppUser.role).where(AppUser.active.is_(True))).all()
    return {"usernames": {r.username: {"name": r.name, "email": r.email, "password": r.password_hash,
                                       "roles": [r.role]} for r in rows}}


def active_user(session: Session, username: str) -> Actor | None:
    """The acting user as stored now: a role change or deactivation applies at the next rerun."""
    row = session.execute(select(AppUser.username, AppUser.role, AppUser.name).where(
        AppUser.username == username, AppUser.active.is_(True))).first()
    return Actor(username=row.username, role=row.role, name=row.name) if row else None


def user_list(session: Session, *, actor: Actor) -> pd.DataFrame:
    """Every account with its role and state (never the hash). Admins only."""
    require_role(actor, ADMIN)
    rows = session.execute(select(AppUser.id, AppUser.username, AppUser.name, AppUser.email,
                                  AppUser.role, AppUser.active, AppUser.created_at)
                           .order_by(AppUser.username)).all()
    return pd.DataFrame(rows, columns=["id", "username", "name", "email", "role", "active", "created_at"])
