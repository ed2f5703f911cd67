"""The audit trail, newest first (admins only)."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.actor import ADMIN, Actor, require_role
from db.models import AuditEntry


def audit_trail(session: Session, *, actor: Actor, limit: int = 500, entity: str | None = None) -> pd.DataFrame:
    """Who changed what and when, newest first, optionally for one kind of record."""
    require_role(actor, ADMIN)
    query = select(AuditEntry.at, AuditEntry.actor, AuditEntry.action, AuditEntry.entity,
                   AuditEntry.entity_id, AuditEntry.detail).order_by(AuditEntry.id.desc()).limit(limit)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    rows = session.execute(query).all()
    return pd.DataFrame(rows, columns=["at", "actor", "action", "entity", "entity_id", "detail"])


def audited_entities(session: Session, *, actor: Actor) -> list[str]:
    require_role(actor, ADMIN)
    return list(session.scalars(select(AuditEntry.entity).distinct().order_by(AuditEntry.entity)))
