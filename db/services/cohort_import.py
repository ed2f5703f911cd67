"""Importing participant and attendance lists: every row parsed into the same typed input and checked by
the same service as the forms, all of it in the caller's one transaction; one refusal lists the problems
of every row. A row the database itself refuses (a constraint the services did not foresee) is reported as
that row's problem, the other rows still checked; nothing is written unless every row is accepted."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.engine import begin_for_savepoints
from db.models import Participant, TrainingGroup
from db.services.participants import admit_participants, register_participants
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


def _participant_inputs(rows: Sequence[ImportRow], progress: Progress | None = None
                        ) -> tuple[list[tuple[ImportRow, ParticipantInput]], list[Problem]]:
    """Each row's typed input (the form's), or its problems named by row and column."""
    problems: list[Problem] = []
    typed: list[tuple[ImportRow, ParticipantInput]] = []
    for index, row in enumerate(rows, start=1):
        if row.problems:
            problems += _on_row(row.number, row.problems, {})
            continue
        v = row.values
        try:
            typed.append((row, parse(ParticipantInput, sex=v["sexe"], nationality=v["nationalite"], city=v["ville"],
                                     registered_on=v["date_enregistrement"], birth_year=v.get("annee_naissance"),
                                     children_count=v.get("nombre_enfants") or 0,
                                     year_regularized=v.get("annee_regularisation"),
                                     consent_recorded=bool(v.get("consentement")), full_name=v.get("nom_complet"),
                                     phone=v.get("telephone"), confirm_duplicate=bool(v.get("doublon_confirme")))))
        except ValidationError as refused:
            problems += _on_row(row.number, refused.problems, PARTICIPANT_FIELDS)
        if progress and (index % 500 == 0 or index == len(rows)):
            progress(index, len(rows))
    return typed, problems


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do, found without writing: each refused row's problems (named by row and
    column) and, when none, how many participants each code series would receive, first and last code."""

    total: int
    problems: list[Problem]
    codes: dict[str, tuple[int, str, str]]  # code series (CAS-) -> (how many, first code, last code)


def preview_participants(session: Session, *, actor: Actor, project_id: int, rows: Sequence[ImportRow],
                         progress: Progress | None = None) -> ImportPreview:
    """The import's checks, the same as `import_participants` makes, reading only. A refusal of the
    database itself (a constraint no rule foresaw) shows only at the import."""
    require_role(actor, ADMIN, COORDINATOR)
    half = progress and (lambda done, total: progress(done, 2 * total))
    typed, problems = _participant_inputs(rows, half)
    admission = admit_participants(session, project_id=project_id, given=[g for _row, g in typed],
                                   progress=progress and (lambda done, total: progress(len(rows) + done, 2 * len(rows))))
    for (row, _given), refused in zip(typed, admission.problems):
        problems += _on_row(row.number, refused, PARTICIPANT_FIELDS)
    codes: dict[str, tuple[int, str, str]] = {}
    for code in admission.codes if not problems else []:
        stem = code.rsplit("-", 1)[0] + "-"
        count, first, _last = codes.get(stem, (0, code, code))
        codes[stem] = (count + 1, first, code)
    return ImportPreview(len(rows), sorted(problems, key=lambda p: p.params["row"]), codes)


def import_participants(session: Session, *, actor: Actor, project_id: int, rows: Sequence[ImportRow],
                        progress: Progress | None = None) -> list[Participant]:
    """Register every row, or nothing: one ValidationError names each bad row and column. The rules are the
    form's (`register_participants`), checked for all rows at once; a row the database itself refuses is
    named too."""
    require_role(actor, ADMIN, COORDINATOR)
    typed, problems = _participant_inputs(rows)
    written: list[Participant] = []
    try:
        written = register_participants(session, actor=actor, project_id=project_id, given=[g for _r, g in typed],
                                        on_input=lambda i, found: _on_row(typed[i][0].number, found, PARTICIPANT_FIELDS),
                                        progress=progress)
    except ValidationError as refused:
        problems += refused.problems
    check(sorted(problems, key=lambda p: p.params["row"]))
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
