"""Registering many participants at once (a spreadsheet) follows exactly the form's rules and codes: the same
30 women registered one by one through the form and as one batch get the same codes and the same refusals;
a refused file, and any preview, write nothing."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from db.audit import data_version
from db.models import AuditEntry, NumberCounter, Participant
from db.services.cohort_import import import_participants, preview_participants
from db.services.participants import STORED_FIELDS, register_participant, register_participants
from db.services.period_locks import lock_period
from domain.cohort_import import ImportRow
from domain.errors import ValidationError
from domain.participant_inputs import ParticipantInput
from tests.factories import ADMIN_ACTOR, COORDINATOR_ACTOR, make_project
from tests.training_factories import make_participant

OPEN_DAY, LOCKED_DAY = date(2015, 3, 2), date(2014, 11, 3)


@pytest.fixture
def project(session):
    """A project whose register holds Awa Ndiaye (CAS-0001), locked through 31/12/2014."""
    project = make_project(session)
    make_participant(session, project, "CAS-0001", full_name="Awa Ndiaye", birth_year=1988, nationality="SN")
    session.commit()
    with session.begin():
        lock_period(session, actor=ADMIN_ACTOR, project_id=project.id, locked_through=date(2014, 12, 31),
                    reason="Comité de pilotage")
    return project


def woman(i: int, **overrides) -> ParticipantInput:
    fields = dict(sex="F", nationality="CI", city=("Casablanca", "Rabat", "Tanger")[i % 3], registered_on=OPEN_DAY,
                  birth_year=1970 + i, children_count=i % 4, consent_recorded=True, full_name=f"Femme {i:02d}")
    return ParticipantInput(**(fields | overrides))


def thirty() -> list[ParticipantInput]:
    """30 women: most fine; some refused by each rule; duplicates against the register and within the list."""
    given = [woman(i) for i in range(30)]
    fatou = dict(full_name="Fatou Diop", birth_year=1990, nationality="ML")
    mariam = dict(full_name="Mariam Traoré", birth_year=1991, nationality="GN")
    given[2] = woman(2, full_name="awa  NDIAYE", birth_year=1988, nationality="SN")  # the register's CAS-0001
    given[3] = woman(3, full_name="Awa Ndiaye", birth_year=1988, nationality="SN", confirm_duplicate=True)
    given[5] = woman(5, **fatou)
    given[8] = woman(8, **fatou | {"full_name": "FATOU DIOP"})  # duplicate of row 5, within the list
    given[9] = woman(9, **fatou, confirm_duplicate=True)
    given[11] = woman(11, **fatou)  # duplicate of rows 5 and 9
    given[12] = woman(12, registered_on=LOCKED_DAY)
    given[13] = woman(13, **mariam, registered_on=LOCKED_DAY)  # refused: so row 14 is no duplicate of it
    given[14] = woman(14, **mariam)
    given[16] = woman(16, consent_recorded=False)  # a name without consent
    given[17] = woman(17, full_name=None, consent_recorded=False, consent_date=OPEN_DAY)
    given[19] = woman(19, registered_on=date(2013, 5, 1))  # before the project
    given[21] = woman(21, year_regularized=2020)
    given[23] = woman(23, full_name=None, phone="+212 600", consent_recorded=False, registered_on=LOCKED_DAY)
    return given


def _one_by_one(session, project_id, given):
    """The form's path: each woman registered in turn, a refused one skipped."""
    codes, problems = {}, set()
    for index, one in enumerate(given):
        try:
            codes[index] = register_participant(session, actor=COORDINATOR_ACTOR, project_id=project_id,
                                                given=one).code
        except ValidationError as refused:
            problems |= {(index, p.field, p.key, p.params.get("codes")) for p in refused.problems}
    return codes, problems


def _tagged(index, problems):
    return [replace(p, params={**p.params, "index": index}) for p in problems]


def _stored(session, codes):
    people = session.scalars(select(Participant).where(Participant.code.in_(codes)).order_by(Participant.code))
    return [(p.code, *(getattr(p, f) for f in STORED_FIELDS)) for p in people]


