"""Editing the results framework and reporting results: reasons kept, refusals write nothing."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from db.engine import session_factory
from domain.errors import PermissionDenied, ValidationError
from db.models import AuditEntry, Indicator, IndicatorResult, IndicatorTarget, ResultLevel, TargetChange
from db.services import results as services
from domain.inputs import parse
from domain.results_inputs import IndicatorInput, LevelInput, ResultReport, TargetChangeInput
from tests.factories import ADMIN_ACTOR, COORDINATOR_ACTOR, make_project


# The use cases as the results page calls them: raw values parsed into the input, then the service.
def add_level(s, *, actor, project_id, **raw):
    return services.add_level(s, actor=actor, project_id=project_id, given=parse(LevelInput, raw))


def add_indicator(s, *, actor, **raw):
    return services.add_indicator(s, actor=actor, given=parse(IndicatorInput, raw))


def change_target(s, *, actor, **raw):
    return services.change_target(s, actor=actor, given=parse(TargetChangeInput, raw))


def report_result(s, *, actor, **raw):
    return services.report_result(s, actor=actor, given=parse(ResultReport, raw))

S1 = (date(2014, 7, 1), date(2014, 12, 31))


def _write(engine, fn, **kwargs):
    with session_factory(engine)() as s, s.begin():
        return fn(s, **kwargs)


def _count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def framework(session):
    project = make_project(session)
    objective = ResultLevel(project_id=project.id, kind="objective", code="O", statement="Inclusion")
    session.add(objective)
    session.flush()
    outcome = ResultLevel(project_id=project.id, kind="outcome", code="1", statement="Jobs", parent_id=objective.id)
    session.add(outcome)
    session.flush()
    events = Indicator(level_id=outcome.id, code="1a", name="Events held", unit="events", lop_target=D(8),
                       frequency="semi_annual", source="reported")
    computed = Indicator(level_id=outcome.id, code="1b", name="Women placed", unit="women", source="computed",
                         computed_measure="placed_in_work")
    session.add_all([events, computed])
    session.flush()
    session.add(IndicatorTarget(indicator_id=events.id, period_start=S1[0], period_end=S1[1], target=D(2)))
    session.commit()
    return {"project": project.id, "objective": objective.id, "outcome": outcome.id, "events": events.id,
            "computed": computed.id}


def test_admin_adds_an_output_under_an_outcome(engine, session, framework):
    level = _write(engine, add_level, actor=ADMIN_ACTOR, project_id=framework["project"], kind="output",
                   code="1.1", statement="Women trained", parent_id=framework["outcome"])
    assert session.get(ResultLevel, level.id).parent_id == framework["outcome"]


def test_a_level_under_the_wrong_parent_is_refused(engine, session, framework):
    with pytest.raises(ValidationError) as refused:
        _write(engine, add_level, actor=ADMIN_ACTOR, project_id=framework["project"], kind="output", code="O",
               statement="Women trained", parent_id=framework["objective"])
    assert {p.key for p in refused.value.problems} == {"error.progress_code_taken",
                                                       "error.progress_level_parent_wrong"}
    assert _count(session, ResultLevel) == 2


def test_a_level_without_statement_is_refused(engine, session, framework):
    with pytest.raises(ValidationError) as refused:
        _write(engine, add_level, actor=ADMIN_ACTOR, project_id=framework["project"], kind="output", code="1.1",
               statement=" ", parent_id=framework["outcome"])
    assert [(p.field, p.key) for p in refused.value.problems] == [("statement", "error.required")]
    assert _count(session, ResultLevel) == 2


def test_admin_adds_an_indicator_and_bad_numbers_are_refused(engine, session, framework):
    with pytest.raises(ValidationError) as refused:
        _write(engine, add_indicator, actor=ADMIN_ACTOR, level_id=framework["outcome"], code="1d", name="",
               unit="x", baseline="see description", lop_target="N/A")
    assert {p.field for p in refused.value.problems} == {"name", "baseline", "lop_target"}
    with pytest.raises(ValidationError) as refused:
        _write(engine, add_indicator, actor=ADMIN_ACTOR, level_id=framework["outcome"], code="1a", name="Events",
               unit="x", direction="sideways")
    assert {p.field for p in refused.value.problems} == {"code", "direction"}
    assert _count(session, Indicator) == 2
    made = _write(engine, add_indicator, actor=ADMIN_ACTOR, level_id=framework["outcome"], code="1c",
                  name="Institutions", unit="institutions", lop_target="3")
    assert session.get(Indicator, made.id).lop_target == D(3)


def test_coordinators_cannot_edit_the_framework(engine, session, framework):
    with pytest.raises(PermissionDenied):
        _write(engine, change_target, actor=COORDINATOR_ACTOR, indicator_id=framework["events"],
               field="lop_target", new_value="9", reason="why not")


def test_changing_a_target_keeps_the_reason(engine, session, framework):
    _write(engine, change_target, actor=ADMIN_ACTOR, indicator_id=framework["events"], field="lop_target",
           new_value="10", reason="Budget revision added two workshops")
    change = session.scalars(select(TargetChange)).one()
    assert (change.field, change.old_value, change.new_value, change.changed_by) == (
        "lop_target", "8.0000", "10", "boss")
    assert change.reason == "Budget revision added two workshops"
    assert session.get(Indicator, framework["events"]).lop_target == D(10)


def test_a_period_target_change_is_kept_too(engine, session, framework):
    _write(engine, change_target, actor=ADMIN_ACTOR, indicator_id=framework["events"], field="period_target",
           new_value="3", reason="Extra dialogue", period_start=S1[0])
    assert session.scalars(select(IndicatorTarget)).one().target == D(3)
    assert session.scalars(select(TargetChange.field).order_by(TargetChange.id)).all() == [
        "target 2014-07-01", "lop_target"]


S2 = (date(2015, 1, 1), date(2015, 6, 30))
S3 = (date(2015, 7, 1), date(2015, 12, 31))


@pytest.mark.parametrize("cumulative, measure_type, expected", [
    (False, "number", D(11)),     # sum of the period targets: 2 + 5 + 4
    (True, "number", D(4)),       # cumulative: the last period's target
    (False, "percentage", D(4)),  # %: the last period's target
])
def test_a_period_target_change_keeps_the_lop_target_in_step(engine, session, framework, cumulative,
                                                              measure_type, expected):
    indicator = session.get(Indicator, framework["events"])
    indicator.cumulative, indicator.measure_type = cumulative, measure_type
    session.add_all([IndicatorTarget(indicator_id=indicator.id, period_start=S2[0], period_end=S2[1], target=D(3)),
                     IndicatorTarget(indicator_id=indicator.id, period_start=S3[0], period_end=S3[1], target=D(4))])
    session.commit()
    _write(engine, change_target, actor=ADMIN_ACTOR, indicator_id=framework["events"], field="period_target",
           new_value="5", reason="Two more workshops", period_start=S2[0])
    session.expire_all()
    assert session.get(Indicator, framework["events"]).lop_target == expected
    changes = session.execute(select(TargetChange.field, TargetChange.old_value, TargetChange.new_value,
                                     TargetChange.reason).order_by(TargetChange.id)).all()
    assert [(f, D(o), D(n), r) for f, o, n, r in changes] == [
        ("target 2015-01-01", D(3), D(5), "Two more workshops"), ("lop_target", D(8), expected, "Two more workshops")]


def test_a_period_target_change_that_leaves_the_lop_target_as_it_is_records_one_change(engine, session, framework):
    session.get(Indicator, framework["events"]).lop_target = D(3)
    session.commit()
    _write(engine, change_target, actor=ADMIN_ACTOR, indicator_id=framework["events"], field="period_target",
           new_value="3", reason="Extra dialogue", period_start=S1[0])
    assert session.scalars(select(TargetChange.field)).all() == ["target 2014-07-01"]
    assert session.get(Indicator, framework["events"]).lop_target == D(3)


def test_a_target_change_without_reason_is_refused(engine, session, framework):
    with pytest.raises(ValidationError) as refused:
        _write(engine, change_target, actor=ADMIN_ACTOR, indicator_id=framework["events"], field="baseline",
               new_value="2", reason="  ")
    assert [p.key for p in refused.value.problems] == ["error.progress_reason_required"]
    assert _count(session, TargetChange) == 0
    assert session.get(Indicator, framework["events"]).baseline == D(0)


def test_coordinator_reports_a_result_with_its_breakdown(engine, session, framework):
    _write(engine, report_result, actor=COORDINATOR_ACTOR, indicator_id=framework["events"], period_start=S1[0],
           period_end=S1[1], value="2", note="Two workshops", evidence_ref="Report S1",
           breakdown=[("city", "Rabat", "1"), ("city", "Casablanca", "1")])
    rows = session.execute(select(IndicatorResult.dimension, IndicatorResult.category, IndicatorResult.value)
                           .order_by(IndicatorResult.id)).all()
    assert rows == [("total", "", D(2)), ("city", "Rabat", D(1)), ("city", "Casablanca", D(1))]


def test_bad_results_are_refused_and_nothing_written(engine, session, framework):
    with pytest.raises(ValidationError) as refused:
        _write(engine, report_result, actor=COORDINATOR_ACTOR, indicator_id=framework["events"],
               period_start=S1[0], period_end=S1[1], value="N/A", breakdown=[("city", "", "1")])
    assert {(p.field, p.key) for p in refused.value.problems} == {
        ("value", "error.number_invalid"), ("breakdown", "error.progress_breakdown_invalid")}
    with pytest.raises(ValidationError) as refused:
        _write(engine, report_result, actor=COORDINATOR_ACTOR, indicator_id=framework["computed"],
               period_start=S1[1], period_end=S1[0], value="2")
    assert {p.key for p in refused.value.problems} == {
        "error.progress_indicator_is_computed", "error.progress_period_invalid"}
    assert _count(session, IndicatorResult) == 0 and _count(session, AuditEntry) == 0


def test_a_second_result_for_the_same_period_is_refused(engine, session, framework):
    _write(engine, report_result, actor=COORDINATOR_ACTOR, indicator_id=framework["events"], period_start=S1[0],
           period_end=S1[1], value="2")
    with pytest.raises(ValidationError) as refused:
        _write(engine, report_result, actor=COORDINATOR_ACTOR, indicator_id=framework["events"],
               period_start=S1[0], period_end=S1[1], value="3")
    assert [p.key for p in refused.value.problems] == ["error.progress_result_exists"]
    assert _count(session, IndicatorResult) == 1


def test_a_category_given_twice_is_refused_and_nothing_written(engine, session, framework):
    with pytest.raises(ValidationError) as refused:
        _write(engine, report_result, actor=COORDINATOR_ACTOR, indicator_id=framework["events"],
               period_start=S1[0], period_end=S1[1], value="3",
               breakdown=[("city", "Rabat", "1"), ("city", "Casablanca", "1"), (" city", "Rabat ", "1"),
                          ("sex", "F", "2"), ("sex", "F", "1"), ("sex", "F", "0")])
    assert [(p.field, p.key, p.params) for p in refused.value.problems] == [
        ("breakdown", "error.progress_breakdown_repeated", {"dimension": "city", "category": "Rabat"}),
        ("breakdown", "error.progress_breakdown_repeated", {"dimension": "sex", "category": "F"})]
    assert _count(session, IndicatorResult) == 0 and _count(session, AuditEntry) == 0
