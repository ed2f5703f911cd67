"""Audit trail writes and the data version that keys every cached read."""
from __future__ import annotations

import json

from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import Session

from db.actor import Actor
from db.models import AuditEntry, DataVersion

RECORDED = "audit.recorded"


def record(session: Session, *, actor: Actor, action: str, entity: str,
           entity_id: int | None = None, **detail: object) -> AuditEntry:
    """Add an audit entry to the caller's transaction (never commits on its own)."""
    entry = AuditEntry(actor=actor.username, action=action, entity=entity, entity_id=entity_id,
                       detail=json.dumps(detail, default=str, ensure_ascii=False, sort_keys=True))
    session.add(entry)
    session.info[RECORDED] = True
    return entry


def snapshot(record: object, fields: tuple[str, ...] | list[str]) -> dict[str, object]:
    """The values of `fields` on a record, taken before a change to compare with after it."""
    return {name: getattr(record, name) for name in fields}


def record_update(session: Session, *, actor: Actor, entity: str, row: object, before: dict[str, object],
                  personal: frozenset[str] | set[str] = frozenset(), action: str = "update",
                  **detail: object) -> AuditEntry | None:
    """Audit an update: each changed field with its previous and new value; for personal fields (names,
    phones) only which of them changed, never their values. Nothing changed, nothing recorded."""
    changes = {name: {"from": old, "to": getattr(row, name)} for name, old in before.items()
               if name not in personal and getattr(row, name) != old}
    personal_changed = sorted(name for name in before if name in personal and getattr(row, name) != before[name])
    if not changes and not personal_changed:
        return None
    extra = {"personal_changed": personal_changed} if personal_changed else {}
    return record(session, actor=actor, action=action, entity=entity,
                  entity_id=row.id, changes=changes, **extra, **detail)  # type: ignore[attr-defined]


def data_version(session: Session) -> int:
    """A number every committed write moves on, from whichever process made it, in commit order. One cheap
    query."""
    return session.scalar(select(DataVersion.n).where(DataVersion.id == 1)) or 0


def move_version(session: Session) -> None:
    """Move the data version on if this transaction recorded anything: the last statement before its commit
    (db/commit_hooks.py), so the row is locked only until then and writers move it in commit order."""
    if not session.info.pop(RECORDED, False):
        return
    if not session.execute(update(DataVersion).where(DataVersion.id == 1).values(n=DataVersion.n + 1)).rowcount:
        session.execute(insert(DataVersion).values(id=1, n=1))  # a schema built without the migrations' row


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction) -> None:
    """A transaction rolled back recorded nothing."""
    if transaction.parent is None:
        session.info.pop(RECORDED, None)


def record_many(session: Session, *, actor: Actor, action: str, entity: str,
                entries: list[tuple[int | None, dict[str, object]]]) -> None:
    """`record` for many records at once (an import): one entry per (entity_id, detail), in one statement."""
    if not entries:
        return
    session.info[RECORDED] = True
    session.execute(insert(AuditEntry), [
        {"actor": actor.username, "action": action, "entity": entity, "entity_id": entity_id,
         "detail": json.dumps(detail, default=str, ensure_ascii=False, sort_keys=True)}
        for entity_id, detail in entries])
