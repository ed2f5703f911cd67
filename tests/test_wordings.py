"""Indicator names, result statements and budget line names in English and French: the rule a reader gets,
and the administrators' rewording use case (role, version, audit, blank French kept as none, bounds)."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from db.engine import session_factory
from db.models import AuditEntry, BudgetLine, Indicator, ResultLevel
from db.queries import budget as budget_queries
from db.queries.iptt import iptt, levels
from db.services import wordings as services
from domain.budget_inputs import BudgetLineWording
from domain.errors import PermissionDenied, StaleRecord, ValidationError
from domain.inputs import parse
from domain.results_inputs import IndicatorWording, StatementWording
from domain.wordings import wording_in
from tests.factories import ADMIN_ACTOR, COORDINATOR_ACTOR, VIEWER_ACTOR, make_project


def reword(s, *, actor, kind, **raw):
    """The use case as the pages call it: raw values parsed into the kind's input, then the service."""
    return services.reword(s, actor=actor, given=parse(kind, raw))


def _write(engine, **kwargs):
    with session_factory(engine)() as s, s.begin():
        return reword(s, **kwargs)


@pytest.fixture
def worded(session):
    """Outcome 1 "Jobs" with indicator 1a "Women placed", and budget line VT "Vocational training"."""
    project = make_project(session)
    level = ResultLevel(project_id=project.id, kind="outcome", code="1", statement="Jobs")
    session.add(level)
    session.flush()
    indicator = Indicator(level_id=level.id, code="1a", name="Women placed", unit="women", source="reported")
    line = BudgetLine(project_id=project.id, code="VT", name="Vocational training", category="operational",
                      amount_usd=D(126000))
    session.add_all([indicator, line])
    session.commit()
    return {"project": project.id, "level": level.id, "indicator": indicator.id, "line": line.id}


def _stored(session, model, row_id, *fields):
    session.expire_all()
    row = session.get(model, row_id)
    return tuple(getattr(row, f) for f in fields)


def _audit(session, entity):
    session.expire_all()
    return [(a.actor, a.action, a.entity_id, json.loads(a.detail)) for a in session.scalars(
        select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id))]


# --- the rule a reader gets ---

def test_a_french_reader_gets_the_french_wording_when_one_is_kept():
    assert wording_in("fr", "Women placed", "Femmes insérées") == "Femmes insérées"
    assert wording_in("en", "Women placed", "Femmes insérées") == "Women placed"


def test_without_a_french_wording_everyone_reads_the_one_given():
    assert wording_in("fr", "Women placed", None) == "Women placed"
    assert wording_in("fr", "Women placed", "") == "Women placed"
    assert wording_in("fr", "Women placed", float("nan")) == "Women placed"  # a NULL read through pandas


# --- the rewording use case ---

def test_an_admin_rewords_an_indicator_and_the_audit_keeps_before_and_after(engine, session, worded):
    row = _write(engine, actor=ADMIN_ACTOR, kind=IndicatorWording, indicator_id=worded["indicator"],
                 english="Women placed in work", french="  Femmes insérées  ", expected_version=1)
    assert (row.name, row.name_fr) == ("Women placed in work", "Femmes insérées")
    assert _stored(session, Indicator, worded["indicator"], "name", "name_fr", "version") == (
        "Women placed in work", "Femmes insérées", 2)
    assert _audit(session, "indicator") == [("boss", "update", worded["indicator"], {"changes": {
        "name": {"from": "Women placed", "to": "Women placed in work"},
        "name_fr": {"from": None, "to": "Femmes insérées"}}})]


def test_an_admin_rewords_a_result_statement(engine, session, worded):
    _write(engine, actor=ADMIN_ACTOR, kind=StatementWording, level_id=worded["level"], english="Jobs",
           french="Emplois", expected_version=1)
    assert _stored(session, ResultLevel, worded["level"], "statement", "statement_fr", "version") == (
        "Jobs", "Emplois", 2)
    assert _audit(session, "result_level") == [("boss", "update", worded["level"], {"changes": {
        "statement_fr": {"from": None, "to": "Emplois"}}})]
    frame = levels(session, project_id=worded["project"])
    assert frame[["statement", "statement_fr", "version"]].values.tolist() == [["Jobs", "Emplois", 2]]


def test_an_admin_rewords_a_budget_line(engine, session, worded):
    _write(engine, actor=ADMIN_ACTOR, kind=BudgetLineWording, line_id=worded["line"], english="Vocational training",
           french="Formation professionnelle", expected_version=1)
    assert _stored(session, BudgetLine, worded["line"], "name", "name_fr", "version") == (
        "Vocational training", "Formation professionnelle", 2)
    assert len(_audit(session, "budget_line")) == 1


