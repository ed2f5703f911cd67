"""Recording expenditures and changing budget lines: conversions, rules, refusals that write nothing."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from db.engine import session_factory
from domain.errors import PermissionDenied, ValidationError
from db.models import AuditEntry, BudgetLine, ExchangeRate, Expenditure
from db.services import budget as services
from domain.budget_inputs import BudgetLinesInput, ExpenditureInput, PlannedAmountsInput, VarianceExplanation
from domain.inputs import parse
from tests.factories import ADMIN_ACTOR, COORDINATOR_ACTOR, VIEWER_ACTOR, make_project


# The use cases as the budget page calls them: raw values parsed into the input, then the service.
def record_expenditure(s, *, actor, units_per_usd=None, overspend_justification="", **raw):
    return services.record_expenditure(s, actor=actor, given=parse(
        ExpenditureInput, raw, mad_per_usd=units_per_usd, justification=overspend_justification))


def set_budget_lines(s, *, actor, project_id, amounts):
    return services.set_budget_lines(s, actor=actor, project_id=project_id,
                                     given=parse(BudgetLinesInput, amounts=amounts))


def set_planned_amounts(s, *, actor, line_id, amounts):
    return services.set_planned_amounts(s, actor=actor, given=parse(PlannedAmountsInput, line_id=line_id,
                                                                    amounts=amounts))


def explain_variance(s, *, actor, **raw):
    return services.explain_variance(s, actor=actor, given=parse(VarianceExplanation, raw))


def _write(engine, fn, **kwargs):
    with session_factory(engine)() as s, s.begin():
        return fn(s, **kwargs)


def _count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def budget(session):
    """A 200,000 USD project: staff 44,000, office 16,000, training 126,000, overhead 14,000; MAD rates."""
    project = make_project(session)
    lines = {code: BudgetLine(project_id=project.id, code=code, name=code, category=cat, amount_usd=D(amount))
             for code, cat, amount in (("STAFF", "staff", 44000), ("OFFICE", "office", 16000),
                                       ("VT", "operational", 126000), ("OH", "overhead", 14000))}
    session.add_all(lines.values())
    session.add_all(ExchangeRate(project_id=project.id, currency="MAD", year=y, units_per_usd=D(r))
                    for y, r in ((2014, "8.41"), (2015, "9.76"), (2016, "9.81"), (2017, "9.69")))
    session.commit()
    return {code: line.id for code, line in lines.items()} | {"project": project.id}


def test_mad_expenditure_uses_the_years_rate_and_is_audited(engine, session, budget):
    row = _write(engine, record_expenditure, actor=COORDINATOR_ACTOR, line_id=budget["VT"],
                 spent_on=date(2015, 3, 2), description="Sewing materials", amount="9760", currency="MAD")
    stored = session.get(Expenditure, row.id)
    # 9,760 MAD at the 2015 rate 9.76 = 1,000.00 USD (at the 2014 rate 8.41 it would be 1,160.52).
    assert (stored.units_per_usd, stored.amount_usd, stored.recorded_by) == (D("9.76"), D("1000.00"), "coord")
    entry = session.scalars(select(AuditEntry)).one()
    assert (entry.entity, entry.entity_id, entry.action) == ("expenditure", row.id, "create")


def test_a_stated_rate_overrides_the_years_rate(engine, session, budget):
    row = _write(engine, record_expenditure, actor=COORDINATOR_ACTOR, line_id=budget["VT"],
                 spent_on=date(2014, 9, 1), description="Trainer fees", amount="1000", currency="MAD",
                 units_per_usd="8")
    assert session.get(Expenditure, row.id).amount_usd == D("125.00")  # 1000 / 8


def test_usd_expenditure_has_rate_one(engine, session, budget):
    row = _write(engine, record_expenditure, actor=ADMIN_ACTOR, line_id=budget["STAFF"],
                 spent_on=date(2016, 1, 25), description="Salaries", amount="1500.50", currency="USD")
    stored = session.get(Expenditure, row.id)
    assert (stored.units_per_usd, stored.amount_usd) == (D(1), D("1500.50"))


def test_every_bad_field_is_reported_and_nothing_written(engine, session, budget):
    with pytest.raises(ValidationError) as refused:
        _write(engine, record_expenditure, actor=COORDINATOR_ACTOR, line_id=budget["VT"],
               spent_on=None, description=" ", amount="N/A", currency="EUR")
    assert {p.field for p in refused.value.problems} == {"spent_on", "description", "amount", "currency"}
    assert _count(session, Expenditure) == 0 and _count(session, AuditEntry) == 0


def test_a_date_outside_the_project_is_refused(engine, session, budget):
    with pytest.raises(ValidationError) as refused:
        _write(engine, record_expenditure, actor=COORDINATOR_ACTOR, line_id=budget["VT"],
               spent_on=date(2013, 1, 1), description="Kits", amount="10", currency="USD")
    assert [(p.field, p.key) for p in refused.value.problems] == [("spent_on", "error.date_outside_project")]
    assert _count(session, Expenditure) == 0


def test_a_missing_date_is_refused(engine, session, budget):
    with pytest.raises(ValidationError) as refused:
        _write(engine, record_expenditure, actor=COORDINATOR_ACTOR, line_id=budget["VT"], spent_on=None,
               description="x", amount="10", currency="USD")
    assert [(p.field, p.key) for p in refused.value.problems] == [("spent_on", "error.required")]
    assert _count(session, Expenditure) == 0


def test_an_unknown_line_is_refused(engine, session, budget):
    with pytest.raises(ValidationError) as refused:
        _write(engine, record_expenditure, actor=COORDINATOR_ACTOR, line_id=9999, spent_on=date(2015, 1, 5),
               description="x", amount="10", currency="USD")
    assert [(p.field, p.key) for p in refused.value.problems] == [("line_id", "error.progress_budget_line_unknown")]
    assert _count(session, Expenditure) == 0


def test_a_year_without_rate_is_refused(engine, session, budget):
    session.execute(ExchangeRate.__table__.delete().where(ExchangeRate.year == 2016))
    session.commit()
    with pytest.raises(ValidationError) as refused:
        _write(engine, record_expenditure, actor=COORDINATOR_ACTOR, line_id=budget["VT"],
               spent_on=date(2016, 5, 1), description="Kits", amount="100", currency="MAD")
    assert [(p.field, p.key, p.params) for p in refused.value.problems] == [
        ("mad_per_usd", "error.progress_rate_missing", {"year": 2016})]
    assert _count(session, Expenditure) == 0


def test_overspending_a_line_needs_a_justification(engine, session, budget):
    _write(engine, record_expenditure, actor=COORDINATOR_ACTOR, line_id=budget["OH"], spent_on=date(2016, 1, 1),
           description="Overhead", amount="13900", currency="USD")
    with pytest.raises(ValidationError) as refused:
        _write(engine, record_expenditure, actor=COORDINATOR_ACTOR, line_id=budget["OH"],
               spent_on=date(2016, 2, 1), description="More overhead", amount="300", currency="USD")
    # 13,900 + 300 = 14,200: 200 over the 14,000 line.
    [problem] = refused.value.problems
    assert (problem.field, problem.key, problem.params) == (
        "justification", "error.progress_overspend_needs_justification", {"line": "OH", "over": "200.00"})
    assert _count(session, Expenditure) == 1
    row = _write(engine, record_expenditure, actor=COORDINATOR_ACTOR, line_id=budget["OH"],
                 spent_on=date(2016, 2, 1), description="More overhead", amount="300", currency="USD",
                 overspend_justification="Audit fee agreed with the donor")
    assert session.get(Expenditure, row.id).overspend_justification == "Audit fee agreed with the donor"


def test_viewers_cannot_record_expenditures(engine, session, budget):
    with pytest.raises(PermissionDenied):
        _write(engine, record_expenditure, actor=VIEWER_ACTOR, line_id=budget["VT"], spent_on=date(2015, 1, 5),
               description="x", amount="1", currency="USD")
    assert _count(session, Expenditure) == 0


def test_lines_can_move_money_when_the_rules_hold(engine, session, budget):
    # 5,000 from training to staff: 49,000 + 16,000 = 65,000 > 60,000 cap → refused.
    with pytest.raises(ValidationError) as refused:
        _write(engine, set_budget_lines, actor=ADMIN_ACTOR, project_id=budget["project"],
               amounts={budget["STAFF"]: "49000", budget["VT"]: "121000"})
    assert [p.key for p in refused.value.problems] == ["error.progress_staff_office_cap"]
    session.expire_all()
    assert session.get(BudgetLine, budget["STAFF"]).amount_usd == D(44000)
    # 4,000 from office to training keeps the total and lowers staff + office: accepted.
    _write(engine, set_budget_lines, actor=ADMIN_ACTOR, project_id=budget["project"],
           amounts={budget["OFFICE"]: "12000", budget["VT"]: "130000"})
    session.expire_all()
    assert session.get(BudgetLine, budget["VT"]).amount_usd == D(130000)


def test_lines_that_no_longer_sum_to_the_budget_are_refused(engine, session, budget):
    with pytest.raises(ValidationError) as refused:
        _write(engine, set_budget_lines, actor=ADMIN_ACTOR, project_id=budget["project"],
               amounts={budget["VT"]: "120000"})
    [problem] = refused.value.problems
    assert problem.key == "error.progress_budget_sum" and problem.params["gap"] == "6,000.00"
    assert _count(session, AuditEntry) == 0


def test_a_variance_explanation_is_required_text(engine, session, budget):
    with pytest.raises(ValidationError):
        _write(engine, explain_variance, actor=COORDINATOR_ACTOR, line_id=budget["VT"], explanation="  ")
    _write(engine, explain_variance, actor=COORDINATOR_ACTOR, line_id=budget["VT"], explanation="Cohort moved")
    session.expire_all()
    assert session.get(BudgetLine, budget["VT"]).variance_explanation == "Cohort moved"


def test_a_lines_quarterly_plan_must_add_up_to_the_line(engine, session, budget):
    from db.models import PlannedAmount

    with pytest.raises(ValidationError) as refused:
        _write(engine, set_planned_amounts, actor=ADMIN_ACTOR, line_id=budget["OH"],
               amounts={date(2014, 7, 1): "7000", date(2014, 10, 1): "6000"})
    # 7,000 + 6,000 = 13,000 ≠ 14,000.
    [problem] = refused.value.problems
    assert (problem.key, problem.params["total"]) == ("error.progress_plan_sum", "13,000.00")
    assert _count(session, PlannedAmount) == 0
    with pytest.raises(ValidationError) as refused:
        _write(engine, set_planned_amounts, actor=ADMIN_ACTOR, line_id=budget["OH"],
               amounts={date(2014, 8, 1): "14000"})
    assert [p.key for p in refused.value.problems] == ["error.progress_quarter_invalid"]
    _write(engine, set_planned_amounts, actor=ADMIN_ACTOR, line_id=budget["OH"],
           amounts={date(2014, 7, 1): "7000", date(2014, 10, 1): "7000,00"})
    assert _count(session, PlannedAmount) == 2
