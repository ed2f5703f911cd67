"""Keeping `group_outcome` (the per-cohort outcome summary the funnel reads) in step with what it counts.

A group's rows are recounted from its enrolments whenever a transaction changes anything the funnel
depends on: an enrolment (status, dates, certification, group), a follow-up, an attendance mark or a
session, or a participant (sex, birth year, nationality, city). Changes made with ORM objects are noticed
by themselves (`after_flush`); a write made with Core statements (a bulk insert) calls `touch` with the
groups it changed. The recount runs once per transaction, just before it commits (db/commit_hooks.py), so its cost follows the
groups written (one cohort for a session), not the history; `settle` runs it earlier for a caller that reads
the summary inside its own unfinished write. `rebuild` recounts every group (after a bulk load);
`python -m db.migrate` fills the rows of groups that have none (a database migrated from before them).

The rules are not repeated here: the rows are counted from `db.queries.enrolment_rows.per_enrolment`, the
same per-enrolment query the funnel uses for groups not yet settled."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import chain

from sqlalchemy import delete, event, func, insert, inspect, select
from sqlalchemy.orm import Session

from db.in_lists import chunks
from db.models import (
    Attendance, Enrolment, FollowUp, GroupOutcome, Participant, TrainingGroup, TrainingSession,
)
from db.queries.enrolment_rows import per_enrolment
from domain.cohort_results import highest_step_met

PENDING = "group_outcomes.pending"
NOT_KEPT = "group_outcomes.not_kept"
CATEGORY_DIMENSIONS = ("sex", "nationality", "city")  # and birth_year, kept as a year


def _pending(session: Session) -> dict[str, set[int]]:
    return session.info.setdefault(PENDING, {"groups": set(), "enrolments": set(), "participants": set()})


def touch(session: Session, group_ids: Iterable[int]) -> None:
    """Mark these training groups' outcome rows for a recount before this transaction commits."""
    _pending(session)["groups"].update(int(g) for g in group_ids)


def not_kept(session: Session) -> Session:
    """Write through this session without keeping the summary: only for a database at a schema from before
    `group_outcome` (a test of the migrations); `python -m db.migrate` then fills the rows."""
    session.info[NOT_KEPT] = True
    return session


@event.listens_for(Session, "after_flush")
def _note_changes(session: Session, _context) -> None:
    """Note which groups the objects just written belong to (directly, or through an enrolment or a
    participant, resolved at the recount)."""
    if session.info.get(NOT_KEPT):
        return
    noted = None
    for thing in chain(session.new, session.dirty, session.deleted):
        if isinstance(thing, Enrolment):
            noted = noted or _pending(session)
            noted["groups"].update(g for g in (thing.group_id, *inspect(thing).attrs.group_id.history.deleted)
                                   if g is not None)
        elif isinstance(thing, (Attendance, FollowUp)):
            noted = noted or _pending(session)
            noted["enrolments"].add(thing.enrolment_id)
        elif isinstance(thing, TrainingSession):
            noted = noted or _pending(session)
            noted["groups"].add(thing.group_id)
        elif isinstance(thing, Participant) and thing.id is not None:
            noted = noted or _pending(session)
            noted["participants"].add(thing.id)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction) -> None:
    """A transaction rolled back takes its changes with it: nothing of it is left to recount."""
    if transaction.parent is None:
        session.info.pop(PENDING, None)


def settle(session: Session) -> None:
    """Recount now the groups this session changed since the last recount (flushing its changes first)."""
    session.flush()
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    groups = set(pending["groups"])
    for ids, column in ((pending["enrolments"], Enrolment.id), (pending["participants"], Enrolment.participant_id)):
        for chunk in chunks(sorted(i for i in ids if i is not None)):
            groups.update(session.scalars(select(Enrolment.group_id).where(column.in_(chunk)).distinct()))
    for chunk in chunks(sorted(g for g in groups if g is not None)):
        _recount(session, chunk)


