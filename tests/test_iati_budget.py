"""Original and revised budgets by year, worked out by hand."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from domain.budget_revisions import (
    PlanRevision, budget_years, last_revision_on, original_plan, plan_on, yearly_totals,
)

Q1_15, Q3_15, Q1_16 = date(2015, 1, 1), date(2015, 7, 1), date(2016, 1, 1)
CURRENT = {Q1_15: D(3000), Q3_15: D(1500), Q1_16: D(3500)}
FIRST = PlanRevision(1, date(2015, 9, 30), before={Q1_15: D(3000), Q3_15: D(3000), Q1_16: D(2000)},
                     after={Q1_15: D(3000), Q3_15: D(2000), Q1_16: D(3000)})
SECOND = PlanRevision(1, date(2016, 2, 15), before=FIRST.after, after=CURRENT)


def test_a_line_never_revised_has_todays_plan_as_its_original_and_on_every_date():
    assert original_plan(CURRENT, []) == CURRENT
    assert plan_on(CURRENT, [], date(2014, 1, 1)) == CURRENT


def test_the_original_plan_is_the_one_the_first_revision_replaced():
    assert original_plan(CURRENT, [FIRST, SECOND]) == FIRST.before


def test_the_plan_on_a_date_is_the_one_after_the_last_revision_made_by_then():
    assert plan_on(CURRENT, [FIRST, SECOND], date(2015, 9, 29)) == FIRST.before
    assert plan_on(CURRENT, [FIRST, SECOND], date(2015, 9, 30)) == FIRST.after
    assert plan_on(CURRENT, [FIRST, SECOND], date(2016, 6, 30)) == CURRENT


def test_the_last_revision_date_is_cut_at_the_as_of_date():
    assert last_revision_on([FIRST, SECOND], date(2015, 9, 29)) is None
    assert last_revision_on([FIRST, SECOND], date(2016, 1, 31)) == date(2015, 9, 30)


def test_budget_years_are_calendar_years_cut_at_the_project_dates():
    assert budget_years(date(2014, 7, 1), date(2017, 2, 28)) == [
        (date(2014, 7, 1), date(2014, 12, 31)), (date(2015, 1, 1), date(2015, 12, 31)),
        (date(2016, 1, 1), date(2016, 12, 31)), (date(2017, 1, 1), date(2017, 2, 28))]


def test_yearly_totals_add_every_lines_quarters_in_the_year_they_start():
    years = budget_years(date(2015, 1, 1), date(2016, 6, 30))
    staff = {Q1_15: D(1000), Q1_16: D(1000)}
    # 2015: 1,000 + 3,000 + 3,000 = 7,000; 2016: 1,000 + 2,000 = 3,000.
    assert yearly_totals([staff, FIRST.before], years) == [D(7000), D(3000)]
    # after the revision: 1,000 + 3,000 + 2,000 = 6,000; 1,000 + 3,000 = 4,000.
    assert yearly_totals([staff, FIRST.after], years) == [D(6000), D(4000)]
