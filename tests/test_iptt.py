"""IPTT rules on hand-worked tables (domain.md, "The IPTT")."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from domain.iptt import (
    IndicatorSpec, Period, Result, baseline_aware_met, disaggregation_gaps, iptt_row, percent_met,
    status_counts, track_status,
)

# Three semesters: S1 Jul–Dec 2014, S2 Jan–Jun 2015, S3 Jul–Dec 2015.
S1, S2, S3 = (Period(date(2014, 7, 1), date(2014, 12, 31)), Period(date(2015, 1, 1), date(2015, 6, 30)),
              Period(date(2015, 7, 1), date(2015, 12, 31)))
PERIODS = (S1, S2, S3)
END = date(2017, 2, 28)


def res(period: Period, value) -> Result:
    return Result(period.start, period.end, D(value))


def test_non_cumulative_period_actual_is_the_sum_inside_the_period():
    spec = IndicatorSpec(cumulative=False)
    targets = {S1.start: D(10), S2.start: D(20), S3.start: D(30)}
    # S1: 4 + 5 = 9 of 10 → 90 %; S2: 25 of 20 → 125 %; S3: 30 of 30 → 100 %.
    results = [Result(date(2014, 7, 1), date(2014, 9, 30), D(4)), Result(date(2014, 10, 1), date(2014, 12, 31), D(5)),
               res(S2, 25), res(S3, 30)]
    row = iptt_row(spec, PERIODS, targets, results, as_of=END)
    assert [row.periods[p.start].actual for p in PERIODS] == [D(9), D(25), D(30)]
    assert [row.periods[p.start].met for p in PERIODS] == [0.9, 1.25, 1.0]
    assert [row.periods[p.start].status for p in PERIODS] == ["on_track", "above", "on_track"]
    # LOP target = 10 + 20 + 30 = 60; actual = 9 + 25 + 30 = 64; 64 / 60 = 1.0667.
    assert (row.lop.target, row.lop.actual) == (D(60), D(64))
    assert row.lop.met == pytest.approx(64 / 60)
    assert row.status == "on_track"  # the last completed period, S3


def test_cumulative_period_actual_is_the_sum_up_to_the_period_end():
    spec = IndicatorSpec(cumulative=True)
    targets = {S1.start: D(20), S2.start: D(50), S3.start: D(80)}
    results = [res(S1, 15), res(S2, 25), res(S3, 40)]
    row = iptt_row(spec, PERIODS, targets, results, as_of=END)
    # S1: 15; S2: 15 + 25 = 40; S3: 40 + 40 = 80.
    assert [row.periods[p.start].actual for p in PERIODS] == [D(15), D(40), D(80)]
    # 15/20 = 75 % below; 40/50 = 80 % below; 80/80 = 100 % on track.
    assert [row.periods[p.start].status for p in PERIODS] == ["below", "below", "on_track"]
    # LOP target is the last period target (80), never the sum 150.
    assert row.lop.target == D(80)
    assert row.lop.actual == D(80) and row.lop.met == 1.0


def test_percentage_indicator_takes_the_most_recent_value():
    spec = IndicatorSpec(measure_type="percentage", cumulative=False)
    targets = {S1.start: D(60), S2.start: D(65), S3.start: D(70)}
    results = [Result(date(2014, 7, 1), date(2014, 9, 30), D(50)), Result(date(2014, 10, 1), date(2014, 12, 31), D(58)),
               res(S3, 77)]
    row = iptt_row(spec, PERIODS, targets, results, as_of=END)
    # S1: most recent is 58 (not 50 + 58); 58/60 = 96.7 %. S2 has no result. S3: 77/70 = 110 %.
    assert row.periods[S1.start].actual == D(58)
    assert row.periods[S1.start].met == pytest.approx(58 / 60)
    assert row.periods[S2.start].actual is None and row.periods[S2.start].met is None
    assert row.periods[S3.start].met == pytest.approx(1.1)
    # LOP target: the last period target, 70; LOP actual: the latest value, 77.
    assert (row.lop.target, row.lop.actual) == (D(70), D(77))


def test_decreasing_indicator_divides_target_by_actual_and_swaps_above_and_below():
    spec = IndicatorSpec(measure_type="percentage", direction="decrease", baseline=D(85))
    targets = {S1.start: D(80), S2.start: D(70), S3.start: D(60)}
    results = [res(S1, 80), res(S2, 100), res(S3, 40)]
    row = iptt_row(spec, PERIODS, targets, results, as_of=END)
    # S1: 80/80 = 100 % on track; S2: 70/100 = 70 %, the actual (100) is above its target (70);
    # S3: 60/40 = 150 %, the actual (40) is below its target (60): the sides swap.
    assert [row.periods[p.start].met for p in PERIODS] == [1.0, 0.7, 1.5]
    assert [row.periods[p.start].status for p in PERIODS] == ["on_track", "above", "below"]
    # Baseline-aware: (85 − 40) / (85 − 60) = 45 / 25 = 180 %.
    assert baseline_aware_met(D(40), D(60), D(85)) == pytest.approx(1.8)


def test_track_status_for_decreasing_swaps_sides():
    # The band edges are on track; on a decreasing indicator a high % met means the actual is below target.
    assert track_status(0.85) == "on_track" and track_status(1.15) == "on_track"
    assert track_status(0.84) == "below" and track_status(1.16) == "above"
    assert track_status(1.16, "decrease") == "below" and track_status(0.84, "decrease") == "above"


def test_missing_targets_leave_met_blank_and_the_indicator_not_reporting():
    spec = IndicatorSpec(cumulative=False)
    row = iptt_row(spec, PERIODS, {}, [res(S1, 5)], as_of=END)
    assert row.periods[S1.start].actual == D(5)
    assert row.periods[S1.start].met is None
    assert row.lop.met is None
    assert row.status == "not_reporting"


def test_a_zero_target_leaves_met_blank():
    assert percent_met(D(5), D(0)) is None
    assert percent_met(D(5), None) is None


def test_zero_actuals_are_zero_percent_and_below():
    spec = IndicatorSpec(cumulative=False)
    targets = {S1.start: D(0), S2.start: D(10)}
    row = iptt_row(spec, PERIODS, targets, [res(S1, 0), res(S2, 0)], as_of=END)
    assert row.periods[S1.start].met is None  # target 0: blank
    assert row.periods[S2.start].actual == D(0)
    assert row.periods[S2.start].met == 0.0 and row.periods[S2.start].status == "below"
    # A decreasing indicator at 0 cannot be divided: blank.
    assert percent_met(D(0), D(10), "decrease") is None


def test_a_period_with_no_result_is_blank_and_not_zero():
    spec = IndicatorSpec(cumulative=False)
    targets = {S1.start: D(10), S2.start: D(10), S3.start: D(10)}
    row = iptt_row(spec, PERIODS, targets, [res(S1, 10), res(S3, 12)], as_of=END)
    assert row.periods[S2.start].actual is None and row.periods[S2.start].met is None
    assert row.periods[S2.start].status is None
    # LOP: target 30, actual 10 + 12 = 22, 73.3 %.
    assert row.lop.actual == D(22) and row.lop.met == pytest.approx(22 / 30)


def test_lop_only_indicator_uses_its_stated_target():
    spec = IndicatorSpec(cumulative=True, lop_target=D(8))
    row = iptt_row(spec, PERIODS, {}, [res(S1, 3), res(S3, 4)], as_of=END)
    # No period targets: LOP target = stated 8; actual 3 + 4 = 7; 7/8 = 87.5 % → on track.
    assert (row.lop.target, row.lop.actual) == (D(8), D(7))
    assert row.lop.met == 0.875
    assert row.status == "on_track"


def test_only_completed_periods_count_toward_on_track_and_later_results_are_cut():
    spec = IndicatorSpec(cumulative=False)
    targets = {S1.start: D(10), S2.start: D(10)}
    as_of = date(2015, 3, 31)  # S1 completed, S2 running
    row = iptt_row(spec, PERIODS, targets, [res(S1, 5), res(S2, 10)], as_of=as_of)
    # S2's result ends 30 June 2015, after as_of: left out. S1 5/10 = 50 % below.
    assert row.periods[S2.start].actual is None
    assert row.periods[S2.start].status is None
    assert row.status == "below"
    assert row.lop.actual == D(5)


def test_no_targets_and_no_results_is_not_reporting():
    row = iptt_row(IndicatorSpec(), PERIODS, {}, [], as_of=END)
    assert row.status == "not_reporting"
    assert status_counts([row]) == {"on_track": 0, "above": 0, "below": 0, "not_reporting": 1}


def test_disaggregations_that_do_not_add_up_are_flagged():
    totals = {(S1.start, "total"): D(5), (S2.start, "total"): D(4)}
    parts = {(S1.start, "city", "Rabat"): D(2), (S1.start, "city", "Casablanca"): D(3),
             (S2.start, "city", "Rabat"): D(1), (S2.start, "city", "Casablanca"): D(2)}
    # S1: 2 + 3 = 5 adds up; S2: 1 + 2 = 3 ≠ 4.
    assert disaggregation_gaps(totals, parts) == [(S2.start, "city", D(4), D(3))]
