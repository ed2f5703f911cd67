"""Users, roles, the audit trail and locked reporting periods."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, one_of, utcnow

ROLES = ("admin", "coordinator", "viewer")


class AppUser(Base):
    __tablename__ = "app_user"
    __table_args__ = (CheckConstraint(one_of("role", ROLES), name="role_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Any login cookie issued at or before this moment is void (logout, password reset, role change,
    # deactivation): a copied cookie dies with the session it came from.
    sessions_valid_after: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Set for a first admin's generated password and after an admin reset: the app asks for a new one first.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # Wrong passwords in a row, and the moment before which no password is even checked (growing delay,
    # then a temporary lock). In the database so that every process shares them.
    failed_logins: Mapped[int] = mapped_column(default=0)
    login_blocked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DataVersion(Base):
    """One row: a number every committed write moves on by one, in commit order (db/audit.py). Cached reads
    are keyed by it, so a reader never keeps figures from before a write that committed later than another's
    (an audit id is taken at insert time, not at commit: it could not order them)."""

    __tablename__ = "data_version"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


class AuditEntry(Base):
    """Who changed what, when. Written in the same transaction as the change."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int | None]
    detail: Mapped[str] = mapped_column(Text, default="")


class PeriodLock(Base):
    """A reporting period closed by an admin: data dated on or before `locked_through` is frozen.

    A lock stays in force until it is reopened (`reopened_at` set, with who and why); the rows are never
    deleted, so the history of what was signed off, and when it was reopened, stays readable."""

    __tablename__ = "period_lock"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    locked_through: Mapped[date]
    locked_by: Mapped[str] = mapped_column(String(60))
    locked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")
    reopened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reopened_by: Mapped[str | None] = mapped_column(String(60))
    reopen_reason: Mapped[str | None] = mapped_column(Text)
