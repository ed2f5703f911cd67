"""Eight coordinators at once on the budget and the results framework: a line is never taken over its budget
without a justification, and a period's result is reported once — the others are told so in plain words."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from db.models import BudgetLine, Expenditure, Indicator, IndicatorResult, ResultLevel
from db.services.budget import record_expenditure
from db.services.results import report_result
from domain.budget_inputs import ExpenditureInput
from domain.errors import ValidationError
from domain.inputs import parse
from domain.results_inputs import ResultReport
from tests.concurrency_harness import ROUNDS, THREADS, hammer
from tests.factories import COORDINATOR_ACTOR, make_project


def test_simultaneous_expenditures_never_take_a_line_over_its_budget_unjustified(engine, session):
    project = make_project(session)
    lines = [BudgetLine(project_id=project.id, code=f"L{n:02d}", name="Kits", category="operational",
                        amount_usd=Decimal("1000")) for n in range(ROUNDS)]
    session.add_all(lines)
    session.commit()
    ids = [line.id for line in lines]

    outcome = hammer(engine, lambda s, round_, _thread: record_expenditure(s, actor=COORDINATOR_ACTOR, given=parse(
        ExpenditureInput, line_id=ids[round_], spent_on=date(2015, 3, 2), description="Kits", amount="300",
        currency="USD")).id, refusals=(ValidationError,))

    assert outcome.errors == []
    assert len(outcome.written) == 3 * ROUNDS  # 900 ≤ 1,000; a fourth 300 would need a justification
    assert {p.key for r in outcome.refused for p in r.problems} == {"error.progress_overspend_needs_justification"}
    spent = dict(session.execute(select(Expenditure.line_id, func.sum(Expenditure.amount_usd))
                                 .group_by(Expenditure.line_id)).all())
    assert all(Decimal(spent[i]) == Decimal("900") for i in ids)


def test_a_period_reported_by_eight_coordinators_at_once_holds_one_result(engine, session):
    project = make_project(session)
    level = ResultLevel(project_id=project.id, kind="outcome", code="1", statement="Jobs")
    session.add(level)
    session.flush()
    indicator = Indicator(level_id=level.id, code="1a", name="Events held", unit="events", source="reported")
    session.add(indicator)
    session.commit()
    starts = [date(2015, 1, 1) + timedelta(days=n) for n in range(ROUNDS)]

    outcome = hammer(engine, lambda s, round_, thread: report_result(s, actor=COORDINATOR_ACTOR, given=parse(
        ResultReport, indicator_id=indicator.id, period_start=starts[round_], period_end=starts[round_],
        value=str(thread))).id, refusals=(ValidationError,))

    assert outcome.errors == []
    assert len(outcome.written) == ROUNDS and len(outcome.refused) == (THREADS - 1) * ROUNDS
    assert {p.key for r in outcome.refused for p in r.problems} == {"error.progress_result_exists"}
    per_period = session.execute(select(IndicatorResult.period_start, func.count())
                                 .group_by(IndicatorResult.period_start)).all()
    assert sorted(per_period) == [(start, 1) for start in starts]
