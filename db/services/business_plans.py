"""Use cases of the micro-enterprise pipeline: create a plan, move it, score it, pay its start-up support,
and follow the enterprise after launch. Each takes its typed input (domain/plan_inputs.py), validates
everything first, then writes in one transaction.

Rules that span rows hold under concurrency because each use case locks the plan first (`lock_row`) and
reads the rule's inputs afterwards: paid ≤ approved, and one decision per review round (a move is a
compare-and-set on the status read under the lock)."""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.concurrency import lock_row, take_numbers
from db.models import (
    BudgetLine, BusinessPlan, BusinessPlanOwner, EnterpriseStatus, ExchangeRate, Expenditure, MentoringVisit,
    Participant, PlanScore, PlanTransition, Project,
)
from db.models.enterprise import RUBRIC
from db.services.period_locks import lock_problems
from domain.errors import Problem, ValidationError, check
from domain.inputs import date_problems
from domain.plan_inputs import (
    DisbursementInput, EnterpriseStatusInput, MentoringVisitInput, PlanInput, PlanMove, PlanScoreInput,
)
from domain.plan_workflow import DISBURSABLE, LAUNCHED_OR_LATER, is_allowed, needs_reason
from domain.vocabulary import FOLLOW_UP_MONTHS

START_UP_LINE = "ENT"  # the budget line that start-up grants and kits draw on
CENT = Decimal("0.01")
ENTERPRISE_MONTHS = FOLLOW_UP_MONTHS


def _field_date_problems(session: Session, field: str, day: date | None, project_id: int, *,
                         not_before: date | None = None) -> list[Problem]:
    """A field date: inside the project, not in the future, not before the plan's previous step, and
    outside any locked period (lock_problems, the one rule)."""
    project = session.get(Project, project_id)
    problems = date_problems(field, day, project.start_date, project.end_date)
    if not problems and not_before is not None and day < not_before:
        problems.append(Problem(field, "error.plan_date_before_previous", {"previous": not_before.isoformat()}))
    return problems + lock_problems(session, project_id=project_id, field=field, day=day)


def year_rate(session: Session, *, project_id: int, on: date) -> Decimal | None:
    """MAD per USD of the year of `on`, as kept in the project's exchange rates."""
    return session.scalar(select(ExchangeRate.units_per_usd).where(
        ExchangeRate.project_id == project_id, ExchangeRate.currency == "MAD", ExchangeRate.year == on.year))


def _rate(session: Session, project_id: int, on: date | None,
          given: Decimal | None) -> tuple[Decimal | None, list[Problem]]:
    """The rate of the day when one is typed, else the year's average rate."""
    if given is not None or on is None:
        return given, []
    rate = year_rate(session, project_id=project_id, on=on)
    if rate is None:
        return None, [Problem("mad_per_usd", "error.plan_rate_missing", {"year": on.year})]
    return rate, []


def _locked_plan(session: Session, plan_id: int) -> BusinessPlan:
    """The plan, locked until the transaction ends: every rule that reads it (its status, what was paid)
    is read after this, so two writers on one plan go one after the other."""
    plan = lock_row(session, BusinessPlan, plan_id)
    if plan is None:
        raise ValidationError([Problem("plan", "error.plan_not_found")])
    return plan


def _last_move(session: Session, plan_id: int) -> date | None:
    return session.scalar(select(func.max(PlanTransition.occurred_on)).where(PlanTransition.plan_id == plan_id))


def _highest_code_number(session: Session, project_id: int) -> int:
    """The highest BP-nnn already used (read once, when the project's plan counter is first made)."""
    codes = session.scalars(select(BusinessPlan.code).where(BusinessPlan.project_id == project_id)).all()
    return max((int(c[3:]) for c in codes if c.startswith("BP-") and c[3:].isdigit()), default=0)


