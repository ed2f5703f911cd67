"""Importing participant, enrolment and attendance lists: every row parsed into the same typed input and
checked by the same rules as the forms (read once for all rows), all of it in the caller's one transaction;
one refusal lists the problems of every row. The previews run those rules reading only. A row the database
itself refuses (a constraint the rules did not foresee) is reported as that row's problem; nothing is
written unless every row is accepted."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.models import Participant, TrainingGroup
from db.services.enrolments import EnrolmentAdmission, admit_enrolments, enrol_participants
from db.services.participants import admit_participants, register_participants
from db.services.training_sessions import admit_sessions, record_sessions
from domain.cohort_import import ImportRow
from domain.errors import Problem, ValidationError, check
from domain.inputs import parse
from domain.participant_inputs import ParticipantInput
from domain.training_inputs import EnrolmentInput, SessionInput

Progress = Callable[[int, int], None]
# The import's columns, by the service's field names, so a refusal points at the spreadsheet column.
PARTICIPANT_FIELDS = {"city": "ville", "sex": "sexe", "nationality": "nationalite",
                      "registered_on": "date_enregistrement", "birth_year": "annee_naissance",
                      "children_count": "nombre_enfants", "year_regularized": "annee_regularisation",
                      "consent_recorded": "consentement", "consent_date": "consentement",
                      "full_name": "nom_complet", "phone": "telephone", "__row__": "ligne"}
ENROLMENT_FIELDS = {"participant_id": "code_participant", "enrolled_on": "date_inscription",
                    "over_capacity_reason": "raison_depassement", "group": "cohorte", "__row__": "ligne"}
SESSION_FIELDS = {"session_date": "date_seance", "topic": "theme", "hours": "heures", "marks": "code_participant",
                  "group": "cohorte", "__row__": "ligne"}


def _on_row(number: int, problems: Sequence[Problem], columns: dict[str, str]) -> list[Problem]:
    """Tag problems with the spreadsheet row and column they concern (field becomes 'row:column')."""
    return [replace(p, field=f"{number}:{columns.get(p.field, p.field)}", params={**p.params, "row": number})
            for p in problems]


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
    column) and, when none, what would be written: for participants, how many each code series would
    receive, first and last code; for enrolments and attendance, counts by what they are."""

    total: int
    problems: list[Problem]
    codes: dict[str, tuple[int, str, str]]  # code series (CAS-) -> (how many, first code, last code)
    counts: dict[str, int] = field(default_factory=dict)  # e.g. {"sessions": 12, "marks": 240}


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


def _lookups(session: Session, project_id: int) -> tuple[dict[str, int], dict[str, int]]:
    """The project's cohorts and participants by code (upper case), each read in one statement."""
    groups = dict(session.execute(select(func.upper(TrainingGroup.code), TrainingGroup.id)
                                  .where(TrainingGroup.project_id == project_id)).all())
    people = dict(session.execute(select(func.upper(Participant.code), Participant.id)
                                  .where(Participant.project_id == project_id)).all())
    return groups, people


def _unknown(row: ImportRow, groups: dict[str, int], people: dict[str, int]) -> list[Problem]:
    """The row's own problems and the codes of cohort and participant that name nobody in the project."""
    v, problems = row.values, list(row.problems)
    if v.get("cohorte") and str(v["cohorte"]).upper() not in groups:
        problems.append(Problem("cohorte", "error.import_unknown_group", {"code": v["cohorte"]}))
    if v.get("code_participant") and str(v["code_participant"]).upper() not in people:
        problems.append(Problem("code_participant", "error.import_unknown_participant",
                                {"code": v["code_participant"]}))
    return problems


def _enrolment_requests(session: Session, project_id: int, rows: Sequence[ImportRow]
                        ) -> tuple[list[tuple[ImportRow, tuple[int, EnrolmentInput]]], list[Problem]]:
    """Each row as the form's request (cohort id, typed input), or its problems named by row and column."""
    groups, people = _lookups(session, project_id)
    typed: list[tuple[ImportRow, tuple[int, EnrolmentInput]]] = []
    problems: list[Problem] = []
    for row in rows:
        found = _unknown(row, groups, people)
        if found:
            problems += _on_row(row.number, found, {})
            continue
        v = row.values
        try:
            typed.append((row, (groups[v["cohorte"].upper()], parse(
                EnrolmentInput, participant_id=people[v["code_participant"].upper()],
                enrolled_on=v["date_inscription"], over_capacity_reason=v.get("raison_depassement")))))
        except ValidationError as refused:
            problems += _on_row(row.number, refused.problems, ENROLMENT_FIELDS)
    return typed, problems


def _enrolment_check(session: Session, project_id: int, rows: Sequence[ImportRow], progress: Progress | None
                     ) -> tuple[list[tuple[ImportRow, tuple[int, EnrolmentInput]]], list[Problem], EnrolmentAdmission]:
    """Every problem of the enrolment rows, found by reading only (the rules of `admit_enrolments`)."""
    typed, problems = _enrolment_requests(session, project_id, rows)
    admission = admit_enrolments(session, requests=[r for _row, r in typed], progress=progress)
    for (row, _request), refused in zip(typed, admission.problems):
        problems += _on_row(row.number, refused, ENROLMENT_FIELDS)
    return typed, sorted(problems, key=_row_order), admission


def _row_order(problem: Problem) -> int:
    return problem.params["row"]


