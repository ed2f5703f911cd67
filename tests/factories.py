"""Factories for test records: the least data that makes a story true."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from db.actor import Actor
from db.models import AppUser, Project
from db.services.users import hash_password

ADMIN_ACTOR = Actor("boss", "admin", "Boss")
COORDINATOR_ACTOR = Actor("coord", "coordinator", "Coord")
VIEWER_ACTOR = Actor("watcher", "viewer", "Watcher")


def make_project(session: Session, **overrides) -> Project:
    fields = dict(code="FM.0390", prima_id="MA10P0001", title="Test project", project_type="Facilitated Migration Services",
                  fund="IDF", region="Africa", member_state="Morocco", coverage="National",
                  start_date=date(2014, 7, 1), end_date=date(2017, 2, 28), budget_usd=Decimal("200000"))
    project = Project(**(fields | overrides))
    session.add(project)
    session.flush()
    return project


def make_user(session: Session, *, username: str, role: str = "viewer", password: str = "secret-pass",
              active: bool = True) -> AppUser:
    user = AppUser(username=username, name=username.title(), email=f"{username}@example.org",
                   password_hash=hash_password(password, rounds=4), role=role, active=active)
    session.add(user)
    session.flush()
    return user