def _next_code(session: Session, project_id: int) -> str:
    number, = take_numbers(session, project_id=project_id, series="business_plan",
                           highest_used=lambda: _highest_code_number(session, project_id))
    return f"BP-{number:03d}"


def create_plan(session: Session, *, actor: Actor, project_id: int, given: PlanInput) -> BusinessPlan:
    """Register a draft plan for one owner (or several, for a group enterprise)."""
    require_role(actor, ADMIN, COORDINATOR)
    if session.get(Project, project_id) is None:
        raise ValidationError([Problem("project", "error.project_not_found")])
    owners = list(given.owners)
    problems: list[Problem] = []
    found = set(session.scalars(select(Participant.id).where(
        Participant.id.in_(owners), Participant.project_id == project_id)))
    if found != set(owners):
        problems.append(Problem("owners", "error.plan_owner_unknown"))
    problems += _field_date_problems(session, "created_on", given.created_on, project_id)
    rate, rate_problems = _rate(session, project_id, given.created_on, given.mad_per_usd)
    problems += rate_problems
    check(problems)
    plan = BusinessPlan(project_id=project_id, code=_next_code(session, project_id),
                        business_idea=given.business_idea, sector=given.sector, city=given.city,
                        requested_mad=given.requested_mad, mad_per_usd=rate, documents_ref=given.documents_ref,
                        status="draft", created_on=given.created_on)
    session.add(plan)
    session.flush()
    session.add_all(BusinessPlanOwner(plan_id=plan.id, participant_id=o) for o in owners)
    session.add(PlanTransition(plan_id=plan.id, from_status=None, to_status="draft", occurred_on=given.created_on,
                               actor=actor.username, comment=""))
    audit.record(session, actor=actor, action="create", entity="business_plan", entity_id=plan.id,
                 code=plan.code, owners=owners, requested_mad=str(given.requested_mad), mad_per_usd=str(rate))
    return plan


def move_plan(session: Session, *, actor: Actor, given: PlanMove) -> BusinessPlan:
    """Move a plan one step through the pipeline; approval sets the approved amount.

    The move is a compare-and-set on the status read under the plan's lock: when the form says which
    status it showed (`from_status`) and the plan has moved since, nothing is written. Start-up support is
    paid with `record_disbursement`, which makes the move to "disbursed" itself.
    """
    require_role(actor, ADMIN, COORDINATOR)
    plan = _locked_plan(session, given.plan_id)
    to_status, comment = given.to_status, given.comment
    problems: list[Problem] = []
    if given.from_status is not None and given.from_status != plan.status:
        problems.append(Problem("to_status", "error.plan_moved_meanwhile",
                                {"from_status": given.from_status, "status": plan.status}))
    elif to_status == "disbursed" and plan.status == "approved":
        problems.append(Problem("to_status", "error.plan_disburse_with_amount"))
    elif not is_allowed(plan.status, to_status):
        problems.append(Problem("to_status", "error.plan_transition_not_allowed",
                                {"from_status": plan.status, "to_status": to_status}))
    if needs_reason(to_status) and not comment:
        problems.append(Problem("comment", "error.plan_reason_required"))
    approved = given.approved_mad if to_status == "approved" else None
    if to_status == "approved" and approved is None:
        problems.append(Problem("approved_mad", "error.required"))
    if approved is not None and approved > plan.requested_mad:
        problems.append(Problem("approved_mad", "error.plan_approved_above_requested",
                                {"requested": f"{plan.requested_mad:,.0f}"}))
    problems += _field_date_problems(session, "occurred_on", given.occurred_on, plan.project_id,
                                     not_before=_last_move(session, plan.id))
    check(problems)
    session.add(PlanTransition(plan_id=plan.id, from_status=plan.status, to_status=to_status,
                               occurred_on=given.occurred_on, actor=actor.username, comment=comment))
    old = plan.status
    plan.status = to_status
    if approved is not None:
        plan.approved_mad = approved
    session.flush()
    audit.record(session, actor=actor, action="move", entity="business_plan", entity_id=plan.id,
                 old=old, new=to_status, occurred_on=given.occurred_on, comment=comment,
                 **({"approved_mad": str(approved)} if approved is not None else {}))
    return plan