def test_a_blank_french_wording_is_none_and_french_readers_get_the_english_one(engine, session, worded):
    _write(engine, actor=ADMIN_ACTOR, kind=IndicatorWording, indicator_id=worded["indicator"],
           english="Women placed", french="Femmes insérées")
    _write(engine, actor=ADMIN_ACTOR, kind=IndicatorWording, indicator_id=worded["indicator"],
           english="Women placed", french="   ")
    _write(engine, actor=ADMIN_ACTOR, kind=BudgetLineWording, line_id=worded["line"], english="Vocational training",
           french="")
    assert _stored(session, Indicator, worded["indicator"], "name_fr") == (None,)
    assert _stored(session, BudgetLine, worded["line"], "name_fr") == (None,)
    [line] = iptt(session, project_id=worded["project"], as_of=date(2015, 1, 1))
    assert line.name_in("fr") == "Women placed"
    frame = budget_queries.lines(session, project_id=worded["project"], as_of=date(2015, 1, 1))
    [budget_line] = frame.itertuples()
    assert wording_in("fr", budget_line.name, budget_line.name_fr) == "Vocational training"


@pytest.mark.parametrize("actor", [COORDINATOR_ACTOR, VIEWER_ACTOR], ids=["coordinator", "viewer"])
def test_only_administrators_reword(engine, session, worded, actor):
    with pytest.raises(PermissionDenied):
        _write(engine, actor=actor, kind=IndicatorWording, indicator_id=worded["indicator"], english="Hacked",
               french="Piraté", expected_version=1)
    with pytest.raises(PermissionDenied):
        _write(engine, actor=actor, kind=BudgetLineWording, line_id=worded["line"], english="Hacked")
    assert _stored(session, Indicator, worded["indicator"], "name", "name_fr", "version") == ("Women placed", None, 1)
    assert _stored(session, BudgetLine, worded["line"], "name", "version") == ("Vocational training", 1)
    assert _audit(session, "indicator") == [] and _audit(session, "budget_line") == []


def test_a_save_over_a_wording_changed_since_the_form_loaded_it_is_refused(engine, session, worded):
    _write(engine, actor=ADMIN_ACTOR, kind=StatementWording, level_id=worded["level"], english="Jobs",
           french="Emplois", expected_version=1)
    with pytest.raises(StaleRecord) as refused:
        _write(engine, actor=ADMIN_ACTOR, kind=StatementWording, level_id=worded["level"], english="Work",
               french="Travail", expected_version=1)
    assert refused.value.version == 2
    assert refused.value.changed_by == "boss"
    assert refused.value.stored == {"statement": "Jobs", "statement_fr": "Emplois"}
    assert _stored(session, ResultLevel, worded["level"], "statement", "statement_fr") == ("Jobs", "Emplois")


def test_a_stale_budget_line_wording_is_refused(engine, session, worded):
    _write(engine, actor=ADMIN_ACTOR, kind=BudgetLineWording, line_id=worded["line"], english="Training",
           expected_version=1)
    with pytest.raises(StaleRecord):
        _write(engine, actor=ADMIN_ACTOR, kind=BudgetLineWording, line_id=worded["line"], english="Courses",
               expected_version=1)
    assert _stored(session, BudgetLine, worded["line"], "name") == ("Training",)


def test_a_wording_too_long_for_its_column_is_refused_next_to_its_field(engine, session, worded):
    with pytest.raises(ValidationError) as refused:
        _write(engine, actor=ADMIN_ACTOR, kind=BudgetLineWording, line_id=worded["line"], english="x" * 201,
               french="y" * 201)
    assert [(p.field, p.key, p.params) for p in refused.value.problems] == [
        ("english", "error.text_too_long", {"max": 200}), ("french", "error.text_too_long", {"max": 200})]
    with pytest.raises(ValidationError) as refused:
        _write(engine, actor=ADMIN_ACTOR, kind=IndicatorWording, indicator_id=worded["indicator"],
               english="Women placed", french="f" * 4001)
    assert [(p.field, p.key, p.params) for p in refused.value.problems] == [
        ("french", "error.text_too_long", {"max": 4000})]
    assert _stored(session, BudgetLine, worded["line"], "name", "name_fr") == ("Vocational training", None)


def test_the_english_wording_is_required(engine, session, worded):
    with pytest.raises(ValidationError) as refused:
        _write(engine, actor=ADMIN_ACTOR, kind=StatementWording, level_id=worded["level"], english="  ",
               french="Emplois")
    assert [(p.field, p.key) for p in refused.value.problems] == [("english", "error.required")]
    assert _stored(session, ResultLevel, worded["level"], "statement_fr") == (None,)


def test_an_unknown_record_is_refused_by_its_field(engine, worded):
    with pytest.raises(ValidationError) as refused:
        _write(engine, actor=ADMIN_ACTOR, kind=IndicatorWording, indicator_id=worded["indicator"] + 99,
               english="Ghost")
    assert [(p.field, p.key) for p in refused.value.problems] == [("indicator_id", "error.progress_indicator_unknown")]
