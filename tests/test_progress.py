"""Progress shares on the overview, with expectations worked out by hand."""
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from domain.progress import burn_rate, progress_bars, share_of, time_elapsed_share

START, END = date(2014, 7, 1), date(2017, 2, 28)  # 974 days, both ends counted


def test_first_day_counts_one_day_of_the_period():
    assert time_elapsed_share(START, END, START) == pytest.approx(1 / 974)


def test_half_way_through_a_ten_day_period():
    assert time_elapsed_share(date(2020, 1, 1), date(2020, 1, 10), date(2020, 1, 5)) == pytest.approx(0.5)


def test_31_december_2015_is_549_days_into_the_project():
    # Jul–Dec 2014: 184 days, 2015: 365 days -> 549 of 974.
    assert time_elapsed_share(START, END, date(2015, 12, 31)) == pytest.approx(549 / 974)


def test_dates_outside_the_period_are_clipped():
    assert time_elapsed_share(START, END, date(2013, 1, 1)) == 0.0
    assert time_elapsed_share(START, END, date(2020, 1, 1)) == 1.0


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        time_elapsed_share(END, START, START)


def test_share_of_is_blank_without_a_target_or_with_a_zero_target():
    assert share_of(5, None) is None
    assert share_of(5, 0) is None
    assert share_of(135, 150) == pytest.approx(0.9)


def test_burn_rate_is_spent_share_over_time_share():
    assert burn_rate(0.5, 0.4) == pytest.approx(1.25)
    assert burn_rate(0.5, 0) is None


def test_progress_bars_put_time_and_budget_first_and_skip_measures_without_target():
    bars = progress_bars(start=date(2020, 1, 1), end=date(2020, 1, 10), as_of=date(2020, 1, 5),
                         spent=Decimal("50000"), budget=Decimal("200000"),
                         actuals={"women_reached": 135, "placed_in_work": 41, "officials_trained": 10},
                         targets={"women_reached": Decimal("150"), "placed_in_work": Decimal("0")})
    assert [(b.kind, b.key, round(b.share, 4)) for b in bars] == [
        ("time", "progress.time_elapsed", 0.5),
        ("budget", "progress.budget_spent", 0.25),
        ("target", "measure.women_reached", 0.9),
    ]
    assert (bars[0].actual, bars[0].target) == (5.0, 10.0)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)))
def test_time_share_stays_between_0_and_1_and_grows_with_the_date(as_of):
    share = time_elapsed_share(START, END, as_of)
    assert 0.0 <= share <= 1.0
    assert share <= time_elapsed_share(START, END, as_of.replace(year=as_of.year + 1) if not (
        as_of.month == 2 and as_of.day == 29) else date(as_of.year + 1, 3, 1))
