"""Use cases of the micro-enterprise pipeline: create a plan, move it, score it, pay its start-up support,
and follow the enterprise after launch. Each validates everything first, then writes in one transaction."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from domain.errors import Problem, ValidationError, check
from db.models import (
    BudgetLine, BusinessPlan, BusinessPlanOwner, EnterpriseStatus, ExchangeRate, Expenditure, MentoringVisit,
    Participant, PeriodLock, PlanScore, PlanTransition,
)
from db.models.enterprise import ENTERPRISE_STATUSES, REVENUE_BANDS, RUBRIC
from domain.plan_workflow import DISBURSABLE, LAUNCHED_OR_LATER, is_allowed, needs_reason

START_UP_LINE = "ENT"  # the budget line that start-up grants and kits draw on
CENT = Decimal("0.01")
SCORE_RANGE = range(1, 6)
ENTERPRISE_MONTHS = (3, 6, 12)


def _decimal(value: object) -> Decimal | None:
    try:
        number = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _amount_problems(field: str, value: object) -> tuple[Decimal | None, list[Problem]]:
    """A positive amount typed as text (a French decimal comma and spaces are accepted)."""
    number = None if value is None or str(value).strip() == "" else _decimal(value)
    if number is None:
        return None, [Problem(field, "error.plan_amount_invalid")]
    if number <= 0:
        return None, [Problem(field, "error.plan_amount_positive")]
    return number, []


def _locked_through(session: Session, project_id: int) -> date | None:
    return session.scalar(select(func.max(PeriodLock.locked_through)).where(PeriodLock.project_id == project_id))


def _date_problems(session: Session, field: str, value: date | None, project_id: int, *,
                   not_before: date | None = None) -> list[Problem]:
    """A field date: given, not in the future, after `not_before`, outside locked reporting periods."""
    if value is None:
        return [Problem(field, "error.plan_date_required")]
    if value > date.today():
        return [Problem(field, "error.plan_date_in_future")]
    if not_before is not None and value < not_before:
        return [Problem(field, "error.plan_date_before_previous", {"previous": not_before.isoformat()})]
    locked = _locked_through(session, project_id)
    if locked is not None and value <= locked:
        return [Problem(field, "error.plan_period_locked", {"locked": locked.isoformat()})]
    return []


def year_rate(session: Session, *, project_id: int, on: date) -> Decimal | None:
    """MAD per USD of the year of `on`, as kept in the project's exchange rates."""
    return session.scalar(select(ExchangeRate.units_per_usd).where(
        ExchangeRate.project_id == project_id, ExchangeRate.currency == "MAD", ExchangeRate.year == on.year))


def _rate(session: Session, project_id: int, on: date | None, given: object) -> tuple[Decimal | None, list[Problem]]:
    """The rate of the day when one is typed, else the year's average rate."""
    if given is not None and str(given).strip() != "":
        rate = _decimal(given)
        if rate is None or rate <= 0:
            return None, [Problem("mad_per_usd", "error.plan_rate_invalid")]
        return rate, []
    if on is None:
        return None, []
    rate = year_rate(session, project_id=project_id, on=on)
    if rate is None:
        return None, [Problem("mad_per_usd", "error.plan_rate_missing", {"year": on.year})]
    return rate, []


def _plan(session: Session, plan_id: int) -> BusinessPlan:
    plan = session.get(BusinessPlan, plan_id)
    if plan is None:
        raise ValidationError([Problem("plan", "error.plan_not_found")])
    return plan


def _last_move(session: Session, plan_id: int) -> date | None:
    return session.scalar(select(func.max(PlanTransition.occurred_on)).where(PlanTransition.plan_id == plan_id))


def _next_code(session: Session, project_id: int) -> str:
    codes = session.scalars(select(BusinessPlan.code).where(BusinessPlan.project_id == project_id)).all()
    numbers = [int(c[3:]) for c in codes if c.startswith("BP-") and c[3:].isdigit()]
    return f"BP-{max(numbers, default=0) + 1:03d}"


def create_plan(session: Session, *, actor: Actor, project_id: int, owner_ids: Sequence[int], business_idea: str,
                sector: str, city: str, requested_mad: object, created_on: date | None,
                mad_per_usd: object = None, documents_ref: str = "") -> BusinessPlan:
    """Register a draft plan for one owner (or several, for a group enterprise)."""
    require_role(actor, ADMIN, COORDINATOR)
    problems: list[Problem] = []
    owners = list(dict.fromkeys(owner_ids or []))
    if not owners:
        problems.append(Problem("owners", "error.plan_owner_required"))
    else:
        found = set(session.scalars(select(Participant.id).where(
            Participant.id.in_(owners), Participant.project_id == project_id)))
        if found != set(owners):
            problems.append(Problem("owners", "error.plan_owner_unknown"))
    for field, value in (("business_idea", business_idea), ("sector", sector), ("city", city)):
        if not (value or "").strip():
            problems.append(Problem(field, "error.plan_field_required"))
    requested, amount_problems = _amount_problems("requested_mad", requested_mad)
    problems += amount_problems
    problems += _date_problems(session, "created_on", created_on, project_id)
    rate, rate_problems = _rate(session, project_id, created_on, mad_per_usd)
    problems += rate_problems
    check(problems)
    plan = BusinessPlan(project_id=project_id, code=_next_code(session, project_id),
                        business_idea=business_idea.strip(), sector=sector.strip(), city=city.strip(),
                        requested_mad=requested, mad_per_usd=rate, documents_ref=(documents_ref or "").strip(),
                        status="draft", created_on=created_on)
    session.add(plan)
    session.flush()
    session.add_all(BusinessPlanOwner(plan_id=plan.id, participant_id=o) for o in owners)
    session.add(PlanTransition(plan_id=plan.id, from_status=None, to_status="draft", occurred_on=created_on,
                               actor=actor.username, comment=""))
    audit.record(session, actor=actor, action="create", entity="business_plan", entity_id=plan.id,
                 code=plan.code, owners=owners, requested_mad=str(requested), mad_per_usd=str(rate))
    return plan