def test_the_batch_refuses_the_same_women_for_the_same_reasons_as_the_form(session, project):
    given = thirty()
    with session.begin():
        form_codes, form_problems = _one_by_one(session, project.id, given)
        session.rollback()
    with pytest.raises(ValidationError) as refused, session.begin():
        register_participants(session, actor=COORDINATOR_ACTOR, project_id=project.id, given=given, on_input=_tagged)
    batch = {(p.params["index"], p.field, p.key, p.params.get("codes")) for p in refused.value.problems}
    assert batch == form_problems
    assert sorted({p[0] for p in batch}) == [2, 8, 11, 12, 13, 16, 17, 19, 21, 23]
    # The in-list duplicates name the codes the earlier rows get, exactly as the form does after writing them.
    assert (11, "full_name", "error.participant_possible_duplicate", ", ".join(
        sorted([form_codes[5], form_codes[9]]))) in batch


def test_the_batch_gives_the_same_codes_and_records_as_the_form(session, project):
    given = thirty()
    with session.begin():
        form_codes, _ = _one_by_one(session, project.id, given)
        form_rows = _stored(session, form_codes.values())
        session.rollback()
    accepted = [given[i] for i in sorted(form_codes)]
    with session.begin():
        written = register_participants(session, actor=COORDINATOR_ACTOR, project_id=project.id, given=accepted)
    assert [p.code for p in written] == [form_codes[i] for i in sorted(form_codes)]
    assert _stored(session, form_codes.values()) == form_rows
    assert session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.entity == "participant", AuditEntry.action == "create")) == len(accepted)


def _state(session):
    session.expire_all()
    state = (session.scalar(select(func.count()).select_from(Participant)),
             session.scalar(select(func.count()).select_from(AuditEntry)),
             sorted(session.execute(select(NumberCounter.series, NumberCounter.last_value)).all()),
             data_version(session))
    session.rollback()
    return state


def _rows(given: list[ParticipantInput]) -> list[ImportRow]:
    """The spreadsheet rows (header on row 1) a parsed file of these women would give."""
    return [ImportRow(number, {"ville": g.city, "sexe": g.sex, "nationalite": g.nationality,
                               "date_enregistrement": g.registered_on, "annee_naissance": g.birth_year,
                               "nombre_enfants": g.children_count, "annee_regularisation": g.year_regularized,
                               "consentement": g.consent_recorded, "nom_complet": g.full_name, "telephone": g.phone,
                               "doublon_confirme": g.confirm_duplicate})
            for number, g in enumerate(given, start=2)]


def test_a_file_with_one_refused_row_writes_nothing(session, project):
    given = [woman(i) for i in range(30)]
    given[17] = woman(17, registered_on=LOCKED_DAY)
    before = _state(session)
    with pytest.raises(ValidationError) as refused, session.begin():
        import_participants(session, actor=COORDINATOR_ACTOR, project_id=project.id, rows=_rows(given))
    assert [(p.field, p.key) for p in refused.value.problems] == [("19:date_enregistrement", "error.period_locked")]
    assert _state(session) == before


def test_the_preview_names_the_same_problems_as_the_import_and_writes_nothing(session, project):
    rows = _rows(thirty())
    before = _state(session)
    preview = preview_participants(session, actor=COORDINATOR_ACTOR, project_id=project.id, rows=rows)
    session.rollback()
    assert _state(session) == before
    with pytest.raises(ValidationError) as refused, session.begin():
        import_participants(session, actor=COORDINATOR_ACTOR, project_id=project.id, rows=rows)
    assert preview.problems == refused.value.problems and preview.codes == {}


def test_the_preview_of_a_valid_file_says_which_codes_the_import_then_gives(session, project):
    rows = _rows([woman(i) for i in range(30)])
    before = _state(session)
    seen = []
    preview = preview_participants(session, actor=COORDINATOR_ACTOR, project_id=project.id, rows=rows,
                                   progress=lambda done, total: seen.append((done, total)))
    session.rollback()
    assert _state(session) == before and preview.problems == [] and seen[-1] == (60, 60)
    assert preview.codes == {"CAS-": (10, "CAS-0002", "CAS-0011"), "RAB-": (10, "RAB-0001", "RAB-0010"),
                             "TAN-": (10, "TAN-0001", "TAN-0010")}
    with session.begin():
        written = import_participants(session, actor=COORDINATOR_ACTOR, project_id=project.id, rows=rows)
    assert [p.code for p in written][:4] == ["CAS-0002", "RAB-0001", "TAN-0001", "CAS-0003"]
    assert written[-1].code == "TAN-0010"
