"""Importing participant and attendance lists from real XLSX and CSV files written in tmp_path."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from domain.errors import ValidationError
from db.models import Attendance, AuditEntry, Participant, Project, TrainingSession
from db.services.cohort_import import import_attendance, import_participants
from domain.cohort_import import parse_decimal, parse_rows, read_table, template_workbook
from tests.database_refusals import database_refuses
from tests.spreadsheet_files import csv_file, xlsx_file
from tests.factories import COORDINATOR_ACTOR
from tests.training_factories import cohort_world

PARTICIPANT_HEADER = ["ville", "sexe", "nationalite", "date_enregistrement", "annee_naissance", "nombre_enfants",
                      "consentement", "nom_complet"]
ATTENDANCE_HEADER = ["cohorte", "date_seance", "theme", "heures", "code_participant", "present"]


def _count(session, model) -> int:
    session.expire_all()
    n = session.scalar(select(func.count()).select_from(model))
    session.rollback()
    return n


def _import(session, kind, content, filename, project_id):
    rows, file_problems = parse_rows(read_table(content, filename), kind)
    assert file_problems == []
    importer = import_participants if kind == "participants" else import_attendance
    with session.begin():
        return importer(session, actor=COORDINATOR_ACTOR, project_id=project_id, rows=rows)


@pytest.fixture
def world(session):
    return cohort_world(session)


def test_a_valid_xlsx_of_participants_imports_every_row(session, world, tmp_path):
    project = world[0]
    content = xlsx_file(tmp_path / "inscrites.xlsx", [
        PARTICIPANT_HEADER,
        ["Rabat", "F", "Sénégal", date(2015, 3, 2), 1989, 2, "oui", "Awa Ndiaye"],
        ["Casablanca", "femme", "CI", "03/03/2015", "1992", "0", "non", None],
        ["Rabat", "F", "Côte d'Ivoire", "04/03/2015", None, 1, "oui", None],
    ])
    written = _import(session, "participants", content, "inscrites.xlsx", project.id)
    assert [p.code for p in written] == ["RAB-0001", "CAS-0003", "RAB-0002"]
    session.expire_all()
    stored = session.scalars(select(Participant).where(Participant.code == "CAS-0003")).one()
    assert (stored.registered_on, stored.birth_year, stored.nationality, stored.consent_recorded) == (
        date(2015, 3, 3), 1992, "CI", False)


def test_a_csv_with_one_bad_row_imports_nothing_and_names_the_row_and_the_problem(session, world, tmp_path):
    project = world[0]
    content = csv_file(tmp_path / "inscrites.csv", [
        PARTICIPANT_HEADER,
        ["Rabat", "F", "SN", "02/03/2015", "1989", "2", "oui", ""],
        ["Rabat", "F", "Atlantide", "31/02/2015", "1990", "1", "oui", ""],
        ["Casablanca", "F", "CM", "05/03/2015", "1991", "0", "oui", ""],
    ])
    rows, _ = parse_rows(read_table(content, "inscrites.csv"), "participants")
    with pytest.raises(ValidationError) as refused, session.begin():
        import_participants(session, actor=COORDINATOR_ACTOR, project_id=project.id, rows=rows)
    assert sorted((p.params["row"], p.field, p.key) for p in refused.value.problems) == [
        (3, "3:date_enregistrement", "error.import_bad_date"),
        (3, "3:nationalite", "error.import_bad_country"),
    ]
    assert _count(session, Participant) == 2 and _count(session, AuditEntry) == 0


def test_a_row_refused_by_the_service_is_named_by_its_spreadsheet_row(session, world, tmp_path):
    project = world[0]
    content = csv_file(tmp_path / "inscrites.csv", [
        PARTICIPANT_HEADER,
        ["Rabat", "F", "SN", "02/03/2015", "1989", "2", "oui", ""],
        ["Rabat", "F", "SN", "02/03/2015", "1930", "2", "oui", ""],
        ["Rabat", "F", "SN", "02/03/2019", "1989", "2", "non", "Awa Ndiaye"],
    ], delimiter=",")
    rows, _ = parse_rows(read_table(content, "inscrites.csv"), "participants")
    with pytest.raises(ValidationError) as refused, session.begin():
        import_participants(session, actor=COORDINATOR_ACTOR, project_id=project.id, rows=rows)
    # A value of the wrong shape is named first; the rules about dates and consent then name the rest.
    assert sorted(p.field for p in refused.value.problems) == [
        "3:annee_naissance", "4:consentement", "4:date_enregistrement"]
    assert _count(session, Participant) == 2


def test_french_decimal_commas_and_dates_are_read(tmp_path):
    content = csv_file(tmp_path / "presences.csv", [ATTENDANCE_HEADER,
                                                ["VT-CAS-01", "12/01/2015", "Mesures", "3,5", "CAS-0001", "oui"]])
    rows, problems = parse_rows(read_table(content, "presences.csv"), "attendance")
    assert problems == [] and rows[0].problems == []
    assert (rows[0].values["heures"], rows[0].values["date_seance"], rows[0].values["present"]) == (
        Decimal("3.5"), date(2015, 1, 12), True)


def test_a_valid_attendance_xlsx_records_each_session_with_its_marks(session, world, tmp_path):
    project = world[0]
    content = xlsx_file(tmp_path / "presences.xlsx", [
        ATTENDANCE_HEADER,
        ["VT-CAS-01", "12/01/2015", "Mesures", "3,5", "CAS-0001", "oui"],
        ["VT-CAS-01", "12/01/2015", "Mesures", "3,5", "CAS-0002", "non"],
        ["VT-CAS-01", date(2015, 1, 19), "Patronage", 4, "CAS-0001", "x"],
        ["VT-CAS-01", date(2015, 1, 19), "Patronage", 4, "CAS-0002", "1"],
    ])
    assert _import(session, "attendance", content, "presences.xlsx", project.id) == 2
    session.expire_all()
    assert sorted((s.session_date, s.hours) for s in session.scalars(select(TrainingSession))) == [
        (date(2015, 1, 12), Decimal("3.50")), (date(2015, 1, 19), Decimal("4.00"))]
    assert sorted(session.scalars(select(Attendance.present))) == [False, True, True, True]


def test_an_attendance_file_with_an_unknown_participant_writes_no_session(session, world, tmp_path):
    project = world[0]
    content = csv_file(tmp_path / "presences.csv", [
        ATTENDANCE_HEADER,
        ["VT-CAS-01", "12/01/2015", "Mesures", "3,5", "CAS-0001", "oui"],
        ["VT-CAS-01", "12/01/2015", "Mesures", "3,5", "CAS-0002", "non"],
        ["VT-CAS-01", "19/01/2015", "Patronage", "4", "CAS-0099", "oui"],
    ])
    rows, _ = parse_rows(read_table(content, "presences.csv"), "attendance")
    with pytest.raises(ValidationError) as refused, session.begin():
        import_attendance(session, actor=COORDINATOR_ACTOR, project_id=project.id, rows=rows)
    assert [(p.params["row"], p.key, p.params.get("code")) for p in refused.value.problems] == [
        (4, "error.import_unknown_participant", "CAS-0099")]
    assert _count(session, TrainingSession) == 0 and _count(session, Attendance) == 0


def test_a_file_without_the_required_columns_is_refused_as_a_whole(tmp_path):
    content = csv_file(tmp_path / "x.csv", [["nom", "age"], ["Awa", "30"]])
    rows, problems = parse_rows(read_table(content, "x.csv"), "participants")
    assert rows == [] and [p.key for p in problems] == ["error.import_missing_columns"]
    assert problems[0].params == {"columns": "ville, sexe, nationalite, date_enregistrement"}


@pytest.mark.parametrize("kind", ["participants", "attendance"])
def test_the_template_is_an_xlsx_whose_example_row_parses_cleanly(kind):
    content = template_workbook(kind)
    assert load_workbook(io.BytesIO(content)).active.max_row == 2
    rows, problems = parse_rows(read_table(content, "modele.xlsx"), kind)
    assert problems == [] and rows[0].problems == []


def test_a_name_longer_than_its_column_is_that_rows_problem_and_never_shown(session, world, tmp_path):
    """The typed input bounds every text by its column, on SQLite (which would store it) as on PostgreSQL."""
    project_id = world[0].id
    before = _count(session, Participant)
    too_long = "Awa " + "N" * 300
    content = csv_file(tmp_path / "inscrites.csv", [
        PARTICIPANT_HEADER,
        ["Rabat", "F", "SN", "02/03/2015", "1989", "2", "oui", "Fatou Diop"],
        ["Rabat", "F", "SN", "02/03/2015", "1990", "1", "oui", too_long],
        ["Rabat", "F", "SN", "02/03/2015", "1991", "0", "oui", "Mariam Traoré"],
    ])
    with pytest.raises(ValidationError) as refused:
        _import(session, "participants", content, "inscrites.csv", project_id)
    assert [(p.params["row"], p.key) for p in refused.value.problems] == [(3, "error.text_too_long")]
    assert too_long not in str(refused.value.problems)
    assert _count(session, Participant) == before  # nothing written, not even the good rows
@pytest.fixture
def database_refuses_fes(session):
    """The database itself refuses any participant from Fès (a trigger: a constraint no service foresees)."""
    with database_refuses(session, "participant", "NEW.city = 'Fès'"):
        yield


def test_a_row_the_database_refuses_is_named_by_its_row_and_nothing_is_written(session, world, tmp_path,
                                                                            database_refuses_fes):
    project = world[0]
    content = csv_file(tmp_path / "inscrites.csv", [
        PARTICIPANT_HEADER,
        ["Rabat", "F", "SN", "02/03/2015", "1989", "2", "oui", ""],
        ["Fès", "F", "SN", "03/03/2015", "1990", "1", "oui", ""],
        ["Rabat", "F", "CI", "32/03/2015", "1991", "0", "non", ""],
    ])
    rows, _ = parse_rows(read_table(content, "inscrites.csv"), "participants")
    with pytest.raises(ValidationError) as refused, session.begin():
        import_participants(session, actor=COORDINATOR_ACTOR, project_id=project.id, rows=rows)
    assert sorted((p.params["row"], p.key) for p in refused.value.problems) == [
        (3, "error.import_row_refused"), (4, "error.import_bad_date")]  # the row after it is still checked
    assert _count(session, Participant) == 2 and _count(session, AuditEntry) == 0


def test_the_preview_of_a_valid_file_writes_nothing(demo_url, tmp_path):
    """The preview runs the whole import and rolls it back; its savepoints must not commit any row."""
    from components.training_widgets import trial_run
    from db.engine import make_engine, session_factory

    content = csv_file(tmp_path / "inscrites.csv", [PARTICIPANT_HEADER, ["Rabat", "F", "SN", "02/03/2016", "1990", "2",
                                                                     "oui", ""]])
    rows, _ = parse_rows(read_table(content, "inscrites.csv"), "participants")
    engine = make_engine(demo_url)
    with session_factory(engine)() as s:
        before, project_id = s.scalar(select(func.count()).select_from(Participant)), s.scalar(select(Project.id))
    assert trial_run(lambda s: import_participants(s, actor=COORDINATOR_ACTOR, project_id=project_id,
                                                   rows=rows)) is None
    with session_factory(engine)() as s:
        assert s.scalar(select(func.count()).select_from(Participant)) == before
    engine.dispose()


@pytest.mark.parametrize("cell", [Decimal("sNaN"), Decimal("NaN"), Decimal("Infinity"), float("nan"), float("-inf"),
                                  "NaN", "sNaN", "inf"])
def test_a_cell_that_is_no_finite_number_is_refused_as_a_number(cell):
    # a spreadsheet reader can hand over a Decimal or float as is; a signalling NaN once crashed the grouping
    # of rows into sessions (it cannot be hashed)
    with pytest.raises(ValueError):
        parse_decimal(cell)


def test_numbers_as_cells_and_as_typed_text_are_read_alike():
    assert [parse_decimal(c) for c in (3.5, Decimal("3.5"), 4, "3,5", "1 234,5", "1,234.5", " ")] == [
        Decimal("3.5"), Decimal("3.5"), Decimal("4"), Decimal("3.5"), Decimal("1234.5"), Decimal("1234.5"), None]