def score_plan(session: Session, *, actor: Actor, given: PlanScoreInput) -> PlanScore:
    """One reviewer's rubric (1–5 on each criterion); scoring again replaces that reviewer's marks."""
    require_role(actor, ADMIN, COORDINATOR)
    plan = _locked_plan(session, given.plan_id)
    problems: list[Problem] = []
    reviewed = session.scalar(select(func.min(PlanTransition.occurred_on)).where(
        PlanTransition.plan_id == plan.id, PlanTransition.to_status == "under_review"))
    if reviewed is None:
        problems.append(Problem("plan", "error.plan_not_reviewed_yet"))
    problems += _field_date_problems(session, "scored_on", given.scored_on, plan.project_id, not_before=reviewed)
    check(problems)
    marks = {criterion: getattr(given, criterion) for criterion in RUBRIC}
    score = session.scalar(select(PlanScore).where(PlanScore.plan_id == plan.id,
                                                   PlanScore.reviewer == given.reviewer))
    action = "rescore" if score else "score"
    if score is None:
        score = PlanScore(plan_id=plan.id, reviewer=given.reviewer)
        session.add(score)
    else:  # the earlier marks' date must be open too: a locked score is not rewritten
        check(lock_problems(session, project_id=plan.project_id, field="scored_on", day=score.scored_on))
    score.scored_on, score.comment = given.scored_on, given.comment
    for criterion, value in marks.items():
        setattr(score, criterion, value)
    session.flush()
    audit.record(session, actor=actor, action=action, entity="plan_score", entity_id=score.id,
                 plan_id=plan.id, reviewer=given.reviewer, **marks)
    return score


def disbursed_mad(session: Session, plan_id: int) -> Decimal:
    """MAD already paid to a plan (any payment made in USD counted at the plan's rate)."""
    total = session.scalar(select(func.coalesce(func.sum(Expenditure.amount), 0)).where(
        Expenditure.business_plan_id == plan_id, Expenditure.currency == "MAD"))
    in_usd = session.scalar(select(func.coalesce(func.sum(Expenditure.amount_usd), 0)).where(
        Expenditure.business_plan_id == plan_id, Expenditure.currency == "USD"))
    plan = session.get(BusinessPlan, plan_id)
    return Decimal(total or 0) + Decimal(in_usd or 0) * (plan.mad_per_usd if plan else Decimal(0))


def record_disbursement(session: Session, *, actor: Actor, given: DisbursementInput) -> Expenditure:
    """Pay start-up support (grant or kit): one expenditure on the start-up line, linked to the plan.

    The first payment moves an approved plan to "disbursed"; the total paid never exceeds the approved
    amount — what was paid is read after the plan is locked, so simultaneous payments cannot overpay.
    """
    require_role(actor, ADMIN, COORDINATOR)
    plan = _locked_plan(session, given.plan_id)
    amount, spent_on = given.amount_mad, given.spent_on
    problems: list[Problem] = []
    if plan.status not in DISBURSABLE:
        problems.append(Problem("plan", "error.plan_not_approved"))
    elif plan.approved_mad is not None:
        already = disbursed_mad(session, plan.id)
        if already + amount > plan.approved_mad:
            problems.append(Problem("amount_mad", "error.plan_disbursement_above_approved", {
                "approved": f"{plan.approved_mad:,.0f}", "already": f"{already:,.0f}",
                "left": f"{max(plan.approved_mad - already, Decimal(0)):,.0f}"}))
    line = session.scalar(select(BudgetLine).where(BudgetLine.project_id == plan.project_id,
                                                   BudgetLine.code == START_UP_LINE))
    if line is None:
        problems.append(Problem("plan", "error.plan_no_start_up_line", {"code": START_UP_LINE}))
    problems += _field_date_problems(session, "spent_on", spent_on, plan.project_id,
                                     not_before=_last_move(session, plan.id) if plan.status == "approved" else None)
    rate, rate_problems = _rate(session, plan.project_id, spent_on, given.mad_per_usd)
    problems += rate_problems
    check(problems)
    expenditure = Expenditure(
        line_id=line.id, spent_on=spent_on, amount=amount, currency="MAD", units_per_usd=rate,
        amount_usd=(amount / rate).quantize(CENT, rounding=ROUND_HALF_UP),
        description=given.description or f"Start-up support {plan.code}",
        business_plan_id=plan.id, recorded_by=actor.username)
    session.add(expenditure)
    if plan.status == "approved":
        session.add(PlanTransition(plan_id=plan.id, from_status="approved", to_status="disbursed",
                                   occurred_on=spent_on, actor=actor.username,
                                   comment=expenditure.description))
        plan.status = "disbursed"
    session.flush()
    audit.record(session, actor=actor, action="disburse", entity="expenditure", entity_id=expenditure.id,
                 plan_id=plan.id, amount_mad=str(amount), mad_per_usd=str(rate), amount_usd=str(expenditure.amount_usd))
    return expenditure


