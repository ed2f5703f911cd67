"""The business-plan state machine: every pair of statuses, allowed or not."""
import itertools

import pytest

from db.models.enterprise import PLAN_STATUSES
from domain.plan_workflow import allowed_next, is_allowed, is_final, needs_reason

# Written out by hand from the workflow, independently of the module's table.
EXPECTED_ALLOWED = {
    ("draft", "submitted"),
    ("submitted", "under_review"),
    ("under_review", "returned"), ("under_review", "approved"), ("under_review", "rejected"),
    ("returned", "submitted"),
    ("approved", "disbursed"),
    ("disbursed", "launched"),
    ("launched", "operating_6m"), ("launched", "closed"),
    ("operating_6m", "closed"),
}
ALL_PAIRS = list(itertools.product(PLAN_STATUSES, PLAN_STATUSES))


@pytest.mark.parametrize(("from_status", "to_status"), sorted(EXPECTED_ALLOWED))
def test_allowed_transition_is_allowed(from_status, to_status):
    assert is_allowed(from_status, to_status)


@pytest.mark.parametrize(("from_status", "to_status"), [p for p in ALL_PAIRS if p not in EXPECTED_ALLOWED])
def test_forbidden_transition_is_refused(from_status, to_status):
    assert not is_allowed(from_status, to_status)


def test_grid_covers_every_pair_of_the_ten_statuses():
    assert len(ALL_PAIRS) == 10 * 10
    assert sum(is_allowed(a, b) for a, b in ALL_PAIRS) == 11


@pytest.mark.parametrize("status", ["returned", "rejected", "closed"])
def test_return_rejection_and_closure_need_a_reason(status):
    assert needs_reason(status)


@pytest.mark.parametrize("status", [s for s in PLAN_STATUSES if s not in ("returned", "rejected", "closed")])
def test_other_moves_need_no_reason(status):
    assert not needs_reason(status)


def test_rejected_and_closed_are_final():
    assert [s for s in PLAN_STATUSES if is_final(s)] == ["rejected", "closed"]


def test_unknown_status_goes_nowhere():
    assert allowed_next("archived") == ()
    assert not is_allowed("archived", "draft")
