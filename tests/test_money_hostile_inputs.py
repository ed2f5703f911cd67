"""Hostile but well-typed values typed into every write of the money, pipeline and results side (huge and
tiny numbers, 1e40, 1e26, NaN, French `1 234,50` with a narrow no-break space, 10,000-character text, formulas,
dates far away): each write either succeeds within the columns' bounds or is refused as a ValidationError (or
as a StaleRecord when a hostile "expected version" is not the stored one) — never another exception — and a
refused write leaves the database as it was."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select

from db.engine import session_factory
from db.models import AuditEntry, BudgetLine, BusinessPlan, Expenditure, IndicatorResult, PlannedAmount
from db.services import budget, business_plans, institutions, results, stakeholder_events, workplan
from domain.budget_inputs import BudgetLinesInput, ExpenditureInput, PlannedAmountsInput, VarianceExplanation
from domain.errors import StaleRecord, ValidationError
from domain.inputs import MAX_AMOUNT, WriteInput, parse
from domain.plan_inputs import (
    DisbursementInput, EnterpriseStatusInput, MentoringVisitInput, PlanInput, PlanMove, PlanScoreInput,
)
from domain.results_inputs import IndicatorInput, LevelInput, ResultReport, TargetChangeInput
from domain.stakeholder_inputs import (
    ActionPointInput, ActionPointMove, EventChange, EventInput, InstitutionChange, InstitutionInput, LearningInput,
    ParticipationInput,
)
from domain.workplan_inputs import ActivityProgress, MilestoneReached
from tests.factories import ADMIN_ACTOR as ADMIN, COORDINATOR_ACTOR as COORD
from tests.test_period_lock_money_and_results import world  # noqa: F401 - the fixture: one of each record

NNBSP = "\u202f"  # the narrow no-break space French groups thousands with
FORMULA = '=HYPERLINK("http://example.org/x","click")'
NUMBERS = st.one_of(
    st.sampled_from(["1e40", "1e26", f"1{NNBSP}234,50", "1\u00a0234,50", "1,234.50", "12.345.678,90", "NaN", "inf",
                     "-inf", "-0", "0", "0,001", "", " ", "N/A", "١٢٣", "0x10", "1_000", FORMULA, "99999999,99",
                     "100000000,01", "-5"]),
    st.floats(allow_nan=True, allow_infinity=True), st.decimals(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10**40, max_value=10**40), st.text(max_size=12))
TEXTS = st.one_of(st.text(max_size=80), st.sampled_from(["x" * 10_000, FORMULA, "\u202e\u202dRTL", "   ", "<b>x</b>"]))
DATES = st.one_of(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)), st.none(),
                  st.sampled_from(["", "31/12/2015", "2015-13-45", date(2016, 6, 1)]))
IDS = st.one_of(st.integers(min_value=-10**20, max_value=10**20), st.none(), st.sampled_from(["1", "", 1.5]))
KINDS = {"number": NUMBERS, "text": TEXTS, "date": DATES, "id": IDS,
         "any": st.one_of(NUMBERS, TEXTS, DATES, IDS, st.booleans(), st.lists(st.integers(), max_size=3))}
OK_DAY = date(2016, 6, 1)  # inside the project, after the lock the `world` holds (through 31/12/2015)


@dataclass(frozen=True)
class Case:
    name: str
    kind: type[WriteInput]
    good: Callable[[dict], dict]          # the ids of the world -> raw values that would be accepted
    attack: dict[str, str]                # field -> kind of hostile value
    write: Callable[[Any, dict, Any], object]


SCORES = {"viability": 4, "market": 3, "feasibility": 5, "financial_plan": 4, "capacity": 4}
EVENT = dict(event_type="workshop", title="Workshop", start_date=OK_DAY, end_date=OK_DAY, city="Rabat")

CASES = [
    Case("create_plan", PlanInput, lambda w: dict(owners=[w["owner"]], business_idea="Shop", sector="Retail",
                                                  city="Rabat", requested_mad="9000", created_on=OK_DAY),
         {"requested_mad": "number", "mad_per_usd": "number", "business_idea": "text", "sector": "text",
          "city": "text", "documents_ref": "text", "created_on": "date", "owners": "any"},
         lambda s, w, g: business_plans.create_plan(s, actor=COORD, project_id=w["project"], given=g)),
    Case("move_plan", PlanMove, lambda w: dict(plan_id=w["reviewed"], to_status="approved", approved_mad="9000",
                                               occurred_on=OK_DAY),
         {"approved_mad": "number", "comment": "text", "to_status": "text", "occurred_on": "date", "plan_id": "id"},
         lambda s, w, g: business_plans.move_plan(s, actor=COORD, given=g)),
    Case("score_plan", PlanScoreInput, lambda w: dict(plan_id=w["reviewed"], reviewer="Nadia", scored_on=OK_DAY,
                                                      **SCORES),
         {"viability": "number", "capacity": "number", "reviewer": "text", "comment": "text", "scored_on": "date"},
         lambda s, w, g: business_plans.score_plan(s, actor=COORD, given=g)),
    Case("record_disbursement", DisbursementInput, lambda w: dict(plan_id=w["approved"], amount_mad="100",
                                                                  spent_on=OK_DAY),
         {"amount_mad": "number", "mad_per_usd": "number", "description": "text", "spent_on": "date"},
         lambda s, w, g: business_plans.record_disbursement(s, actor=COORD, given=g)),
    Case("record_mentoring_visit", MentoringVisitInput,
         lambda w: dict(plan_id=w["launched"], visit_date=OK_DAY, revenue_band="lt_1000"),
         {"revenue_band": "text", "notes": "text", "visit_date": "date"},
         lambda s, w, g: business_plans.record_mentoring_visit(s, actor=COORD, given=g)),
    Case("record_enterprise_status", EnterpriseStatusInput,
         lambda w: dict(plan_id=w["launched"], months_after=6, observed_on=OK_DAY, status="operating"),
         {"months_after": "number", "status": "text", "observed_on": "date"},
         lambda s, w, g: business_plans.record_enterprise_status(s, actor=COORD, given=g)),
    Case("record_expenditure", ExpenditureInput, lambda w: dict(line_id=w["line"], spent_on=OK_DAY,
                                                                description="Kits", amount="500", currency="MAD"),
         {"amount": "number", "mad_per_usd": "number", "currency": "text", "description": "text",
          "justification": "text", "spent_on": "date", "line_id": "id"},
         lambda s, w, g: budget.record_expenditure(s, actor=COORD, given=g)),
    Case("set_budget_lines", BudgetLinesInput, lambda w: dict(amounts={w["line"]: "100000"}),
         {"amounts": "any"}, lambda s, w, g: budget.set_budget_lines(s, actor=ADMIN, project_id=w["project"], given=g)),
    Case("set_planned_amounts", PlannedAmountsInput,
         lambda w: dict(line_id=w["line"], amounts={date(2016, 1, 1): "60000", date(2016, 4, 1): "40000"}),
         {"amounts": "any", "line_id": "id"}, lambda s, w, g: budget.set_planned_amounts(s, actor=ADMIN, given=g)),
    Case("explain_variance", VarianceExplanation, lambda w: dict(line_id=w["line"], explanation="Cohort moved"),
         {"explanation": "text", "expected_version": "id"},
         lambda s, w, g: budget.explain_variance(s, actor=COORD, given=g)),
    Case("add_level", LevelInput, lambda w: dict(kind="output", code="1.1", statement="Women trained"),
         {"kind": "text", "code": "text", "statement": "text", "assumptions": "text", "parent_id": "id"},
         lambda s, w, g: results.add_level(s, actor=ADMIN, project_id=w["project"], given=g)),
    Case("add_indicator", IndicatorInput, lambda w: dict(level_id=w["level"], code="1z", name="Offers", unit="n"),
         {"baseline": "number", "lop_target": "number", "code": "text", "name": "text", "unit": "text",
          "direction": "text", "disaggregations": "text"},
         lambda s, w, g: results.add_indicator(s, actor=ADMIN, given=g)),
    Case("change_target", TargetChangeInput, lambda w: dict(indicator_id=w["indicator"], field="lop_target",
                                                            new_value="12", reason="Budget revision"),
         {"new_value": "number", "reason": "text", "field": "text", "period_start": "date"},
         lambda s, w, g: results.change_target(s, actor=ADMIN, given=g)),
    Case("report_result", ResultReport, lambda w: dict(indicator_id=w["indicator"], period_start=date(2016, 1, 1),
                                                       period_end=date(2016, 6, 30), value="3"),
         {"value": "number", "note": "text", "evidence_ref": "text", "period_start": "date", "period_end": "date",
          "breakdown": "any"},
         lambda s, w, g: results.report_result(s, actor=COORD, given=g)),
    Case("record_event", EventInput, lambda w: dict(EVENT),
         {"score_scale": "number", "title": "text", "city": "text", "topics": "text", "event_type": "text",
          "start_date": "date", "end_date": "date", "organiser_id": "id"},
         lambda s, w, g: stakeholder_events.record_event(s, actor=COORD, project_id=w["project"], given=g)),
    Case("update_event", EventChange, lambda w: dict(EVENT, event_id=w["open_event"]),
         {"title": "text", "facilitators": "text", "start_date": "date", "end_date": "date", "expected_version": "id"},
         lambda s, w, g: stakeholder_events.update_event(s, actor=COORD, given=g)),
    Case("set_participation", ParticipationInput, lambda w: dict(event_id=w["open_event"],
                                                                 counts={w["ministry"]: (3, "4")}),
         {"counts": "any", "event_id": "id"}, lambda s, w, g: stakeholder_events.set_participation(s, actor=COORD,
                                                                                                  given=g)),
    Case("record_learning", LearningInput, lambda w: dict(event_id=w["open_event"], pre_test_avg="50",
                                                          post_test_avg="70,5"),
         {"pre_test_avg": "number", "post_test_avg": "number", "score_scale": "number"},
         lambda s, w, g: stakeholder_events.record_learning(s, actor=COORD, given=g)),
    Case("add_action_point", ActionPointInput, lambda w: dict(event_id=w["open_event"], text="Map the offers",
                                                              owner_institution_id=w["ministry"]),
         {"text": "text", "due_date": "date", "opened_on": "date", "owner_institution_id": "id"},
         lambda s, w, g: stakeholder_events.add_action_point(s, actor=COORD, given=g)),
    Case("change_action_point_status", ActionPointMove,
         lambda w: dict(action_point_id=w["point"], to_status="done", changed_on=OK_DAY),
         {"to_status": "text", "comment": "text", "changed_on": "date"},
         lambda s, w, g: stakeholder_events.change_action_point_status(s, actor=COORD, given=g)),
    Case("create_institution", InstitutionInput, lambda w: dict(name="Fondation Orient-Occident", type="ngo",
                                                                level="local"),
         {"name": "text", "acronym": "text", "city": "text", "type": "text", "level": "text"},
         lambda s, w, g: institutions.create_institution(s, actor=COORD, given=g)),
    Case("update_institution", InstitutionChange, lambda w: dict(institution_id=w["ministry"], name="Ministry",
                                                                 type="government", level="central"),
         {"name": "text", "acronym": "text", "city": "text", "expected_version": "id"},
         lambda s, w, g: institutions.update_institution(s, actor=COORD, given=g)),
    Case("update_activity", ActivityProgress, lambda w: dict(activity_id=w["waiting"], actual_start=OK_DAY,
                                                             percent_complete=20),
         {"percent_complete": "number", "actual_start": "date", "actual_end": "date"},
         lambda s, w, g: workplan.update_activity(s, actor=COORD, given=g)),
    Case("mark_milestone_done", MilestoneReached, lambda w: dict(milestone_id=w["pending"], done_on=OK_DAY),
         {"done_on": "date", "milestone_id": "id"}, lambda s, w, g: workplan.mark_milestone_done(s, actor=COORD,
                                                                                                given=g)),
]


def _state(session) -> tuple:
    """What a refused write must leave as it was: the audit trail (every write adds to it) and row counts."""
    session.expire_all()
    count = lambda model: session.scalar(select(func.count()).select_from(model))  # noqa: E731
    return (count(AuditEntry), count(Expenditure), count(BusinessPlan), count(PlannedAmount), count(IndicatorResult),
            session.scalar(select(func.sum(BudgetLine.amount_usd))))


def _within_bounds(session) -> None:
    """Whatever was accepted fits its column: no money above MAX_AMOUNT, none at or below zero where paid."""
    session.expire_all()
    assert session.scalar(select(func.max(Expenditure.amount))) in (None,) or \
        Decimal(session.scalar(select(func.max(Expenditure.amount)))) <= MAX_AMOUNT
    assert session.scalar(select(func.count()).where(Expenditure.amount <= 0)) == 0
    assert all(Decimal(v) <= MAX_AMOUNT for v in session.scalars(select(BusinessPlan.requested_mad)))


@pytest.fixture
def hostile_world(world, session):  # noqa: F811 - the imported fixture, extended with a result level
    from db.models import ResultLevel
    world["level"] = session.scalar(select(ResultLevel.id))
    return world


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # SQLite is enough: the rules are the services'
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_hostile_values_are_accepted_within_bounds_or_refused_leaving_nothing_written(
        engine, session, hostile_world, case, data):
    raw = case.good(hostile_world)
    for field in data.draw(st.lists(st.sampled_from(sorted(case.attack)), min_size=1, unique=True), label="fields"):
        raw[field] = data.draw(st.one_of(KINDS[case.attack[field]], KINDS["any"]), label=field)
    before = _state(session)
    try:
        with session_factory(engine)() as s, s.begin():
            case.write(s, hostile_world, parse(case.kind, raw))
    except (ValidationError, StaleRecord):
        assert _state(session) == before
    _within_bounds(session)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("amount", ["1e40", 1e40, "1e26", 1e26, Decimal("1e26"), "NaN", float("inf")])
def test_an_expenditure_of_1e40_or_1e26_is_refused_next_to_the_amount(engine, session, hostile_world, amount):
    before = _state(session)
    with pytest.raises(ValidationError) as refused:
        with session_factory(engine)() as s, s.begin():
            budget.record_expenditure(s, actor=COORD, given=parse(
                ExpenditureInput, line_id=hostile_world["line"], spent_on=OK_DAY, description="Kits", amount=amount,
                currency="MAD"))
    assert [p.field for p in refused.value.problems] == ["amount"]
    assert _state(session) == before


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_french_amount_with_narrow_no_break_spaces_is_read_as_typed(engine, session, hostile_world):
    with session_factory(engine)() as s, s.begin():
        row = budget.record_expenditure(s, actor=COORD, given=parse(
            ExpenditureInput, line_id=hostile_world["line"], spent_on=OK_DAY, description="Kits",
            amount=f"1{NNBSP}234,50", currency="USD"))
        assert (row.amount, row.amount_usd) == (Decimal("1234.50"), Decimal("1234.50"))