def move_plan(session: Session, *, actor: Actor, plan_id: int, to_status: str, occurred_on: date | None,
              comment: str = "", approved_mad: object = None) -> BusinessPlan:
    """Move a plan one step through the pipeline; approval sets the approved amount.

    Start-up support is paid with `record_disbursement`, which makes the move to "disbursed" itself.
    """
    require_role(actor, ADMIN, COORDINATOR)
    plan = _plan(session, plan_id)
    problems: list[Problem] = []
    if to_status == "disbursed" and plan.status == "approved":
        problems.append(Problem("to_status", "error.plan_disburse_with_amount"))
    elif not is_allowed(plan.status, to_status):
        problems.append(Problem("to_status", "error.plan_transition_not_allowed",
                                {"from_status": plan.status, "to_status": to_status}))
    comment = (comment or "").strip()
    if needs_reason(to_status) and not comment:
        problems.append(Problem("comment", "error.plan_reason_required"))
    approved = None
    if to_status == "approved":
        approved, amount_problems = _amount_problems("approved_mad", approved_mad)
        problems += amount_problems
        if approved is not None and approved > plan.requested_mad:
            problems.append(Problem("approved_mad", "error.plan_approved_above_requested",
                                    {"requested": f"{plan.requested_mad:,.0f}"}))
    problems += _date_problems(session, "occurred_on", occurred_on, plan.project_id,
                               not_before=_last_move(session, plan.id))
    check(problems)
    session.add(PlanTransition(plan_id=plan.id, from_status=plan.status, to_status=to_status,
                               occurred_on=occurred_on, actor=actor.username, comment=comment))
    old = plan.status
    plan.status = to_status
    if approved is not None:
        plan.approved_mad = approved
    audit.record(session, actor=actor, action="move", entity="business_plan", entity_id=plan.id,
                 old=old, new=to_status, occurred_on=occurred_on, comment=comment,
                 **({"approved_mad": str(approved)} if approved is not None else {}))
    return plan


def score_plan(session: Session, *, actor: Actor, plan_id: int, reviewer: str, scored_on: date | None,
               scores: Mapping[str, object], comment: str = "") -> PlanScore:
    """One reviewer's rubric (1–5 on each criterion); scoring again replaces that reviewer's marks."""
    require_role(actor, ADMIN, COORDINATOR)
    plan = _plan(session, plan_id)
    problems: list[Problem] = []
    reviewer = (reviewer or "").strip()
    if not reviewer:
        problems.append(Problem("reviewer", "error.plan_field_required"))
    reviewed = session.scalar(select(func.min(PlanTransition.occurred_on)).where(
        PlanTransition.plan_id == plan.id, PlanTransition.to_status == "under_review"))
    if reviewed is None:
        problems.append(Problem("plan", "error.plan_not_reviewed_yet"))
    marks: dict[str, int] = {}
    for criterion in RUBRIC:
        value = scores.get(criterion)
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCORE_RANGE:
            problems.append(Problem(criterion, "error.plan_score_out_of_range"))
        else:
            marks[criterion] = value
    problems += _date_problems(session, "scored_on", scored_on, plan.project_id, not_before=reviewed)
    check(problems)
    score = session.scalar(select(PlanScore).where(PlanScore.plan_id == plan.id, PlanScore.reviewer == reviewer))
    action = "rescore" if score else "score"
    if score is None:
        score = PlanScore(plan_id=plan.id, reviewer=reviewer)
        session.add(score)
    score.scored_on, score.comment = scored_on, (comment or "").strip()
    for criterion, value in marks.items():
        setattr(score, criterion, value)
    session.flush()
    audit.record(session, actor=actor, action=action, entity="plan_score", entity_id=score.id,
                 plan_id=plan.id, reviewer=reviewer, **marks)
    return score