def preview_enrolments(session: Session, *, actor: Actor, project_id: int, rows: Sequence[ImportRow],
                       progress: Progress | None = None) -> ImportPreview:
    """The enrolment import's checks, the same as `import_enrolments` makes, reading only; when none
    fails, how many enrolments in how many cohorts, and how many beyond a cohort's capacity (with reason)."""
    require_role(actor, ADMIN, COORDINATOR)
    typed, problems, admission = _enrolment_check(session, project_id, rows, progress)
    counts = {} if problems else {"enrolments": len(typed), "groups": len({g for _r, (g, _i) in typed}),
                                  "over_capacity": sum(admission.over_capacity)}
    return ImportPreview(len(rows), problems, {}, counts)


def import_enrolments(session: Session, *, actor: Actor, project_id: int, rows: Sequence[ImportRow],
                      progress: Progress | None = None) -> int:
    """Enrol every row's participant in its cohort, or nobody: one ValidationError names each bad row and
    column. The rules are the form's (`enrol_participants`), checked for all rows at once. Returns how
    many enrolments were written."""
    require_role(actor, ADMIN, COORDINATOR)
    typed, problems = _enrolment_requests(session, project_id, rows)
    if problems:  # refused anyway: name the other rows' problems too, writing nothing
        check(_enrolment_check(session, project_id, rows, progress)[1])
    return len(enrol_participants(
        session, actor=actor, requests=[r for _row, r in typed], progress=progress,
        on_input=lambda i, found: _on_row(typed[i][0].number, found, ENROLMENT_FIELDS)))


@dataclass(frozen=True)
class _SessionRows:
    """The rows of one imported session (their order in the file) and the session they make."""

    members: list[ImportRow]
    request: tuple[int, SessionInput]


def _session_requests(session: Session, project_id: int, rows: Sequence[ImportRow]
                      ) -> tuple[list[_SessionRows], list[Problem]]:
    """The rows grouped into one session per (cohort, date, topic) with its marks, as the form gives it;
    or the rows' problems (unknown codes, different hours in one session, a participant twice)."""
    groups, people = _lookups(session, project_id)
    problems: list[Problem] = []
    grouped: dict[tuple, list[ImportRow]] = {}
    for row in rows:
        found = _unknown(row, groups, people)
        if found:
            problems += _on_row(row.number, found, {})
            continue
        v = row.values
        grouped.setdefault((v["cohorte"].upper(), v["date_seance"], v["theme"]), []).append(row)
    sessions: list[_SessionRows] = []
    for (code, day, topic), members in grouped.items():
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
        except ValidationError as refused:
            problems += _on_row(members[0].number, refused.problems, SESSION_FIELDS)
            continue
        sessions.append(_SessionRows(members, (groups[code], given)))
    return sessions, problems


def _on_session(rows: _SessionRows, problems: Sequence[Problem]) -> list[Problem]:
    """A session's problems named by row: a mark for someone not enrolled on the row of that mark, the
    others on the session's first row."""
    named: list[Problem] = []
    for problem in problems:
        strangers = set(problem.params.get("codes", "").split(", "))
        marked = [m for m in rows.members if str(m.values["code_participant"]).upper() in strangers]
        if problem.key == "error.session_not_enrolled" and marked:
            named += [p for m in marked for p in _on_row(
                m.number, [Problem("code_participant", problem.key, {"codes": m.values["code_participant"]})], {})]
        else:
            named += _on_row(rows.members[0].number, [problem], SESSION_FIELDS)
    return named


def _attendance_check(session: Session, project_id: int, rows: Sequence[ImportRow], progress: Progress | None
                      ) -> tuple[list[_SessionRows], list[Problem]]:
    """Every problem of the attendance rows, found by reading only (the rules of `admit_sessions`)."""
    sessions, problems = _session_requests(session, project_id, rows)
    admission = admit_sessions(session, requests=[s.request for s in sessions], progress=progress)
    for rows_of, refused in zip(sessions, admission.problems):
        problems += _on_session(rows_of, refused)
    return sessions, sorted(problems, key=_row_order)


def preview_attendance(session: Session, *, actor: Actor, project_id: int, rows: Sequence[ImportRow],
                       progress: Progress | None = None) -> ImportPreview:
    """The attendance import's checks, the same as `import_attendance` makes, reading only; when none
    fails, how many sessions and marks it would record."""
    require_role(actor, ADMIN, COORDINATOR)
    sessions, problems = _attendance_check(session, project_id, rows, progress)
    counts = {} if problems else {"sessions": len(sessions), "marks": sum(len(s.members) for s in sessions)}
    return ImportPreview(len(rows), problems, {}, counts)


def import_attendance(session: Session, *, actor: Actor, project_id: int, rows: Sequence[ImportRow],
                      progress: Progress | None = None) -> int:
    """Record one session per (cohort, date, topic) with the marks of its rows, all or none; returns the
    sessions written. The rules are the form's (`record_sessions`), checked for all sessions at once."""
    require_role(actor, ADMIN, COORDINATOR)
    sessions, problems = _session_requests(session, project_id, rows)
    if problems:  # refused anyway: name the other rows' problems too, writing nothing
        check(_attendance_check(session, project_id, rows, progress)[1])
    return len(record_sessions(session, actor=actor, requests=[s.request for s in sessions], progress=progress,
                               on_input=lambda i, found: _on_session(sessions[i], found)))
