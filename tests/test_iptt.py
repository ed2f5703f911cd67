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


# --- Disaggregation rows for viewers and exports: small counts hidden per period and dimension ---

def _line(breakdown, gaps, measure_type="number"):
    from db.queries.iptt import IpttLine
    from domain.iptt import Cell, Row

    row = Row(lop=Cell(D(13), D(13), 1.0), periods={S1.start: Cell(D(13), D(13), 1.0)}, status="on_track")
    return IpttLine(1, "1", "outcome", "Jobs", "1a", "Women placed", "women", "increase", False, measure_type,
                    D(0), "reported", row, breakdown, gaps)


def test_one_small_category_hides_a_second_so_the_total_does_not_give_it_away():
    from exports.iptt import iptt_rows

    # S1: total 13 = Rabat 3 + Casablanca 10. Showing 10 next to the total 13 would reveal Rabat's 3:
    # Casablanca is hidden too, as "…" (it is not under 5). Sex in S1 (F 7, M 6) has no small count: shown.
    line = _line({("city", "Casablanca"): {S1.start: D(10)}, ("city", "Rabat"): {S1.start: D(3)},
                  ("sex", "F"): {S1.start: D(7)}, ("sex", "M"): {S1.start: D(6)}}, [])
    rows = iptt_rows([line], [S1], words=lambda kind, value: value, breakdown=True, suppress=True)
    shown = {r["indicator"]: r[f"{S1.start.isoformat()}.actual"] for r in rows if r["row"] == "breakdown"}
    assert shown == {"city: Casablanca": "…", "city: Rabat": "<5", "sex: F": 7.0, "sex: M": 6.0}
    everything = iptt_rows([line], [S1], words=lambda kind, value: value, breakdown=True, suppress=False)
    assert {r["indicator"]: r[f"{S1.start.isoformat()}.actual"] for r in everything if r["row"] == "breakdown"} == {
        "city: Casablanca": 10.0, "city: Rabat": 3.0, "sex: F": 7.0, "sex: M": 6.0}


def test_a_gap_flag_keeps_its_numbers_out_when_suppressing():
    from exports.iptt import iptt_rows

    # S1: total 13, cities 3 + 9 = 12: flagged; total − sum = 1 would point at a person.
    line = _line({("city", "Casablanca"): {S1.start: D(9)}, ("city", "Rabat"): {S1.start: D(3)}},
                 [(S1.start, "city", D(13), D(12))])

    def words(gap):
        start, dimension, total, added = gap
        return f"{dimension}: {added} of {total}" if total is not None else f"{dimension}: does not add up"

    hidden = iptt_rows([line], [S1], words=lambda kind, value: value, breakdown=True, suppress=True, gap_text=words)
    assert hidden[1]["flag"] == "city: does not add up"
    shown = iptt_rows([line], [S1], words=lambda kind, value: value, breakdown=True, suppress=False, gap_text=words)
    assert shown[1]["flag"] == "city: 12 of 13"


# --- Computed indicators over their own periods (annual and semi-annual side by side) ---

def test_computed_indicators_are_worked_out_over_their_own_periods(session):
    from db.models import Indicator, IndicatorTarget, ResultLevel
    from db.queries.iptt import iptt
    from tests.factories import make_project
    from tests.stakeholder_factories import make_event, make_institution

    project = make_project(session)
    ministry = make_institution(session, "MIN")
    # Officials trained: 10 in Sep 2014, 6 in Mar 2015, 4 in Sep 2015, 5 in Mar 2016.
    for day, men in ((date(2014, 9, 10), 10), (date(2015, 3, 15), 6), (date(2015, 9, 20), 4), (date(2016, 3, 1), 5)):
        make_event(session, project, start=day, participants=((ministry, 0, men),))
    level = ResultLevel(project_id=project.id, kind="output", code="2.1", statement="Officials trained")
    session.add(level)
    session.flush()
    semi, annual, running = (
        Indicator(level_id=level.id, code=code, name=code, unit="people", cumulative=cumulative, frequency=freq,
                  source="computed", computed_measure="officials_trained")
        for code, cumulative, freq in (("A", False, "semi_annual"), ("B", False, "annual"), ("C", True, "semi_annual")))
    session.add_all([semi, annual, running])
    session.flush()
    semesters = ((date(2014, 7, 1), date(2014, 12, 31)), (date(2015, 1, 1), date(2015, 6, 30)),
                 (date(2015, 7, 1), date(2015, 12, 31)))
    years = ((date(2014, 7, 1), date(2015, 6, 30)), (date(2015, 7, 1), date(2016, 6, 30)))
    for indicator, periods in ((semi, semesters), (annual, years), (running, semesters)):
        session.add_all(IndicatorTarget(indicator_id=indicator.id, period_start=start, period_end=end, target=D(5))
                        for start, end in periods)
    session.commit()

    lines = {line.code: line for line in iptt(session, project_id=project.id, as_of=date(2016, 6, 30))}
    actual = {code: {start: cell.actual for start, cell in line.row.periods.items()} for code, line in lines.items()}
    jul14, jan15, jul15 = date(2014, 7, 1), date(2015, 1, 1), date(2015, 7, 1)
    # Semi-annual, not cumulative: 10 by Dec 2014; 16 − 10 = 6 in Jan–Jun 2015; 20 − 16 = 4 in Jul–Dec 2015.
    # (Its July 2014 column is shared with the annual indicator's year to June 2015, so it holds 10 + 6.)
    assert actual["A"][jan15] == D(6) and actual["A"][jul15] == D(4)
    assert actual["A"][jul14] == D(16)
    assert lines["A"].row.lop.actual == D(20)  # up to the end of its last semester
    # Annual, not cumulative: 16 by June 2015; 25 − 16 = 9 in the year to June 2016; nothing for a half-year.
    assert actual["B"] == {jul14: D(16), jan15: None, jul15: D(9)}
    assert lines["B"].row.lop.actual == D(25)
    # Semi-annual, cumulative: the count at each of its own period ends (10, 16, 20), never the March 2016 one.
    assert actual["C"][jan15] == D(16) and actual["C"][jul15] == D(20)
    assert lines["C"].row.lop.actual == D(20)
