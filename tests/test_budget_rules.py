"""Budget figures on hand-worked numbers (domain.md, "Budget conventions")."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from domain.budget import (
    LinePlan, budget_problems, burn, cumulative, forecast_at_completion, line_variance, quarters_between, rate_for,
    to_usd,
)

RATES = {2014: D("8.41"), 2015: D("9.76"), 2016: D("9.81"), 2017: D("9.69")}


def test_mad_is_converted_at_each_years_rate():
    # 10,000 MAD in 2014: 10000 / 8.41 = 1189.0606… → 1,189.06; in 2015: 10000 / 9.76 = 1024.5901… → 1,024.59.
    assert to_usd(D(10000), rate_for(RATES, date(2014, 11, 3))) == D("1189.06")
    assert to_usd(D(10000), rate_for(RATES, date(2015, 2, 1))) == D("1024.59")
    # 2016: 9810 / 9.81 = 1000.00 exactly; 2017: 4845 / 9.69 = 500.00.
    assert to_usd(D(9810), rate_for(RATES, date(2016, 6, 30))) == D("1000.00")
    assert to_usd(D(4845), rate_for(RATES, date(2017, 1, 15))) == D("500.00")
    assert rate_for(RATES, date(2018, 1, 1)) is None


DEMO_LINES = [LinePlan("STAFF", "staff", D(44000)), LinePlan("OFFICE", "office", D(16000)),
              LinePlan("VT", "operational", D(126000)), LinePlan("OH", "overhead", D(14000))]


def test_a_budget_that_sums_and_respects_the_cap_passes():
    # 44,000 + 16,000 + 126,000 + 14,000 = 200,000; staff + office 60,000 = 30 % exactly.
    assert budget_problems(DEMO_LINES, D(200000)) == []


def test_lines_that_do_not_sum_to_the_budget_are_refused_with_the_gap():
    lines = DEMO_LINES[:-1]  # 186,000
    [problem] = budget_problems(lines, D(200000))
    assert problem.key == "error.progress_budget_sum"
    assert problem.params == {"total": "186,000.00", "budget": "200,000.00", "gap": "14,000.00"}


def test_staff_and_office_over_30_percent_are_refused():
    lines = [LinePlan("STAFF", "staff", D(50000)), LinePlan("OFFICE", "office", D(16000)),
             LinePlan("VT", "operational", D(134000))]
    # 50,000 + 16,000 = 66,000 > 60,000 (30 % of 200,000): 33.0 %.
    [problem] = budget_problems(lines, D(200000))
    assert problem.key == "error.progress_staff_office_cap"
    assert problem.params == {"amount": "66,000.00", "cap": "60,000.00", "share": "33.0"}


def test_both_rules_are_reported_together():
    lines = [LinePlan("STAFF", "staff", D(70000)), LinePlan("VT", "operational", D(100000))]
    assert [p.key for p in budget_problems(lines, D(200000))] == [
        "error.progress_budget_sum", "error.progress_staff_office_cap"]


def test_cumulative_planned_and_actual_by_quarter():
    quarters = quarters_between(date(2014, 7, 1), date(2015, 3, 31))
    assert quarters == [date(2014, 7, 1), date(2014, 10, 1), date(2015, 1, 1)]
    planned = {quarters[0]: D(100), quarters[1]: D(200), quarters[2]: D(300)}
    spent = {quarters[0]: D(80), quarters[2]: D(50)}
    assert cumulative(planned, quarters) == [D(100), D(300), D(600)]
    assert cumulative(spent, quarters) == [D(80), D(80), D(130)]


def test_burn_rate_is_share_spent_over_share_of_time():
    # 1 Jul 2014 – 28 Feb 2017 = 974 days. On 31 Dec 2015: 549 days elapsed → 549/974 = 0.56366.
    # Spent 100,000 of 200,000 = 0.5 → burn 0.5 / 0.56366 = 0.88707.
    rate = burn(D(100000), D(200000), date(2014, 7, 1), date(2017, 2, 28), date(2015, 12, 31))
    assert rate == pytest.approx(0.5 / (549 / 974))
    assert rate == pytest.approx(0.88707, abs=1e-5)


def test_variance_by_line():
    # Planned to date 12,000, spent 9,500: 2,500 under plan; 9,500 / 16,000 = 59.375 % of the line.
    v = line_variance("STK", D(16000), D(12000), D(9500))
    assert v.variance == D(2500) and v.share_spent == pytest.approx(0.59375) and not v.overspent
    over = line_variance("STK", D(16000), D(16000), D(16420))
    assert over.variance == D(-420) and over.overspent


def test_forecast_at_completion_is_spent_plus_remaining_plan():
    # Spent 9,500; plan 16,000 of which 12,000 due by now: 9,500 + 4,000 = 13,500.
    assert forecast_at_completion(D(9500), D(16000), D(12000)) == D(13500)
    # After the end nothing remains: the forecast is what was spent.
    assert forecast_at_completion(D(16420), D(16000), D(16000)) == D(16420)
