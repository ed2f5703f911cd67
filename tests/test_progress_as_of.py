"""The same records seen at three as-of dates give three hand-computed sets of figures."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from db.models import (
    BudgetLine, Expenditure, Indicator, IndicatorResult, IndicatorTarget, Milestone, PlannedAmount, ResultLevel,
    WorkplanActivity,
)
from db.queries import budget as budget_queries
from db.queries.iptt import iptt
from db.queries.overview import spent_usd
from db.queries.timeline import activities, known_on, milestones
from domain.budget import burn
from domain.iptt import status_counts
from domain.timeline import ActivityDates, MilestoneDates, milestone_state, slip_days
from tests.factories import make_project

EARLY, MIDDLE, LATE = date(2014, 12, 31), date(2015, 6, 30), date(2015, 12, 31)


@pytest.fixture
def records(session):
    """One line of 100,000 USD planned 10,000 a quarter; 3 expenditures; one events indicator; a milestone."""
    project = make_project(session)
    line = BudgetLine(project_id=project.id, code="VT", name="Training", category="operational",
                      amount_usd=D(100000))
    session.add(line)
    session.flush()
    session.add_all(PlannedAmount(line_id=line.id, quarter_start=q, amount_usd=D(10000)) for q in (
        date(2014, 7, 1), date(2014, 10, 1), date(2015, 1, 1), date(2015, 4, 1), date(2015, 7, 1), date(2015, 10, 1)))
    for on, usd in ((date(2014, 9, 15), "8000"), (date(2015, 3, 1), "20000"), (date(2015, 11, 2), "12000")):
        session.add(Expenditure(line_id=line.id, spent_on=on, description="x", amount=D(usd), currency="USD",
                                units_per_usd=D(1), amount_usd=D(usd), recorded_by="t"))
    level = ResultLevel(project_id=project.id, kind="output", code="2.1", statement="Events")
    session.add(level)
    session.flush()
    indicator = Indicator(level_id=level.id, code="2.1b", name="Events held", unit="events", cumulative=False,
                          frequency="semi_annual", source="reported", lop_target=D(6))
    session.add(indicator)
    session.flush()
    semesters = ((date(2014, 7, 1), date(2014, 12, 31), 2, 2), (date(2015, 1, 1), date(2015, 6, 30), 2, 1),
                 (date(2015, 7, 1), date(2015, 12, 31), 2, 2))
    for start, end, target, value in semesters:
        session.add(IndicatorTarget(indicator_id=indicator.id, period_start=start, period_end=end, target=D(target)))
        session.add(IndicatorResult(indicator_id=indicator.id, period_start=start, period_end=end, value=D(value),
                                    reported_by="t"))
    session.add(WorkplanActivity(project_id=project.id, component="capacity_building", code="A3.1", name="Trainings",
                                 planned_start=date(2014, 10, 1), planned_end=date(2015, 3, 31),
                                 actual_start=date(2014, 11, 1), actual_end=date(2015, 5, 31)))
    session.add(Milestone(project_id=project.id, kind="interim_report", name="Interim report",
                          due_date=date(2015, 8, 11), done_on=date(2015, 8, 20)))
    session.commit()
    return project


def _figures(session, project, as_of):
    spent = spent_usd(session, project_id=project.id, as_of=as_of)
    lines = budget_queries.lines(session, project_id=project.id, as_of=as_of)
    [line] = iptt(session, project_id=project.id, as_of=as_of)
    plan = known_on(activities(session, project_id=project.id), ("actual_start", "actual_end"), as_of)
    [activity] = plan.itertuples()
    marks = known_on(milestones(session, project_id=project.id), ("done_on",), as_of)
    [mark] = marks.itertuples()
    return {
        "spent": spent, "planned_to_date": lines.planned_to_date[0],
        "burn": round(burn(spent, D(200000), project.start_date, project.end_date, as_of), 4),
        "lop_actual": line.row.lop.actual, "status": line.row.status,
        "slip": slip_days(ActivityDates(activity.planned_start, activity.planned_end, activity.actual_start,
                                        activity.actual_end), as_of),
        "milestone": milestone_state(MilestoneDates(mark.due_date, mark.done_on), as_of),
    }


def test_as_of_end_of_2014(session, records):
    # Spent: only 8,000 (15 Sep 2014). Plan: quarters from Jul and Oct 2014 = 20,000.
    # Time: 1 Jul – 31 Dec 2014 = 184 of 974 days; burn = (8,000 / 200,000) / (184 / 974) = 0.04 / 0.18891 = 0.2117.
    # IPTT: S1 actual 2 of target 2 → on track; LOP actual 2.
    # Activity planned to end 31 Mar 2015, running on 31 Dec 2014: not late yet. Milestone: later (due Aug 2015).
    assert _figures(session, records, EARLY) == {
        "spent": D("8000.00"), "planned_to_date": D("20000.00"), "burn": 0.2117, "lop_actual": D(2),
        "status": "on_track", "slip": 0, "milestone": "later"}


def test_as_of_mid_2015(session, records):
    # Spent 8,000 + 20,000 = 28,000; plan 4 quarters = 40,000.
    # Time: 365 of 974 days; burn = 0.14 / (365 / 974) = 0.14 / 0.37474 = 0.3736.
    # IPTT: S2 actual 1 of 2 = 50 % → below; LOP actual 2 + 1 = 3.
    # Activity ended 31 May 2015, planned 31 Mar: 61 days late. Milestone due 11 Aug 2015: upcoming (42 days).
    assert _figures(session, records, MIDDLE) == {
        "spent": D("28000.00"), "planned_to_date": D("40000.00"), "burn": 0.3736, "lop_actual": D(3),
        "status": "below", "slip": 61, "milestone": "upcoming"}


def test_as_of_end_of_2015(session, records):
    # Spent 28,000 + 12,000 = 40,000; plan 6 quarters = 60,000.
    # Time: 549 of 974 days; burn = 0.2 / (549 / 974) = 0.2 / 0.56366 = 0.3548.
    # IPTT: S3 actual 2 of 2 → on track; LOP actual 2 + 1 + 2 = 5 of 6.
    # Milestone done 20 Aug 2015 (after its due date, but done by now).
    assert _figures(session, records, LATE) == {
        "spent": D("40000.00"), "planned_to_date": D("60000.00"), "burn": 0.3548, "lop_actual": D(5),
        "status": "on_track", "slip": 61, "milestone": "done"}


def test_quarterly_spending_is_cut_at_as_of(session, records):
    frame = budget_queries.by_quarter(session, project_id=records.id, as_of=MIDDLE)
    spent = {q: v for q, v in zip(frame.quarter, frame.spent) if v}
    assert spent == {date(2014, 7, 1): D(8000), date(2015, 1, 1): D(20000)}


def test_status_counts_follow_the_date(session, records):
    assert status_counts([line.row for line in iptt(session, project_id=records.id, as_of=date(2014, 8, 1))])[
        "not_reporting"] == 1