def disbursed_mad(session: Session, plan_id: int) -> Decimal:
    """MAD already paid to a plan (any payment made in USD counted at the plan's rate)."""
    total = session.scalar(select(func.coalesce(func.sum(Expenditure.amount), 0)).where(
        Expenditure.business_plan_id == plan_id, Expenditure.currency == "MAD"))
    in_usd = session.scalar(select(func.coalesce(func.sum(Expenditure.amount_usd), 0)).where(
        Expenditure.business_plan_id == plan_id, Expenditure.currency == "USD"))
    plan = session.get(BusinessPlan, plan_id)
    return Decimal(total or 0) + Decimal(in_usd or 0) * (plan.mad_per_usd if plan else Decimal(0))


def record_disbursement(session: Session, *, actor: Actor, plan_id: int, amount_mad: object, spent_on: date | None,
                        description: str = "", mad_per_usd: object = None) -> Expenditure:
    """Pay start-up support (grant or kit): one expenditure on the start-up line, linked to the plan.

    The first payment moves an approved plan to "disbursed"; the total paid never exceeds the approved amount.
    """
    require_role(actor, ADMIN, COORDINATOR)
    plan = _plan(session, plan_id)
    problems: list[Problem] = []
    if plan.status not in DISBURSABLE:
        problems.append(Problem("plan", "error.plan_not_approved"))
    amount, amount_problems = _amount_problems("amount_mad", amount_mad)
    problems += amount_problems
    if amount is not None and plan.approved_mad is not None:
        already = disbursed_mad(session, plan.id)
        if already + amount > plan.approved_mad:
            problems.append(Problem("amount_mad", "error.plan_disbursement_above_approved", {
                "approved": f"{plan.approved_mad:,.0f}", "already": f"{already:,.0f}",
                "left": f"{max(plan.approved_mad - already, Decimal(0)):,.0f}"}))
    line = session.scalar(select(BudgetLine).where(BudgetLine.project_id == plan.project_id,
                                                   BudgetLine.code == START_UP_LINE))
    if line is None:
        problems.append(Problem("plan", "error.plan_no_start_up_line", {"code": START_UP_LINE}))
    problems += _date_problems(session, "spent_on", spent_on, plan.project_id,
                               not_before=_last_move(session, plan.id) if plan.status == "approved" else None)
    rate, rate_problems = _rate(session, plan.project_id, spent_on, mad_per_usd)
    problems += rate_problems
    check(problems)
    expenditure = Expenditure(
        line_id=line.id, spent_on=spent_on, amount=amount, currency="MAD", units_per_usd=rate,
        amount_usd=(amount / rate).quantize(CENT, rounding=ROUND_HALF_UP),
        description=(description or "").strip() or f"Start-up support {plan.code}",
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


def record_mentoring_visit(session: Session, *, actor: Actor, plan_id: int, visit_date: date | None,
                           revenue_band: str, notes: str = "") -> MentoringVisit:
    """A mentor's visit to a launched enterprise, with the monthly revenue band seen."""
    require_role(actor, ADMIN, COORDINATOR)
    plan = _plan(session, plan_id)
    problems: list[Problem] = []
    launched = _launched_on(session, plan)
    if plan.status not in LAUNCHED_OR_LATER or launched is None:
        problems.append(Problem("plan", "error.plan_not_launched"))
    if revenue_band not in REVENUE_BANDS:
        problems.append(Problem("revenue_band", "error.plan_revenue_band_unknown"))
    problems += _date_problems(session, "visit_date", visit_date, plan.project_id, not_before=launched)
    check(problems)
    visit = MentoringVisit(plan_id=plan.id, visit_date=visit_date, revenue_band=revenue_band,
                           notes=(notes or "").strip())
    session.add(visit)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="mentoring_visit", entity_id=visit.id,
                 plan_id=plan.id, visit_date=visit_date, revenue_band=revenue_band)
    return visit


def record_enterprise_status(session: Session, *, actor: Actor, plan_id: int, months_after: int,
                             observed_on: date | None, status: str) -> EnterpriseStatus:
    """Whether the enterprise operates 3, 6 or 12 months after launch; recording again corrects it."""
    require_role(actor, ADMIN, COORDINATOR)
    plan = _plan(session, plan_id)
    problems: list[Problem] = []
    launched = _launched_on(session, plan)
    if plan.status not in LAUNCHED_OR_LATER or launched is None:
        problems.append(Problem("plan", "error.plan_not_launched"))
    if months_after not in ENTERPRISE_MONTHS:
        problems.append(Problem("months_after", "error.plan_months_unknown"))
    if status not in ENTERPRISE_STATUSES:
        problems.append(Problem("status", "error.plan_enterprise_status_unknown"))
    problems += _date_problems(session, "observed_on", observed_on, plan.project_id, not_before=launched)
    check(problems)
    row = session.scalar(select(EnterpriseStatus).where(EnterpriseStatus.plan_id == plan.id,
                                                        EnterpriseStatus.months_after == months_after))
    action = "update" if row else "create"
    if row is None:
        row = EnterpriseStatus(plan_id=plan.id, months_after=months_after)
        session.add(row)
    row.observed_on, row.status = observed_on, status
    session.flush()
    audit.record(session, actor=actor, action=action, entity="enterprise_status", entity_id=row.id,
                 plan_id=plan.id, months_after=months_after, status=status)
    return row