def rebuild(session: Session) -> int:
    """Recount every group's rows (after a bulk load, or to repair); return how many groups have rows."""
    session.flush()
    session.info.pop(PENDING, None)
    session.execute(delete(GroupOutcome))
    groups = list(session.scalars(select(Enrolment.group_id).distinct().order_by(Enrolment.group_id)))
    for chunk in chunks(groups):
        _recount(session, chunk)
    return len(groups)


def fill_missing(session: Session) -> int:
    """Count the rows of groups that have enrolments but no outcome rows yet; return how many groups."""
    missing = list(session.scalars(select(Enrolment.group_id).distinct().where(
        Enrolment.group_id.not_in(select(GroupOutcome.group_id))).order_by(Enrolment.group_id)))
    for chunk in chunks(missing):
        _recount(session, chunk)
    return len(missing)


def _recount(session: Session, group_ids: list[int]) -> None:
    """Replace the outcome rows of these groups by a count of their enrolments as recorded.

    The groups' rows are locked first, in id order: two transactions changing one group (a follow-up here,
    a result there) recount it one after the other, the second seeing what the first committed, so neither
    counts without the other's change nor adds its rows beside the other's (READ COMMITTED on PostgreSQL)."""
    session.execute(select(TrainingGroup.id).where(TrainingGroup.id.in_(group_ids)).order_by(TrainingGroup.id)
                    .with_for_update())
    session.execute(delete(GroupOutcome).where(GroupOutcome.group_id.in_(group_ids)))
    settled = settled_on(session, group_ids)
    counts: dict[tuple, list[int]] = {}
    for row in session.execute(per_enrolment(as_of=None, groups=group_ids)):
        outcome = (highest_step_met(int(row.present), int(row.marked)), row.status == "completed",
                   bool(row.certified), bool(row.placed))
        keys = [(row.group_id, dimension, getattr(row, dimension), None) for dimension in CATEGORY_DIMENSIONS]
        keys.append((row.group_id, "birth_year", None, row.birth_year))
        for key in keys:
            cell = counts.setdefault(key + outcome, [0, 0, 0])
            cell[0] += 1
            cell[1] += int(row.present)
            cell[2] += int(row.marked)
    rows = [{"group_id": group, "dimension": dimension, "category": category, "birth_year": birth_year,
             "met": met, "completed": completed, "certified": certified, "placed": placed,
             "enrolments": n, "present": present, "marked": marked, "settled_on": settled[group]}
            for (group, dimension, category, birth_year, met, completed, certified, placed), (n, present, marked)
            in counts.items()]
    if rows:
        session.execute(insert(GroupOutcome), rows)


def settled_on(session: Session, group_ids: list[int]) -> dict[int, date]:
    """Each group's latest dated fact the funnel looks at: enrolment, completion, drop-out, certification,
    follow-up contact or session. As of that day or later, its outcomes are those recorded."""
    latest: dict[int, date] = {}

    def note(rows) -> None:
        for group, *days in rows:
            for day in days:
                if day is not None and (group not in latest or day > latest[group]):
                    latest[group] = day

    note(session.execute(select(Enrolment.group_id, func.max(Enrolment.enrolled_on), func.max(Enrolment.completed_on),
                                func.max(Enrolment.dropout_on), func.max(Enrolment.certified_on))
                         .where(Enrolment.group_id.in_(group_ids)).group_by(Enrolment.group_id)))
    note(session.execute(select(Enrolment.group_id, func.max(FollowUp.contact_date))
                         .join(Enrolment, Enrolment.id == FollowUp.enrolment_id)
                         .where(Enrolment.group_id.in_(group_ids)).group_by(Enrolment.group_id)))
    note(session.execute(select(TrainingSession.group_id, func.max(TrainingSession.session_date))
                         .where(TrainingSession.group_id.in_(group_ids)).group_by(TrainingSession.group_id)))
    return latest
