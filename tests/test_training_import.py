"""Importing enrolment and attendance lists from real XLSX and CSV files: the preview names the same problems
by row and column as the import, and writes nothing; the import writes all rows or none, in a number of
statements that does not grow with the rows, and keeps the attendance summaries and the outcome contract."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event, func, select

from db.audit import data_version
from db.engine import session_factory
from db import group_outcomes
from db.models import Attendance, AttendanceMonth, AuditEntry, Enrolment, GroupAttendanceMonth, TrainingSession
from db.services.cohort_import import import_attendance, import_enrolments, preview_attendance, preview_enrolments
from db.services.enrolments import enrol, enrol_participants
from db.services.period_locks import lock_period
from domain.cohort_import import parse_rows, read_table, template_workbook
from domain.errors import ValidationError
from domain.inputs import parse
from domain.training_inputs import EnrolmentInput
from tests.database_refusals import database_refuses
from tests.spreadsheet_files import csv_file, xlsx_file
from tests.factories import ADMIN_ACTOR, COORDINATOR_ACTOR, make_project
from tests.test_attendance_summary import _group_recount, _group_summary, _recount, _summary
from tests.training_factories import make_enrolment, make_group, make_partner, make_participant

ACTOR = COORDINATOR_ACTOR
ENROLMENT_HEADER = ["cohorte", "code_participant", "date_inscription", "raison_depassement"]
ATTENDANCE_HEADER = ["cohorte", "date_seance", "theme", "heures", "code_participant", "present"]
LOCKED_THROUGH = date(2014, 12, 31)


def _rows(content: bytes, filename: str, kind: str):
    rows, file_problems = parse_rows(read_table(content, filename), kind)
    assert file_problems == []
    return rows


@pytest.fixture
def world(session):
    """A project locked through 31/12/2014; VT-CAS-01 (05/01–27/03/2015, 3 places) with CAS-0001 and
    CAS-0002 enrolled; VT-RAB-01 (same dates, 100 places) empty; CAS-0003..CAS-0120 registered only."""
    project = make_project(session)
    partner = make_partner(session)
    small = make_group(session, project, partner)
    large = make_group(session, project, partner, code="VT-RAB-01", city="Rabat", capacity=100, status="planned")
    women = [make_participant(session, project, f"CAS-{i:04d}") for i in range(1, 121)]
    for woman in women[:2]:
        make_enrolment(session, small, woman)
    session.commit()
    with session.begin():
        lock_period(session, actor=ADMIN_ACTOR, project_id=project.id, locked_through=LOCKED_THROUGH, reason="CoPil")
    return project, small, large, women


def _state(session):
    """Everything an import could write, and the data version."""
    session.expire_all()
    state = tuple(session.scalar(select(func.count()).select_from(m)) for m in (
        Enrolment, TrainingSession, Attendance, AttendanceMonth, GroupAttendanceMonth, AuditEntry)) + (
        data_version(session),)
    session.rollback()
    return state


@pytest.fixture
def touched(monkeypatch) -> set[int]:
    """The training groups the writes hand to `group_outcomes.touch` (which still does its job)."""
    groups: set[int] = set()
    touch = group_outcomes.touch

    def spy(session, group_ids):
        group_ids = list(group_ids)
        groups.update(group_ids)
        touch(session, group_ids)

    monkeypatch.setattr(group_outcomes, "touch", spy)
    return groups


@contextmanager
def _statements(engine):
    """Count the statements sent to the database while the block runs."""
    sent: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", count)


# --- enrolments ---------------------------------------------------------------------------------------------

def test_a_valid_enrolment_xlsx_enrols_every_row_with_an_audit_entry_each(session, world, tmp_path, touched):
    project, small, large, women = world
    rows = _rows(xlsx_file(tmp_path / "inscriptions.xlsx", [
        ENROLMENT_HEADER,
        ["VT-RAB-01", "CAS-0003", "05/01/2015", None],
        ["vt-rab-01", "cas-0004", date(2015, 1, 6), None],
        ["VT-CAS-01", "CAS-0005", "07/01/2015", ""],
    ]), "inscriptions.xlsx", "enrolments")
    with session.begin():
        assert import_enrolments(session, actor=ACTOR, project_id=project.id, rows=rows) == 3
    assert touched == {small.id, large.id}
    session.expire_all()
    assert sorted(session.execute(select(Enrolment.group_id, Enrolment.participant_id, Enrolment.enrolled_on,
                                         Enrolment.status, Enrolment.version)
                                  .where(Enrolment.participant_id.in_([w.id for w in women[2:5]])))) == sorted([
        (large.id, women[2].id, date(2015, 1, 5), "enrolled", 1), (large.id, women[3].id, date(2015, 1, 6), "enrolled", 1),
        (small.id, women[4].id, date(2015, 1, 7), "enrolled", 1)])
    assert session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "enrol")) == 3


def _bad_enrolments(tmp_path) -> list:
    return _rows(csv_file(tmp_path / "inscriptions.csv", [
        ENROLMENT_HEADER,
        ["VT-CAS-01", "CAS-0003", "05/01/2015", ""],        # 2: fine, takes the last place
        ["VT-CAS-99", "CAS-0004", "05/01/2015", ""],        # 3: no such cohort
        ["VT-CAS-01", "CAS-0999", "05/01/2015", ""],        # 4: no such participant
        ["VT-CAS-01", "CAS-0001", "05/01/2015", ""],        # 5: already enrolled (register), and full
        ["VT-RAB-01", "CAS-0006", "05/01/2015", ""],        # 6: fine
        ["VT-RAB-01", "CAS-0006", "06/01/2015", ""],        # 7: enrolled by row 6
        ["VT-CAS-01", "CAS-0007", "06/01/2015", ""],        # 8: cohort full since row 2, no reason
        ["VT-CAS-01", "CAS-0008", "06/01/2015", "Sœur d'une participante"],  # 9: full, with a reason
        ["VT-RAB-01", "CAS-0009", "15/04/2015", ""],        # 10: after the cohort's end
        ["VT-RAB-01", "CAS-0010", "15/12/2014", ""],        # 11: inside the locked period
        ["VT-RAB-01", "CAS-0011", "31/02/2015", ""],        # 12: no such date
    ]), "inscriptions.csv", "enrolments")


def test_the_enrolment_preview_names_each_bad_row_as_the_import_does_and_writes_nothing(session, world, tmp_path):
    project = world[0]
    rows = _bad_enrolments(tmp_path)
    before = _state(session)
    preview = preview_enrolments(session, actor=ACTOR, project_id=project.id, rows=rows)
    session.rollback()
    assert _state(session) == before
    assert [(p.params["row"], p.field, p.key) for p in preview.problems] == [
        (3, "3:cohorte", "error.import_unknown_group"),
        (4, "4:code_participant", "error.import_unknown_participant"),
        (5, "5:code_participant", "error.enrolment_duplicate"),
        (5, "5:raison_depassement", "error.enrolment_over_capacity"),  # the form says both too
        (7, "7:code_participant", "error.enrolment_duplicate"),
        (8, "8:raison_depassement", "error.enrolment_over_capacity"),
        (10, "10:date_inscription", "error.enrolment_after_group_end"),
        (11, "11:date_inscription", "error.period_locked"),
        (12, "12:date_inscription", "error.import_bad_date"),
    ]
    assert preview.counts == {}
    with pytest.raises(ValidationError) as refused, session.begin():
        import_enrolments(session, actor=ACTOR, project_id=project.id, rows=rows)
    assert refused.value.problems == preview.problems
    assert _state(session) == before


def test_the_preview_of_a_valid_enrolment_file_says_what_the_import_then_writes(session, world, tmp_path):
    project = world[0]
    rows = _rows(xlsx_file(tmp_path / "inscriptions.xlsx", [ENROLMENT_HEADER] + [
        ["VT-RAB-01", f"CAS-{i:04d}", "05/01/2015", None] for i in range(3, 13)] + [
        ["VT-CAS-01", "CAS-0013", "05/01/2015", None], ["VT-CAS-01", "CAS-0014", "05/01/2015", "Remplace une absente"]]),
        "inscriptions.xlsx", "enrolments")
    before = _state(session)
    seen = []
    preview = preview_enrolments(session, actor=ACTOR, project_id=project.id, rows=rows,
                                 progress=lambda done, total: seen.append((done, total)))
    session.rollback()
    assert _state(session) == before and preview.problems == [] and seen[-1] == (12, 12)
    assert preview.counts == {"enrolments": 12, "groups": 2, "over_capacity": 1}
    with session.begin():
        assert import_enrolments(session, actor=ACTOR, project_id=project.id, rows=rows) == 12
    session.expire_all()
    assert session.scalar(select(Enrolment.over_capacity_reason).where(
        Enrolment.over_capacity_reason.is_not(None))) == "Remplace une absente"


def test_a_list_enrolled_at_once_meets_the_same_refusals_as_the_form_one_by_one(session, world):
    """Places, duplicates and dates counted along the list as if each row were enrolled by the form in turn."""
    project, small, large, women = world
    requests = [(small.id, women[2]), (small.id, women[3]), (large.id, women[3]), (large.id, women[3]),
                (small.id, women[4]), (large.id, women[0]), (small.id, women[0])]
    given = [(g, parse(EnrolmentInput, participant_id=w.id, enrolled_on=date(2015, 1, 5))) for g, w in requests]
    one_by_one = set()
    with session.begin():
        for index, (group_id, one) in enumerate(given):
            try:
                enrol(session, actor=ACTOR, group_id=group_id, given=one)
            except ValidationError as refused:
                one_by_one |= {(index, p.field, p.key) for p in refused.problems}
        session.rollback()
    with pytest.raises(ValidationError) as refused, session.begin():
        enrol_participants(session, actor=ACTOR, requests=given, on_input=lambda index, problems: [
            p.__class__(f"{index}:{p.field}", p.key, p.params) for p in problems])
    batch = {(int(p.field.split(":")[0]), p.field.split(":")[1], p.key) for p in refused.value.problems}
    assert batch == one_by_one == {(1, "over_capacity_reason", "error.enrolment_over_capacity"),
                                   (3, "participant_id", "error.enrolment_duplicate"),
                                   (4, "over_capacity_reason", "error.enrolment_over_capacity"),
                                   (6, "participant_id", "error.enrolment_duplicate"),
                                   (6, "over_capacity_reason", "error.enrolment_over_capacity")}


# --- attendance ---------------------------------------------------------------------------------------------

def test_a_valid_attendance_xlsx_records_its_sessions_and_keeps_the_summaries_right(session, world, tmp_path,
                                                                                   touched):
    project, small, large, women = world
    with session.begin():
        import_enrolments(session, actor=ACTOR, project_id=project.id, rows=_rows(xlsx_file(
            tmp_path / "inscriptions.xlsx", [ENROLMENT_HEADER] + [["VT-RAB-01", w.code, "05/01/2015", None]
                                                                  for w in women[2:6]]),
            "inscriptions.xlsx", "enrolments"))
    table = [ATTENDANCE_HEADER]
    for day, topic in ((date(2015, 1, 12), "Mesures"), (date(2015, 2, 2), "Patronage"), (date(2015, 2, 9), "Coupe")):
        table += [["VT-CAS-01", day, topic, "3,5", w.code, "oui" if i else "non"] for i, w in enumerate(women[:2])]
        table += [["VT-RAB-01", day, topic, 4, w.code, "x" if i % 3 else ""] for i, w in enumerate(women[2:6])]
    rows = _rows(xlsx_file(tmp_path / "presences.xlsx", table), "presences.xlsx", "attendance")
    before = _state(session)
    preview = preview_attendance(session, actor=ACTOR, project_id=project.id, rows=rows)
    session.rollback()
    assert _state(session) == before
    assert preview.problems == [] and preview.counts == {"sessions": 6, "marks": 18}
    touched.clear()
    with session.begin():
        assert import_attendance(session, actor=ACTOR, project_id=project.id, rows=rows) == 6
    assert touched == {small.id, large.id}
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Attendance)) == 18
    assert _summary(session) == _recount(session) and _group_summary(session) == _group_recount(session)
    assert _summary(session)  # not trivially empty
    assert session.get(type(large), large.id).status == "open"  # a planned cohort opens at its first session
    assert session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "record_session")) == 6


def test_the_attendance_preview_names_each_bad_row_as_the_import_does_and_writes_nothing(session, world, tmp_path):
    project, _small, _large, women = world
    rows = _rows(csv_file(tmp_path / "presences.csv", [
        ATTENDANCE_HEADER,
        ["VT-CAS-01", "12/01/2015", "Mesures", "3,5", "CAS-0001", "oui"],   # 2: session of rows 2-4
        ["VT-CAS-01", "12/01/2015", "Mesures", "3,5", "CAS-0002", "non"],   # 3
        ["VT-CAS-01", "12/01/2015", "Mesures", "3,5", "CAS-0050", "oui"],   # 4: registered, not enrolled
        ["VT-CAS-01", "19/01/2015", "Coupe", "4", "CAS-0001", "oui"],       # 5: CAS-0002 missing
        ["VT-CAS-01", "15/12/2014", "Ourlets", "4", "CAS-0001", "oui"],     # 6: locked and before the cohort
        ["VT-CAS-01", "15/12/2014", "Ourlets", "4", "CAS-0002", "oui"],     # 7
        ["VT-CAS-01", "26/01/2015", "Broderie", "4", "CAS-0001", "peut-être"],  # 8: no yes/no
    ]), "presences.csv", "attendance")
    before = _state(session)
    preview = preview_attendance(session, actor=ACTOR, project_id=project.id, rows=rows)
    session.rollback()
    assert _state(session) == before
    assert [(p.params["row"], p.field, p.key) for p in preview.problems] == [
        (4, "4:code_participant", "error.session_not_enrolled"),
        (5, "5:code_participant", "error.session_attendance_missing"),
        (6, "6:date_seance", "error.session_date_outside_group"),
        (6, "6:date_seance", "error.period_locked"),
        (8, "8:present", "error.import_bad_yes_no"),
    ]
    assert preview.problems[0].params["codes"] == "CAS-0050" and preview.problems[1].params["codes"] == "CAS-0002"
    with pytest.raises(ValidationError) as refused, session.begin():
        import_attendance(session, actor=ACTOR, project_id=project.id, rows=rows)
    assert refused.value.problems == preview.problems
    assert _state(session) == before


def test_a_session_already_recorded_is_refused_on_its_first_row(session, world, tmp_path):
    project = world[0]
    table = [ATTENDANCE_HEADER, ["VT-CAS-01", "12/01/2015", "Mesures", "3,5", "CAS-0001", "oui"],
             ["VT-CAS-01", "12/01/2015", "Mesures", "3,5", "CAS-0002", "oui"]]
    rows = _rows(xlsx_file(tmp_path / "presences.xlsx", table), "presences.xlsx", "attendance")
    with session.begin():
        import_attendance(session, actor=ACTOR, project_id=project.id, rows=rows)
    before = _state(session)
    preview = preview_attendance(session, actor=ACTOR, project_id=project.id, rows=rows)
    session.rollback()
    assert [(p.field, p.key) for p in preview.problems] == [("2:theme", "error.session_exists")]
    with pytest.raises(ValidationError) as refused, session.begin():
        import_attendance(session, actor=ACTOR, project_id=project.id, rows=rows)
    assert refused.value.problems == preview.problems and _state(session) == before


# --- cost that does not grow with the rows ------------------------------------------------------------------

def _enrolment_file(tmp_path, women) -> list:
    return _rows(xlsx_file(tmp_path / f"inscriptions-{len(women)}.xlsx", [ENROLMENT_HEADER] + [
        ["VT-RAB-01", w.code, "05/01/2015", None] for w in women]), "inscriptions.xlsx", "enrolments")


def _cost(engine, call) -> int:
    """Statements sent by `call(session)` in a transaction of a fresh session, then rolled back."""
    with session_factory(engine)() as fresh, _statements(engine) as sent:
        fresh.begin()
        try:
            call(fresh)
        finally:
            fresh.rollback()
    return len(sent)


def test_the_enrolment_import_and_preview_cost_as_many_statements_for_100_rows_as_for_10(engine, session, world,
                                                                                          tmp_path):
    project, _small, _large, women = world
    few, many = _enrolment_file(tmp_path, women[10:20]), _enrolment_file(tmp_path, women[20:120])

    def previewed(rows):
        return lambda s: preview_enrolments(s, actor=ACTOR, project_id=project.id, rows=rows)

    def imported(rows):
        return lambda s: import_enrolments(s, actor=ACTOR, project_id=project.id, rows=rows)

    assert _cost(engine, previewed(few)) == _cost(engine, previewed(many))
    assert _cost(engine, imported(few)) == _cost(engine, imported(many)) <= 20


def test_the_attendance_import_and_preview_cost_as_many_statements_for_100_rows_as_for_10(engine, session, world,
                                                                                           tmp_path):
    """10 rows: 2 sessions of a cohort of 5; 100 rows: 10 sessions of a cohort of 10 (all in one month)."""
    project, _small, _large, women = world
    partner = make_partner(session, name="Fondation Orient-Occident", city="Tanger")
    files = {}
    for code, members, sessions in (("VT-TAN-01", women[60:65], 2), ("VT-TAN-02", women[70:80], 10)):
        group = make_group(session, project, partner, code=code, city="Tanger", capacity=20)
        for w in members:
            make_enrolment(session, group, w, enrolled_on=date(2015, 1, 5))
        table = [ATTENDANCE_HEADER] + [[code, date(2015, 2, 2 + s), f"Module {s}", 4, w.code, (s + i) % 2]
                                       for s in range(sessions) for i, w in enumerate(members)]
        files[len(table) - 1] = _rows(xlsx_file(tmp_path / f"{code}.xlsx", table), "presences.xlsx", "attendance")
    session.commit()

    def costs(rows):
        return (_cost(engine, lambda s: preview_attendance(s, actor=ACTOR, project_id=project.id, rows=rows)),
                _cost(engine, lambda s: import_attendance(s, actor=ACTOR, project_id=project.id, rows=rows)))

    assert sorted(files) == [10, 100]
    assert costs(files[10]) == costs(files[100])
    assert costs(files[100])[1] <= 30


# --- template -----------------------------------------------------------------------------------------------

def test_the_enrolment_template_is_an_xlsx_whose_example_row_parses_cleanly():
    rows, problems = parse_rows(read_table(template_workbook("enrolments"), "modele.xlsx"), "enrolments")
    assert problems == [] and rows[0].problems == [] and rows[0].values["date_inscription"] == date(2014, 12, 20)
    assert set(rows[0].values) == set(ENROLMENT_HEADER)


# --- a refusal of the database itself -----------------------------------------------------------------------

def _database_refuses(session, table: str, participant_id: int | None = None, enrolment_id: int | None = None):
    """The database refuses rows of `table` for one participant (enrolment) or one enrolment (attendance)."""
    column, value = ("participant_id", participant_id) if participant_id else ("enrolment_id", enrolment_id)
    return database_refuses(session, table, f"NEW.{column} = {value}")


def test_an_enrolment_the_database_refuses_is_named_by_its_row_and_nothing_is_written(session, world, tmp_path):
    project, _small, _large, women = world
    rows = _enrolment_file(tmp_path, women[2:6])
    with _database_refuses(session, "enrolment", participant_id=women[4].id):
        before = _state(session)
        with pytest.raises(ValidationError) as refused, session.begin():
            import_enrolments(session, actor=ACTOR, project_id=project.id, rows=rows)
        assert [(p.field, p.key) for p in refused.value.problems] == [("4:ligne", "error.import_row_refused")]
        assert _state(session) == before


def test_a_mark_the_database_refuses_is_named_on_its_sessions_first_row_and_nothing_is_written(session, world,
                                                                                             tmp_path):
    project, small, _large, women = world
    refused_enrolment = session.scalar(select(Enrolment.id).where(Enrolment.participant_id == women[1].id))
    session.rollback()
    rows = _rows(xlsx_file(tmp_path / "presences.xlsx", [
        ATTENDANCE_HEADER,
        ["VT-CAS-01", "12/01/2015", "Mesures", 4, "CAS-0001", "oui"], ["VT-CAS-01", "12/01/2015", "Mesures", 4, "CAS-0002", "oui"],
        ["VT-CAS-01", "19/01/2015", "Coupe", 4, "CAS-0001", "oui"], ["VT-CAS-01", "19/01/2015", "Coupe", 4, "CAS-0002", "non"],
    ]), "presences.xlsx", "attendance")
    with _database_refuses(session, "attendance", enrolment_id=refused_enrolment):
        before = _state(session)
        with pytest.raises(ValidationError) as refused, session.begin():
            import_attendance(session, actor=ACTOR, project_id=project.id, rows=rows)
        assert [(p.field, p.key) for p in refused.value.problems] == [
            ("2:ligne", "error.import_row_refused"), ("4:ligne", "error.import_row_refused")]
        assert _state(session) == before
