"""Eight coordinators on the same plans at once: start-up support never exceeds what was approved, and a
review round ends with one decision however many reviewers press their button together."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from db.models import BusinessPlan, BusinessPlanOwner, Expenditure, PlanTransition
from db.services.business_plans import disbursed_mad, move_plan, record_disbursement
from domain.errors import ValidationError
from domain.inputs import parse
from domain.plan_inputs import DisbursementInput, PlanMove
from tests.concurrency_harness import ROUNDS, THREADS, hammer
from tests.enterprise_factories import make_participant, make_pipeline_project
from tests.factories import COORDINATOR_ACTOR

APPROVED, PAYMENT = Decimal("1000.00"), "300"  # three payments fit, the fourth would overpay


def _plans(session, *, status: str, count: int) -> list[int]:
    """`count` plans that reached `status` on 2015-06-20, one owner each."""
    project = make_pipeline_project(session)
    owner = make_participant(session, project, "CAS-0001")
    ids = []
    for n in range(1, count + 1):
        plan = BusinessPlan(project_id=project.id, code=f"BP-{n:03d}", business_idea="Stall", sector="Retail",
                            city="Casablanca", requested_mad=APPROVED, mad_per_usd=Decimal("9.76"),
                            approved_mad=APPROVED if status == "approved" else None, status=status,
                            created_on=date(2015, 6, 1))
        session.add(plan)
        session.flush()
        session.add_all([BusinessPlanOwner(plan_id=plan.id, participant_id=owner.id),
                         PlanTransition(plan_id=plan.id, from_status=None, to_status=status,
                                        occurred_on=date(2015, 6, 20), actor="coord")])
        ids.append(plan.id)
    session.commit()
    return ids


def test_simultaneous_payments_never_exceed_the_approved_amount(engine, session):
    plans = _plans(session, status="approved", count=ROUNDS)

    outcome = hammer(engine, lambda s, round_, _thread: record_disbursement(s, actor=COORDINATOR_ACTOR, given=parse(
        DisbursementInput, plan_id=plans[round_], amount_mad=PAYMENT, spent_on=date(2015, 7, 1))).id,
        refusals=(ValidationError,))

    assert outcome.errors == []
    assert len(outcome.written) == 3 * ROUNDS  # 3 × 300 = 900 ≤ 1,000 on every plan
    assert len(outcome.refused) == (THREADS - 3) * ROUNDS
    assert {p.key for r in outcome.refused for p in r.problems} == {"error.plan_disbursement_above_approved"}
    session.expire_all()
    paid = [disbursed_mad(session, plan_id) for plan_id in plans]
    assert all(amount <= APPROVED for amount in paid)
    assert paid == [Decimal("900.00")] * ROUNDS
    assert session.scalar(select(func.count()).select_from(Expenditure)) == 3 * ROUNDS
    # the first payment of each plan moved it to "disbursed", once
    moves = session.scalar(select(func.count()).select_from(PlanTransition)
                           .where(PlanTransition.to_status == "disbursed"))
    assert moves == ROUNDS


@pytest.mark.parametrize("first_decision", ["approved", "rejected"])
def test_four_approvals_and_four_rejections_at_once_store_one_decision(engine, session, first_decision):
    plans = _plans(session, status="under_review", count=ROUNDS)

    def decide(s, round_, thread):
        # half the reviewers approve, half reject (which half comes first alternates with the parameter)
        approve = (thread % 2 == 0) == (first_decision == "approved")
        return move_plan(s, actor=COORDINATOR_ACTOR, given=parse(
            PlanMove, plan_id=plans[round_], from_status="under_review",
            to_status="approved" if approve else "rejected", occurred_on=date(2015, 6, 25),
            comment="" if approve else "Market too small", approved_mad="800" if approve else None)).status

    outcome = hammer(engine, decide, refusals=(ValidationError,))

    assert outcome.errors == []
    assert len(outcome.written) == ROUNDS and len(outcome.refused) == (THREADS - 1) * ROUNDS
    assert {p.key for r in outcome.refused for p in r.problems} == {"error.plan_moved_meanwhile"}
    session.expire_all()
    decisions = session.execute(select(PlanTransition.plan_id, func.count()).where(
        PlanTransition.from_status == "under_review").group_by(PlanTransition.plan_id)).all()
    assert sorted(decisions) == [(plan_id, 1) for plan_id in plans]
    stored = session.execute(select(BusinessPlan.status, BusinessPlan.approved_mad)).all()
    assert all(status == "rejected" and approved is None or status == "approved" and approved == Decimal("800")
               for status, approved in stored)
