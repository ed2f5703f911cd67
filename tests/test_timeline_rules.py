"""Workplan slips and milestone states on hand-picked dates."""
from __future__ import annotations

from datetime import date

from domain.timeline import ActivityDates, MilestoneDates, activity_state, is_slipped, milestone_state, slip_days

PLAN = dict(planned_start=date(2015, 1, 1), planned_end=date(2015, 3, 31))


def test_not_started_after_its_planned_start_has_slipped():
    a = ActivityDates(**PLAN)
    assert not is_slipped(a, date(2014, 12, 31))
    assert slip_days(a, date(2015, 1, 11)) == 10  # 11 Jan − 1 Jan


def test_finished_after_its_planned_end_has_slipped():
    a = ActivityDates(**PLAN, actual_start=date(2015, 1, 1), actual_end=date(2015, 4, 15))
    assert slip_days(a, date(2015, 12, 31)) == 15  # 15 Apr − 31 Mar
    assert activity_state(a, date(2015, 12, 31)) == "done"


def test_on_time_activity_has_not_slipped():
    a = ActivityDates(**PLAN, actual_start=date(2015, 1, 5), actual_end=date(2015, 3, 20))
    assert slip_days(a, date(2016, 1, 1)) == 0


def test_running_past_its_planned_end_slips_day_by_day():
    a = ActivityDates(**PLAN, actual_start=date(2015, 1, 1))
    assert activity_state(a, date(2015, 4, 10)) == "running"
    assert slip_days(a, date(2015, 4, 10)) == 10  # 10 Apr − 31 Mar


def test_dates_after_as_of_are_not_yet_known():
    a = ActivityDates(**PLAN, actual_start=date(2015, 2, 1), actual_end=date(2015, 3, 1))
    # On 15 Jan 2015 it had not started: 14 days late at that point.
    assert activity_state(a, date(2015, 1, 15)) == "not_started"
    assert slip_days(a, date(2015, 1, 15)) == 14


def test_milestones_late_upcoming_done():
    due = MilestoneDates(date(2015, 6, 30))
    assert milestone_state(due, date(2015, 5, 1)) == "upcoming"  # 60 days ahead, within 90
    assert milestone_state(due, date(2015, 1, 1)) == "later"
    assert milestone_state(due, date(2015, 7, 1)) == "late"
    done = MilestoneDates(date(2015, 6, 30), done_on=date(2015, 7, 10))
    assert milestone_state(done, date(2015, 7, 5)) == "late"
    assert milestone_state(done, date(2015, 7, 10)) == "done"
