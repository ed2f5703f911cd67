"""Read side of the micro-enterprise pipeline: the plan register, one plan's file, and pipeline aggregates.

Figures are cut at an as-of date by the field date of each transition, payment and observation.
Owner names appear only for actors who see personal data.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pandas as pd
from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.models import (
    BudgetLine, BusinessPlan, BusinessPlanOwner, Enrolment, EnterpriseStatus, Expenditure, MentoringVisit,
    Participant, PlanScore, PlanTransition, TrainingGroup,
)
from db.models.enterprise import RUBRIC
from db.queries.participants import CHOICES_LIMIT, participant_choices
from db.queries.search import any_contains, words_of

START_UP_LINE = "ENT"
DIMENSIONS = ("sex", "nationality", "city", "sector")
# Dimensions describing people count owners; the others count plans.
OWNER_DIMENSIONS = ("sex", "nationality")


def _status_as_of(project_id: int, as_of: date):
    """Each plan's status on `as_of`: the last transition dated on or before it (later typed wins a tie)."""
    ranked = (
        select(PlanTransition.plan_id, PlanTransition.to_status.label("status"),
               func.row_number().over(partition_by=PlanTransition.plan_id,
                                      order_by=(PlanTransition.occurred_on.desc(), PlanTransition.id.desc()))
               .label("rn"))
        .join(BusinessPlan, BusinessPlan.id == PlanTransition.plan_id)
        .where(BusinessPlan.project_id == project_id, PlanTransition.occurred_on <= as_of)
        .subquery())
    return select(ranked.c.plan_id, ranked.c.status).where(ranked.c.rn == 1).subquery()


def status_counts(session: Session, *, project_id: int, as_of: date) -> dict[str, int]:
    """Plans per status on `as_of`."""
    current = _status_as_of(project_id, as_of)
    rows = session.execute(select(current.c.status, func.count()).group_by(current.c.status))
    return {status: count for status, count in rows}


def reached_counts(session: Session, *, project_id: int, as_of: date) -> dict[str, int]:
    """Plans that reached each status at least once by `as_of`."""
    rows = session.execute(
        select(PlanTransition.to_status, func.count(func.distinct(PlanTransition.plan_id)))
        .join(BusinessPlan, BusinessPlan.id == PlanTransition.plan_id)
        .where(BusinessPlan.project_id == project_id, PlanTransition.occurred_on <= as_of)
        .group_by(PlanTransition.to_status))
    return {status: count for status, count in rows}


def transition_dates(session: Session, *, project_id: int, as_of: date) -> list[tuple[int, str, date]]:
    """(plan id, status entered, date) of every move by `as_of`, in recorded order (for days in stage)."""
    rows = session.execute(
        select(PlanTransition.plan_id, PlanTransition.to_status, PlanTransition.occurred_on)
        .join(BusinessPlan, BusinessPlan.id == PlanTransition.plan_id)
        .where(BusinessPlan.project_id == project_id, PlanTransition.occurred_on <= as_of)
        .order_by(PlanTransition.plan_id, PlanTransition.occurred_on, PlanTransition.id))
    return [(plan_id, status, on) for plan_id, status, on in rows]


@dataclass(frozen=True)
class PipelineMoney:
    requested_usd: Decimal
    approved_usd: Decimal
    disbursed_usd: Decimal
    budget_usd: Decimal
    line_spent_usd: Decimal