def _launched_on(session: Session, plan: BusinessPlan) -> date | None:
    return session.scalar(select(func.min(PlanTransition.occurred_on)).where(
        PlanTransition.plan_id == plan.id, PlanTransition.to_status == "launched"))


def _launched_problems(session: Session, plan: BusinessPlan) -> tuple[date | None, list[Problem]]:
    launched = _launched_on(session, plan)
    if plan.status not in LAUNCHED_OR_LATER or launched is None:
        return launched, [Problem("plan", "error.plan_not_launched")]
    return launched, []


def record_mentoring_visit(session: Session, *, actor: Actor, given: MentoringVisitInput) -> MentoringVisit:
    """A mentor's visit to a launched enterprise, with the monthly revenue band seen."""
    require_role(actor, ADMIN, COORDINATOR)
    plan = _locked_plan(session, given.plan_id)
    launched, problems = _launched_problems(session, plan)
    problems += _field_date_problems(session, "visit_date", given.visit_date, plan.project_id, not_before=launched)
    check(problems)
    visit = MentoringVisit(plan_id=plan.id, visit_date=given.visit_date, revenue_band=given.revenue_band,
                           notes=given.notes)
    session.add(visit)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="mentoring_visit", entity_id=visit.id,
                 plan_id=plan.id, visit_date=given.visit_date, revenue_band=given.revenue_band)
    return visit


def record_enterprise_status(session: Session, *, actor: Actor, given: EnterpriseStatusInput) -> EnterpriseStatus:
    """Whether the enterprise operates 3, 6 or 12 months after launch; recording again corrects it (the
    date it had and the new one must both be open)."""
    require_role(actor, ADMIN, COORDINATOR)
    plan = _locked_plan(session, given.plan_id)
    launched, problems = _launched_problems(session, plan)
    problems += _field_date_problems(session, "observed_on", given.observed_on, plan.project_id,
                                     not_before=launched)
    row = session.scalar(select(EnterpriseStatus).where(EnterpriseStatus.plan_id == plan.id,
                                                        EnterpriseStatus.months_after == given.months_after))
    if row is not None:
        problems += lock_problems(session, project_id=plan.project_id, field="observed_on", day=row.observed_on)
    check(problems)
    action = "update" if row else "create"
    if row is None:
        row = EnterpriseStatus(plan_id=plan.id, months_after=given.months_after)
        session.add(row)
    row.observed_on, row.status = given.observed_on, given.status
    session.flush()
    audit.record(session, actor=actor, action=action, entity="enterprise_status", entity_id=row.id,
                 plan_id=plan.id, months_after=given.months_after, status=given.status)
    return row
