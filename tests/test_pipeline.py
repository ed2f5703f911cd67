"""Pipeline calculations on a small fixture, with the arithmetic done by hand."""
from datetime import date
from decimal import Decimal

import pytest

from domain.pipeline import (
    conversions, mean_score, median_days_in_stage, money_steps, phase_of, stage_counts, stays, survival,
)

# Four plans.
#  1: draft 1 Mar → submitted 11 Mar → under_review 21 Mar → approved 31 Mar → disbursed 30 Apr → launched 10 May
#  2: draft 1 Mar → submitted 6 Mar → under_review 16 Mar → returned 20 Mar → submitted 30 Mar
#     → under_review 4 Apr → rejected 14 Apr
#  3: draft 5 Mar → submitted 25 Mar (still submitted)
#  4: draft 10 Mar (still a draft)
D = date
TRANSITIONS = [
    (1, "draft", D(2015, 3, 1)), (1, "submitted", D(2015, 3, 11)), (1, "under_review", D(2015, 3, 21)),
    (1, "approved", D(2015, 3, 31)), (1, "disbursed", D(2015, 4, 30)), (1, "launched", D(2015, 5, 10)),
    (2, "draft", D(2015, 3, 1)), (2, "submitted", D(2015, 3, 6)), (2, "under_review", D(2015, 3, 16)),
    (2, "returned", D(2015, 3, 20)), (2, "submitted", D(2015, 3, 30)), (2, "under_review", D(2015, 4, 4)),
    (2, "rejected", D(2015, 4, 14)),
    (3, "draft", D(2015, 3, 5)), (3, "submitted", D(2015, 3, 25)),
    (4, "draft", D(2015, 3, 10)),
]


def test_stays_end_at_the_next_transition_and_skip_the_current_status():
    got = stays(TRANSITIONS)
    # draft: plan 1 10 days, plan 2 5 days, plan 3 20 days (1→11, 1→6, 5→25 March); plan 4 still a draft
    assert sorted(got["draft"]) == [5, 10, 20]
    # submitted: plan 1 10 days (11→21 Mar), plan 2 twice: 10 (6→16 Mar) and 5 (30 Mar→4 Apr); plan 3 still in it
    assert sorted(got["submitted"]) == [5, 10, 10]
    # under_review: plan 1 10 (21→31 Mar), plan 2 4 (16→20 Mar) and 10 (4→14 Apr)
    assert sorted(got["under_review"]) == [4, 10, 10]
    assert got["approved"] == [30] and got["disbursed"] == [10] and got["returned"] == [10]
    assert "launched" not in got and "rejected" not in got


def test_median_days_in_stage():
    medians = median_days_in_stage(TRANSITIONS)
    # draft: median of 5, 10, 20 = 10; submitted: median of 5, 10, 10 = 10; under_review: of 4, 10, 10 = 10
    assert medians["draft"] == (10.0, 3)
    assert medians["submitted"] == (10.0, 3)
    assert medians["under_review"] == (10.0, 3)
    assert medians["approved"] == (30.0, 1)


def test_median_days_ignores_moves_after_the_as_of_date():
    medians = median_days_in_stage(TRANSITIONS, as_of=D(2015, 3, 15))
    # by 15 March only drafts were left: plan 1 after 10 days, plan 2 after 5: median (5 + 10) / 2 = 7.5.
    # Plans 1 and 2 were still submitted on 15 March (under review on 21 and 16 March): no completed stay.
    assert medians == {"draft": (7.5, 2)}


def test_conversion_between_funnel_stages():
    # Plans that ever reached each stage: draft 4, submitted 3, under_review 2, approved 1, disbursed 1,
    # launched 1, operating_6m 0.
    reached = {"draft": 4, "submitted": 3, "under_review": 2, "approved": 1, "disbursed": 1, "launched": 1}
    rates = {(c.from_stage, c.to_stage): c.rate for c in conversions(reached)}
    assert rates[("draft", "submitted")] == pytest.approx(0.75)        # 3 / 4
    assert rates[("submitted", "under_review")] == pytest.approx(2 / 3)  # 2 / 3
    assert rates[("under_review", "approved")] == pytest.approx(0.5)   # 1 / 2
    assert rates[("approved", "disbursed")] == 1.0                     # 1 / 1
    assert rates[("launched", "operating_6m")] == 0.0                  # 0 / 1


def test_conversion_from_an_empty_stage_is_blank():
    assert conversions({})[0].rate is None


def test_stage_counts_in_pipeline_order_with_zeros():
    counts = stage_counts({"launched": 1, "draft": 2})
    assert list(counts)[:3] == ["draft", "submitted", "under_review"]
    assert counts["draft"] == 2 and counts["launched"] == 1 and counts["closed"] == 0
    assert sum(counts.values()) == 3


def test_phases_group_current_statuses():
    assert [phase_of(s) for s in ("returned", "disbursed", "operating_6m", "closed")] == [
        "in_preparation", "approved", "running", "closed"]


def test_money_steps_as_shares_of_the_start_up_line():
    steps = money_steps(requested_usd=Decimal("30000"), approved_usd=Decimal("24000"),
                        disbursed_usd=Decimal("20000"), budget_usd=Decimal("40000"))
    # 30,000 / 40,000 = 0.75; 24,000 / 40,000 = 0.6; 20,000 / 40,000 = 0.5
    assert [(s.key, s.share_of_budget) for s in steps] == [
        ("requested", 0.75), ("approved", 0.6), ("disbursed", 0.5), ("budget", 1.0)]


def test_money_steps_without_a_budget_have_no_share():
    assert money_steps(requested_usd=Decimal(1), approved_usd=Decimal(0), disbursed_usd=Decimal(0),
                       budget_usd=Decimal(0))[0].share_of_budget is None


def test_survival_at_3_6_and_12_months():
    # 3 months: 4 observed, 4 operating; 6 months: 3 observed, 2 operating; 12 months: none observed yet
    rows = [(3, "operating")] * 4 + [(6, "operating"), (6, "operating"), (6, "closed")]
    got = {s.months: (s.observed, s.operating, s.rate) for s in survival(rows)}
    assert got[3] == (4, 4, 1.0)
    assert got[6] == (3, 2, pytest.approx(2 / 3))
    assert got[12] == (0, 0, None)


def test_mean_score_over_every_mark():
    # two reviewers, five criteria: (4+3+5+4+4) + (3+3+4+3+3) = 20 + 16 = 36; 36 / 10 = 3.6
    assert mean_score([4, 3, 5, 4, 4, 3, 3, 4, 3, 3]) == pytest.approx(3.6)
    assert mean_score([]) is None


def test_completion_share_of_a_module():
    from domain.pipeline import completion_share
    # 17 enrolled in CREE, 15 completed: 15 / 17 ≈ 0.882
    assert completion_share(15, 17) == pytest.approx(0.88235, abs=1e-5)
    assert completion_share(0, 0) is None