def _usd(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def pipeline_money(session: Session, *, project_id: int, as_of: date) -> PipelineMoney:
    """USD requested (plans drafted), approved (plans approved) and paid out by `as_of`, and the start-up line."""
    requested = session.scalar(select(func.sum(BusinessPlan.requested_mad / BusinessPlan.mad_per_usd)).where(
        BusinessPlan.project_id == project_id, BusinessPlan.created_on <= as_of))
    approved_plans = select(PlanTransition.plan_id).where(PlanTransition.to_status == "approved",
                                                          PlanTransition.occurred_on <= as_of)
    approved = session.scalar(select(func.sum(BusinessPlan.approved_mad / BusinessPlan.mad_per_usd)).where(
        BusinessPlan.project_id == project_id, BusinessPlan.id.in_(approved_plans)))
    line = session.execute(select(BudgetLine.id, BudgetLine.amount_usd).where(
        BudgetLine.project_id == project_id, BudgetLine.code == START_UP_LINE)).first()
    paid = line_spent = 0
    if line is not None:
        spent = select(func.sum(Expenditure.amount_usd)).where(Expenditure.line_id == line.id,
                                                               Expenditure.spent_on <= as_of)
        paid = session.scalar(spent.where(Expenditure.business_plan_id.is_not(None)))
        line_spent = session.scalar(spent)
    return PipelineMoney(_usd(requested), _usd(approved), _usd(paid), _usd(line.amount_usd if line else 0),
                         _usd(line_spent))


def enterprise_statuses(session: Session, *, project_id: int, as_of: date) -> list[tuple[int, str, int]]:
    """(months after launch, status, enterprises) observed by `as_of`."""
    rows = session.execute(
        select(EnterpriseStatus.months_after, EnterpriseStatus.status, func.count())
        .join(BusinessPlan, BusinessPlan.id == EnterpriseStatus.plan_id)
        .where(BusinessPlan.project_id == project_id, EnterpriseStatus.observed_on <= as_of)
        .group_by(EnterpriseStatus.months_after, EnterpriseStatus.status))
    return [(m, s, n) for m, s, n in rows]


def counts_by(session: Session, *, project_id: int, as_of: date, dimension: str) -> pd.DataFrame:
    """Columns group, status, count: owners (sex, nationality) or plans (city, sector) per status on `as_of`."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension}")
    current = _status_as_of(project_id, as_of)
    if dimension in OWNER_DIMENSIONS:
        column = getattr(Participant, dimension)
        query: Select = (select(column.label("group"), current.c.status,
                                func.count(func.distinct(Participant.id)).label("count"))
                         .join(BusinessPlanOwner, BusinessPlanOwner.plan_id == current.c.plan_id)
                         .join(Participant, Participant.id == BusinessPlanOwner.participant_id))
    else:
        column = getattr(BusinessPlan, dimension)
        query = (select(column.label("group"), current.c.status, func.count().label("count"))
                 .join(BusinessPlan, BusinessPlan.id == current.c.plan_id))
    rows = session.execute(query.group_by(column, current.c.status).order_by(column, current.c.status)).all()
    return pd.DataFrame(rows, columns=["group", "status", "count"])


def _plans_query(project_id: int, search: str = "", plan_ids: Iterable[int] | None = None) -> Select:
    """Ids of the project's plans matching `search` in code, idea, sector, city, or an owner's code or name."""
    query = select(BusinessPlan.id).where(BusinessPlan.project_id == project_id)
    words = words_of(search)
    if words:
        owned = (select(BusinessPlanOwner.plan_id)
                 .join(Participant, Participant.id == BusinessPlanOwner.participant_id)
                 .where(any_contains(words, Participant.code, Participant.full_name)))
        query = query.where(any_contains(words, BusinessPlan.code, BusinessPlan.business_idea, BusinessPlan.sector,
                                         BusinessPlan.city) | BusinessPlan.id.in_(owned))
    if plan_ids is not None:
        query = query.where(BusinessPlan.id.in_(sorted({int(i) for i in plan_ids})))
    return query


def plan_register_size(session: Session, *, project_id: int, actor: Actor, search: str = "") -> int:
    """How many plans match `search` (code, idea, sector, city, owner code or name), for paging the register."""
    require_role(actor, ADMIN, COORDINATOR)
    return session.scalar(select(func.count()).select_from(_plans_query(project_id, search).subquery())) or 0


def plan_register(session: Session, *, project_id: int, actor: Actor, search: str = "", limit: int | None = None,
                  offset: int = 0, plan_ids: Iterable[int] | None = None) -> pd.DataFrame:
    """One row per plan: code, status, idea, sector, city, owners' codes (names for those allowed), amounts,
    mean score and the date of the last move (coordinators and admins only).

    Plans matching `search` (or among `plan_ids`) in code order, `limit` of them from `offset`: pages show
    one page of the register, and every figure is computed for that page's plans only."""
    require_role(actor, ADMIN, COORDINATOR)
    page = _plans_query(project_id, search, plan_ids).order_by(BusinessPlan.code).offset(offset)
    if limit is not None:
        page = page.limit(limit)
    page_ids = select(page.subquery().c.id)
    owners = (select(BusinessPlanOwner.plan_id,
                     func.aggregate_strings(Participant.code, ", ").label("owners"),
                     func.aggregate_strings(func.coalesce(Participant.full_name, Participant.code), ", ")
                     .label("owner_names"))
              .join(Participant, Participant.id == BusinessPlanOwner.participant_id)
              .where(BusinessPlanOwner.plan_id.in_(page_ids))
              .group_by(BusinessPlanOwner.plan_id).subquery())
    marks = sum((getattr(PlanScore, c) for c in RUBRIC[1:]), getattr(PlanScore, RUBRIC[0]))
    scores = (select(PlanScore.plan_id, (func.avg(marks * 1.0) / len(RUBRIC)).label("mean_score"),
                     func.count().label("reviews"))
              .where(PlanScore.plan_id.in_(page_ids))
              .group_by(PlanScore.plan_id).subquery())
    paid = (select(Expenditure.business_plan_id.label("plan_id"),
                   func.sum(Expenditure.amount).label("disbursed_mad"))
            .where(Expenditure.business_plan_id.in_(page_ids), Expenditure.currency == "MAD")
            .group_by(Expenditure.business_plan_id).subquery())
    moved = (select(PlanTransition.plan_id, func.max(PlanTransition.occurred_on).label("last_move_on"))
             .where(PlanTransition.plan_id.in_(page_ids))
             .group_by(PlanTransition.plan_id).subquery())
    rows = session.execute(
        select(BusinessPlan.id, BusinessPlan.code, BusinessPlan.status, owners.c.owners, owners.c.owner_names,
               BusinessPlan.business_idea, BusinessPlan.sector, BusinessPlan.city, BusinessPlan.requested_mad,
               BusinessPlan.approved_mad, func.coalesce(paid.c.disbursed_mad, 0).label("disbursed_mad"),
               BusinessPlan.mad_per_usd, scores.c.mean_score, func.coalesce(scores.c.reviews, 0).label("reviews"),
               BusinessPlan.created_on, moved.c.last_move_on)
        .outerjoin(owners, owners.c.plan_id == BusinessPlan.id)
        .outerjoin(scores, scores.c.plan_id == BusinessPlan.id)
        .outerjoin(paid, paid.c.plan_id == BusinessPlan.id)
        .outerjoin(moved, moved.c.plan_id == BusinessPlan.id)
        .where(BusinessPlan.id.in_(page_ids))
        .order_by(BusinessPlan.code)).all()
    frame = pd.DataFrame(rows, columns=[
        "id", "code", "status", "owners", "owner_names", "business_idea", "sector", "city", "requested_mad",
        "approved_mad", "disbursed_mad", "mad_per_usd", "mean_score", "reviews", "created_on", "last_move_on"])
    for column in ("requested_mad", "approved_mad", "disbursed_mad", "mad_per_usd", "mean_score"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    frame["requested_usd"] = (frame.requested_mad / frame.mad_per_usd).round(2)
    if not actor.sees_personal_data:
        frame = frame.drop(columns=["owner_names"])
    return frame


@dataclass
class PlanFile:
    """Everything recorded about one plan, for its workflow page."""

    id: int
    code: str
    status: str
    approved_mad: Decimal | None
    requested_mad: Decimal
    disbursed_mad: Decimal
    owners: list[dict] = field(default_factory=list)
    history: pd.DataFrame = field(default_factory=pd.DataFrame)
    scores: pd.DataFrame = field(default_factory=pd.DataFrame)
    payments: pd.DataFrame = field(default_factory=pd.DataFrame)
    visits: pd.DataFrame = field(default_factory=pd.DataFrame)
    follow_up: pd.DataFrame = field(default_factory=pd.DataFrame)


def plan_file(session: Session, *, plan_id: int, actor: Actor) -> PlanFile | None:
    """One plan with its owners, history, scores, payments, mentoring visits and status after launch
    (coordinators and admins only)."""
    require_role(actor, ADMIN, COORDINATOR)
    plan = session.get(BusinessPlan, plan_id)
    if plan is None:
        return None
    people = session.execute(
        select(Participant.code, Participant.full_name, Participant.phone, Participant.sex, Participant.nationality)
        .join(BusinessPlanOwner, BusinessPlanOwner.participant_id == Participant.id)
        .where(BusinessPlanOwner.plan_id == plan_id).order_by(Participant.code)).mappings().all()
    owners = [dict(p) if actor.sees_personal_data else {k: v for k, v in p.items() if k not in ("full_name", "phone")}
              for p in people]

    def frame(query) -> pd.DataFrame:
        result = session.execute(query)
        return pd.DataFrame(result.all(), columns=list(result.keys()))

    history = frame(select(PlanTransition.occurred_on, PlanTransition.from_status, PlanTransition.to_status,
                           PlanTransition.actor, PlanTransition.comment)
                    .where(PlanTransition.plan_id == plan_id)
                    .order_by(PlanTransition.occurred_on, PlanTransition.id))
    scores = frame(select(PlanScore.reviewer, PlanScore.scored_on, *[getattr(PlanScore, c) for c in RUBRIC],
                          PlanScore.comment).where(PlanScore.plan_id == plan_id).order_by(PlanScore.reviewer))
    payments = frame(select(Expenditure.spent_on, Expenditure.description, Expenditure.amount,
                            Expenditure.currency, Expenditure.units_per_usd, Expenditure.amount_usd)
                     .where(Expenditure.business_plan_id == plan_id).order_by(Expenditure.spent_on))
    visits = frame(select(MentoringVisit.visit_date, MentoringVisit.revenue_band, MentoringVisit.notes)
                   .where(MentoringVisit.plan_id == plan_id).order_by(MentoringVisit.visit_date))
    follow_up = frame(select(EnterpriseStatus.months_after, EnterpriseStatus.observed_on, EnterpriseStatus.status)
                      .where(EnterpriseStatus.plan_id == plan_id).order_by(EnterpriseStatus.months_after))
    disbursed = sum((Decimal(str(a)) for a, c in zip(payments.get("amount", []), payments.get("currency", []))
                     if c == "MAD"), Decimal(0))
    return PlanFile(plan.id, plan.code, plan.status, plan.approved_mad, plan.requested_mad, disbursed, owners,
                    history, scores, payments, visits, follow_up)


def owner_choices(session: Session, *, project_id: int, actor: Actor, search: str = "",
                  chosen: Iterable[int] = (), limit: int = CHOICES_LIMIT) -> dict[int, str]:
    """Participants who may own a plan, labelled by code and name: those `chosen` and the first `limit`
    matching `search` (coordinators and admins only)."""
    return participant_choices(session, actor=actor, project_id=project_id, search=search, chosen=chosen,
                               limit=limit)


def module_completion(session: Session, *, project_id: int, as_of: date) -> pd.DataFrame:
    """Per entrepreneurship module (TRIE, CREE, GERME): groups, people enrolled, completed and dropped out by `as_of`."""
    rows = session.execute(
        select(TrainingGroup.module, func.count(func.distinct(TrainingGroup.id)), func.count(Enrolment.id),
               func.sum(case((and_(Enrolment.status == "completed", Enrolment.completed_on <= as_of), 1), else_=0)),
               func.sum(case((and_(Enrolment.status == "dropped_out", Enrolment.dropout_on <= as_of), 1), else_=0)))
        .join(Enrolment, Enrolment.group_id == TrainingGroup.id)
        .where(TrainingGroup.project_id == project_id, TrainingGroup.kind == "entrepreneurship",
               Enrolment.enrolled_on <= as_of)
        .group_by(TrainingGroup.module).order_by(TrainingGroup.module)).all()
    frame = pd.DataFrame(rows, columns=["module", "groups", "enrolled", "completed", "dropped_out"])
    order = {"TRIE": 0, "CREE": 1, "GERME": 2}
    return frame.sort_values("module", key=lambda m: m.map(order)).reset_index(drop=True)
