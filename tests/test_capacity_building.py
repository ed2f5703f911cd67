"""Pure capacity-building rules, checked against totals worked out by hand on a small fixture."""
from datetime import date
from decimal import Decimal

import pytest

from domain.capacity_building import (
    ParticipationTotal, by_sex, days_overdue, is_overdue, learning_gain, participation_totals, quarter_ends,
    share_of_women, status_counts_over_time, status_on,
)

# Five participation rows of two events, as the query hands them over.
ROWS = [
    {"type": "government", "level": "central", "women": 3, "men": 4},
    {"type": "government", "level": "local", "women": 2, "men": 1},
    {"type": "ngo", "level": "local", "women": 5, "men": 0},
    {"type": "government", "level": "central", "women": 1, "men": 2},
    {"type": "international", "level": "central", "women": 1, "men": 1},
]


def test_totals_by_institution_type():
    # government: women 3+2+1 = 6, men 4+1+2 = 7, total 13; ngo 5 + 0 = 5; international 1 + 1 = 2
    totals = participation_totals(ROWS, ("type",))
    assert [(t.group, t.women, t.men, t.total) for t in totals] == [
        (("government",), 6, 7, 13), (("ngo",), 5, 0, 5), (("international",), 1, 1, 2)]


def test_totals_by_level():
    # central: women 3+1+1 = 5, men 4+2+1 = 7 → 12; local: women 2+5 = 7, men 1+0 = 1 → 8
    totals = participation_totals(ROWS, ("level",))
    assert [(t.group, t.women, t.men, t.total) for t in totals] == [
        (("central",), 5, 7, 12), (("local",), 7, 1, 8)]


def test_totals_by_type_and_level():
    # government·central: women 3+1 = 4, men 4+2 = 6 → 10; government·local 2+1 = 3
    totals = {t.group: t.total for t in participation_totals(ROWS, ("type", "level"))}
    assert totals == {("government", "central"): 10, ("government", "local"): 3, ("ngo", "local"): 5,
                      ("international", "central"): 2}


def test_grand_totals_add_up_whatever_the_grouping():
    # women 3+2+5+1+1 = 12, men 4+1+0+2+1 = 8, everyone 20
    for by in (("type",), ("level",), ("type", "level")):
        totals = participation_totals(ROWS, by)
        assert (sum(t.women for t in totals), sum(t.men for t in totals)) == (12, 8)


def test_share_of_women():
    # 12 women of 20 participants
    assert share_of_women(participation_totals(ROWS, ("type",))) == pytest.approx(0.6)
    assert share_of_women([]) is None


def test_by_sex_gives_one_row_per_group_and_sex_women_first():
    assert by_sex([ParticipationTotal(("ngo",), 5, 0)]) == [(("ngo",), "women", 5), (("ngo",), "men", 0)]


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        participation_totals([{"type": "ngo", "women": -1, "men": 2}], ("type",))


def test_learning_gain_in_points_relative_and_normalised():
    # pre 48.5, post 71 on 100: gain 22.5 points; 22.5 / 48.5 = 0.4639; 22.5 / (100 − 48.5) = 0.4369
    gain = learning_gain(48.5, 71, 100)
    assert gain.points == Decimal("22.5")
    assert gain.relative == pytest.approx(0.46392, abs=1e-5)
    assert gain.normalised == pytest.approx(0.43689, abs=1e-5)


def test_learning_gain_on_a_scale_of_20():
    # pre 10, post 15 on 20: +5 points, 5/10 = 50 % relative, 5/(20 − 10) = 50 % of the room to grow
    gain = learning_gain(10, 15, 20)
    assert (gain.points, gain.relative, gain.normalised) == (Decimal(5), 0.5, 0.5)


def test_a_drop_is_a_negative_gain():
    assert learning_gain(60, 55).points == Decimal(-5)


def test_gains_without_a_base_are_blank():
    assert learning_gain(0, 40).relative is None
    assert learning_gain(100, 100).normalised is None


@pytest.mark.parametrize("pre, post", [(-1, 50), (50, 101)])
def test_scores_outside_the_scale_are_refused(pre, post):
    with pytest.raises(ValueError):
        learning_gain(pre, post, 100)


@pytest.mark.parametrize("status, as_of, expected", [
    ("in_progress", date(2016, 5, 1), True),   # due 30 April, still in progress the day after
    ("open", date(2016, 5, 1), True),
    ("in_progress", date(2016, 4, 30), False),  # due today: not late yet
    ("done", date(2016, 6, 1), False),
    ("dropped", date(2016, 6, 1), False),
])
def test_overdue_means_due_before_as_of_and_still_pending(status, as_of, expected):
    assert is_overdue(date(2016, 4, 30), status, as_of) is expected


def test_a_point_without_due_date_is_never_overdue():
    assert not is_overdue(None, "open", date(2017, 2, 28))


def test_days_overdue():
    # from 30 April to 14 June 2016: 1 (1 May) … 31 May is 31 days, + 14 days of June = 45
    assert days_overdue(date(2016, 4, 30), "in_progress", date(2016, 6, 14)) == 45
    assert days_overdue(date(2016, 4, 30), "done", date(2016, 6, 14)) == 0


HISTORIES = {
    1: [("open", date(2015, 3, 24)), ("in_progress", date(2015, 4, 21)), ("done", date(2015, 7, 10))],
    2: [("open", date(2015, 3, 24)), ("in_progress", date(2015, 5, 12))],
    3: [("open", date(2015, 6, 16))],
}


def test_status_on_a_day_is_the_latest_change_up_to_it():
    assert status_on(HISTORIES[1], date(2015, 3, 23)) is None
    assert status_on(HISTORIES[1], date(2015, 4, 21)) == "in_progress"
    assert status_on(HISTORIES[1], date(2017, 1, 1)) == "done"


def test_status_counts_over_time():
    # 31 March: points 1 and 2 open, 3 not yet agreed; 30 June: 1 and 2 in progress, 3 open;
    # 30 September: 1 done, 2 in progress, 3 open
    days = [date(2015, 3, 31), date(2015, 6, 30), date(2015, 9, 30)]
    assert status_counts_over_time(HISTORIES, days) == [
        (days[0], "open", 2),
        (days[1], "in_progress", 2), (days[1], "open", 1),
        (days[2], "done", 1), (days[2], "in_progress", 1), (days[2], "open", 1),
    ]


def test_quarter_ends_up_to_the_as_of_date():
    assert quarter_ends(date(2014, 7, 1), date(2015, 2, 10)) == [
        date(2014, 9, 30), date(2014, 12, 31), date(2015, 2, 10)]
    assert quarter_ends(date(2014, 7, 1), date(2014, 12, 31)) == [date(2014, 9, 30), date(2014, 12, 31)]
