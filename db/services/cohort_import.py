"""Importing participant and attendance lists: every row parsed into the same typed input and checked by
the same service as the forms, all of it in the caller's one transaction; one refusal lists the problems
of every row. A row the database itself refuses (a constraint the services did not foresee) is reported as
that row's problem, the other rows still checked; nothing is written unless every row is accepted."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.engine import begin_for_savepoints
from db.models import Participant, TrainingGroup
from db.services.participants import register_participant
from db.services.training_sessions import record_session
from db.transactions import is_retryable
from domain.cohort_import import ImportRow
from domain.errors import Problem, ValidationError, check
from domain.inputs import parse
from domain.participant_inputs import ParticipantInput
from domain.training_inputs import SessionInput

T = TypeVar("T")
log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
# The import's columns, by the service's field names, so a refusal points at the spreadsheet column.
PARTICIPANT_FIELDS = {"city": "ville", "sex": "sexe", "nationality": "nationalite",
                      "registered_on": "date_enregistrement", "birth_year": "annee_naissance",
                      "children_count": "nombre_enfants", "year_regularized": "annee_regularisation",
                      "consent_recorded": "consentement", "consent_date": "consentement",
                      "full_name": "nom_complet", "phone": "telephone", "__row__": "ligne"}
SESSION_FIELDS = {"session_date": "date_seance", "topic": "theme", "hours": "heures", "marks": "code_participant",
                  "group": "cohorte", "__row__": "ligne"}


def _on_row(number: int, problems: Sequence[Problem], columns: dict[str, str]) -> list[Problem]:
    """Tag problems with the spreadsheet row and column they concern (field becomes 'row:column')."""
    return [replace(p, field=f"{number}:{columns.get(p.field, p.field)}", params={**p.params, "row": number})
            for p in problems]


def _row_write(session: Session, write: Callable[[], T]) -> T:
    """Write one row inside a savepoint: a constraint the database enforces rolls back that row only and
    comes back as a ValidationError of the row; a collision with another writer still aborts the whole
    import (the transaction runner retries it)."""
    begin_for_savepoints(session)  # pysqlite would commit the row when its savepoint is released
    try:
        with session.begin_nested():
            return write()
    except (IntegrityError, DataError) as refused:
        if is_retryable(refused):
            raise
        log.warning("database refused an imported row: %s", refused.orig)
        raise ValidationError([Problem("__row__", "error.import_row_refused")]) from None


def import_participants(session: Session, *, actor: Actor, project_id: int, rows: Sequence[ImportRow],
                        progress: Progress | None = None) -> list[Participant]:
    """Register every row, or nothing: one ValidationError names each bad row and column."""
    require_role(actor, ADMIN, COORDINATOR)
    problems: list[Problem] = []
    written: list[Participant] = []
    for index, row in enumerate(rows, start=1):
        if row.problems:
            problems += _on_row(row.number, row.problems, {})
        else:
            v = row.values
            try:
                given = parse(ParticipantInput, sex=v["sexe"], nationality=v["nationalite"], city=v["ville"],
                              registered_on=v["date_enregistrement"], birth_year=v.get("annee_naissance"),
                              children_count=v.get("nombre_enfants") or 0,
                              year_regularized=v.get("annee_regularisation"),
                              consent_recorded=bool(v.get("consentement")), full_name=v.get("nom_complet"),
                              phone=v.get("telephone"), confirm_duplicate=bool(v.get("doublon_confirme")))
                written.append(_row_write(session, lambda: register_participant(
                    session, actor=actor, project_id=project_id, given=given)))
            except ValidationError as refused:
                problems += _on_row(row.number, refused.problems, PARTICIPANT_FIELDS)
        if progress:
            progress(index, len(rows))
    check(problems)
    return written


def import_attendance(session: Session, *, actor: Actor, project_id: int, rows: Sequence[ImportRow],
                      progress: Progress | None = None) -> int:
    """Record one session per (cohort, date, topic) with the marks of its rows; returns the sessions written."""
    require_role(actor, ADMIN, COORDINATOR)
    problems: list[Problem] = []
    groups = dict(session.execute(select(TrainingGroup.code, TrainingGroup.id)
                                  .where(TrainingGroup.project_id == project_id)).all())
    people = dict(session.execute(select(Participant.code, Participant.id)
                                  .where(Participant.project_id == project_id)).all())
    sessions: dict[tuple, list[ImportRow]] = {}
    for row in rows:
        row_problems = list(row.problems)
        v = row.values
        if v.get("cohorte") and v["cohorte"].upper() not in groups:
            row_problems.append(Problem("cohorte", "error.import_unknown_group", {"code": v["cohorte"]}))
        if v.get("code_participant") and v["code_participant"].upper() not in people:
            row_problems.append(Problem("code_participant", "error.import_unknown_participant",
                                        {"code": v["code_participant"]}))
        if row_problems:
            problems += _on_row(row.number, row_problems, {})
            continue
        sessions.setdefault((v["cohorte"].upper(), v["date_seance"], v["theme"]), []).append(row)
    for index, ((code, day, topic), members) in enumerate(sessions.items(), start=1):
        hours = {m.values["heures"] for m in members}
        if len(hours) > 1:
            problems += [p for m in members for p in _on_row(
                m.number, [Problem("heures", "error.import_hours_differ")], {})]
            continue
        marks: dict[int, bool] = {}
        repeated = []
        for member in members:
            person = people[member.values["code_participant"].upper()]
            if person in marks:
                repeated.append(member)
            marks[person] = member.values["present"]
        if repeated:
            problems += [p for m in repeated for p in _on_row(
                m.number, [Problem("code_participant", "error.import_repeated_participant")], {})]
            continue
        try:
            given = parse(SessionInput, session_date=day, topic=topic, hours=hours.pop(), marks=marks)
            _row_write(session, lambda: record_session(session, actor=actor, group_id=groups[code], given=given))
        except ValidationError as refused:
            problems += [p for m in members[:1] for p in _on_row(m.number, refused.problems, SESSION_FIELDS)]
        if progress:
            progress(index, len(sessions))
    check(problems)
    return len(sessions)
