"""Attendance, completion, the funnel and its breakdowns, worked out by hand (suppression: test_disclosure.py)."""
from datetime import date

import pytest

from domain.cohort_results import (
    EnrolmentRecord, age_band, attendance_rate, attended_enough, breakdown, funnel, pooled_attendance_rate,
)

# A cohort of five women and ten sessions (the small fixture of the acceptance criteria).
COHORT = [
    EnrolmentRecord(10, 10, "completed", True, True, "F", 1990, "SN", "Casablanca"),   # 100 %
    EnrolmentRecord(10, 8, "completed", True, False, "F", 1985, "CI", "Casablanca"),   # 80 %: exactly enough
    EnrolmentRecord(10, 7, "completed", False, True, "F", 1995, "SN", "Rabat"),        # 70 %: completed anyway
    EnrolmentRecord(10, 9, "enrolled", False, False, "M", 1970, "CM", "Rabat"),        # 90 %, still enrolled
    EnrolmentRecord(4, 2, "dropped_out", False, False, "F", None, "SN", "Rabat"),      # 50 %, left after 4
]


def test_attendance_rate_is_present_over_marked():
    assert attendance_rate(8, 10) == 0.8
    assert attendance_rate(0, 0) is None


def test_attendance_rate_refuses_more_present_than_marked():
    with pytest.raises(ValueError):
        attendance_rate(11, 10)


def test_exactly_the_threshold_counts_as_enough_and_just_below_does_not():
    assert attended_enough(8, 10) is True        # 0.80 >= 0.80
    assert attended_enough(7, 10) is False       # 0.70 < 0.80
    assert attended_enough(7, 10, threshold=0.7) is True
    assert attended_enough(4, 5) is True         # 0.8 computed from other numbers
    assert attended_enough(0, 0) is False        # no session yet


def test_pooled_attendance_rate_of_the_cohort():
    # (10 + 8 + 7 + 9 + 2) present of (10 + 10 + 10 + 10 + 4) marked = 36 / 44
    assert pooled_attendance_rate(COHORT) == pytest.approx(36 / 44)


def test_funnel_counts_each_stage_at_the_default_threshold():
    # Each stage keeps only those who passed every earlier one:
    # attended >= 80 %: rows 1, 2, 4 -> 3; of those completed: rows 1, 2 -> 2 (row 3 completed at 70 %);
    # certified: rows 1, 2 -> 2; placed at 6 months: row 1 -> 1 (row 3 is placed but never got this far)
    stages = funnel(COHORT)
    assert [(s.key, s.count) for s in stages] == [
        ("enrolled", 5), ("attended", 3), ("completed", 2), ("certified", 2), ("placed", 1)]
    assert [s.share for s in stages] == [1.0, 0.6, 0.4, 0.4, 0.2]


def test_a_lower_threshold_lets_more_through_the_attendance_stage():
    # at 70 %: rows 1, 2, 3, 4 -> 4 (the drop-out at 50 % still fails); completed: 1, 2, 3 -> 3;
    # certified: 1, 2 -> 2; placed: 1 -> 1
    assert [s.count for s in funnel(COHORT, threshold=0.7)] == [5, 4, 3, 2, 1]


def test_the_funnel_never_widens():
    counts = [s.count for s in funnel(COHORT)]
    assert counts == sorted(counts, reverse=True)


def test_an_empty_funnel_has_no_shares():
    assert [(s.count, s.share) for s in funnel([])] == [(0, None)] * 5


def test_age_bands_on_the_as_of_date():
    as_of = date(2016, 6, 30)
    # 2016 - 1992 = 24; 2016 - 1991 = 25; 2016 - 1982 = 34; 2016 - 1981 = 35; 2016 - 1971 = 45
    assert [age_band(y, as_of) for y in (1992, 1991, 1982, 1981, 1971, None)] == [
        "under_25", "25_34", "25_34", "35_44", "45_plus", "unknown"]


def test_breakdown_by_sex():
    table = breakdown(COHORT, "sex", date(2016, 1, 1))
    assert table == {
        "F": {"enrolled": 4, "attended": 2, "completed": 2, "certified": 2, "placed": 1},
        "M": {"enrolled": 1, "attended": 1, "completed": 0, "certified": 0, "placed": 0},
    }


def test_breakdown_by_age_band_puts_missing_birth_years_in_unknown():
    # in 2016: 1990 -> 26, 1985 -> 31, 1995 -> 21, 1970 -> 46, None
    table = breakdown(COHORT, "age_band", date(2016, 1, 1))
    assert {k: v["enrolled"] for k, v in table.items()} == {"25_34": 2, "45_plus": 1, "under_25": 1, "unknown": 1}


def test_breakdown_by_nationality_largest_first():
    table = breakdown(COHORT, "nationality", date(2016, 1, 1))
    assert list(table) == ["SN", "CI", "CM"]
    assert table["SN"]["enrolled"] == 3


def test_monthly_attendance_pools_the_sessions_of_each_month():
    import pandas as pd

    from domain.cohort_results import monthly_attendance

    sessions = pd.DataFrame({"session_date": [date(2015, 1, 12), date(2015, 1, 19), date(2015, 2, 2)],
                             "present": [9, 6, 8], "marked": [10, 10, 10]})
    months = monthly_attendance(sessions)
    # January: (9 + 6) / 20 = 0.75; February: 8 / 10 = 0.8
    assert list(months["month"]) == [date(2015, 1, 1), date(2015, 2, 1)]
    assert list(months["rate"]) == [0.75, 0.8]


from hypothesis import given, strategies as st  # noqa: E402

from domain.cohort_results import STAGES  # noqa: E402

records = st.builds(
    lambda marked, share, status, certified, placed: EnrolmentRecord(
        marked, round(marked * share), status, certified, placed),
    st.integers(0, 30), st.floats(0, 1), st.sampled_from(["enrolled", "completed", "dropped_out"]),
    st.booleans(), st.booleans())


@given(st.lists(records, max_size=40), st.floats(0.5, 1.0))
def test_the_funnel_never_widens_whatever_the_records(cohort, threshold):
    counts = [s.count for s in funnel(cohort, threshold)]
    assert counts == sorted(counts, reverse=True) and counts[0] == len(cohort)


@given(st.lists(records, min_size=1, max_size=40), st.sampled_from(["sex", "age_band", "nationality", "city"]))
def test_a_breakdown_adds_up_to_the_funnel(cohort, dimension):
    table = breakdown(cohort, dimension, date(2016, 1, 1))
    totals = {s.key: s.count for s in funnel(cohort)}
    assert {k: sum(row[k] for row in table.values()) for k in STAGES} == totals
