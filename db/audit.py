"""Audit trail writes and the data version that keys every cached read."""
from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.actor import Actor
from db.models import AuditEntry


def record(session: Session, *, actor: Actor, action: str, entity: str,
           entity_id: int | None = None, **detail: object) -> AuditEntry:
    """Add an audit entry to the caller's transaction (never commits on its own)."""
    entry = AuditEntry(actor=actor.username, action=action, entity=entity, entity_id=entity_id,
                       detail=json.dumps(detail, default=str, ensure_ascii=False, sort_keys=True))
    session.add(entry)
    return entry


def data_version(session: Session) -> int:
    """Highest audit id: changes after every write, from whichever process made it. One cheap query."""
    return session.scalar(select(func.coalesce(func.max(AuditEntry.id), 0))) or 0
