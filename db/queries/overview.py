"""Figures for the overview page, all aggregated in SQL and cut at an as-of date."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func, literal, select, union_all
from sqlalchemy.orm import Session

from db.models import (
    BudgetLine, BusinessPlan, Enrolment, EventParticipation, Expenditure, FollowUp, Indicator, Participant,
    Institution, PlanTransition, Project, ResultLevel, StakeholderEvent, TrainingGroup, TrainingSession,
)
from db.models.stakeholders import TRAINING_EVENT_TYPES
from db.models.training import PLACED_STATUSES

# Named measures that headline indicators point at (Indicator.computed_measure).
WOMEN_REACHED = "women_reached"
PLACED = "placed_in_work"
PLANS_APPROVED = "business_plans_approved"
OFFICIALS_TRAINED = "officials_trained"
HEADLINE_MEASURES = (WOMEN_REACHED, PLACED, PLANS_APPROVED, OFFICIALS_TRAINED)
# The capacity-building component strengthens Moroccan actors: IOM and other international staff don't count.
MOROCCAN_ACTOR_TYPES = ("government", "ngo", "private_sector", "academia")


@dataclass(frozen=True)
class ProjectCard:
    """The project's identity, as stored (metadata is data)."""

    id: int
    code: str
    prima_id: str
    title: str
    project_type: str
    fund: str
    region: str
    member_state: str
    coverage: str
    target_group: str
    start_date: date
    end_date: date
    budget_usd: Decimal
    is_illustrative: bool


@dataclass(frozen=True)
class Headlines:
    """Headline counts and spending as the project stood on `as_of`."""

    as_of: date
    women_reached: int
    placed_in_work: int
    business_plans_approved: int
    officials_trained: int
    spent_usd: Decimal

    def measure(self, name: str) -> float:
        return float(getattr(self, name))


def project_card(session: Session) -> ProjectCard | None:
    """The project this instance holds (the first one: one project per instance today)."""
    p = session.scalars(select(Project).order_by(Project.id).limit(1)).first()
    if p is None:
        return None
    return ProjectCard(p.id, p.code, p.prima_id, p.title, p.project_type, p.fund, p.region,
                       p.member_state, p.coverage, p.target_group, p.start_date, p.end_date,
                       p.budget_usd, p.is_illustrative)


def headlines(session: Session, *, project_id: int, as_of: date) -> Headlines:
    """Women reached, women placed, plans approved, officials trained and USD spent, up to and including `as_of`.

    Both training figures count women only: the project's public totals are 135 women reached, 41 placed.
    """
    return headlines_on(session, project_id=project_id, days=[as_of])[as_of]


def headlines_on(session: Session, *, project_id: int, days: Sequence[date]) -> dict[date, Headlines]:
    """The headline figures on each of `days`, in five queries whatever the number of days (the IPTT asks
    for one per period end). Each figure on a day counts what had happened by the end of that day."""
    days = sorted(set(days))
    if not days:
        return {}
    first_enrolled = (
        select(Enrolment.participant_id, func.min(Enrolment.enrolled_on).label("first"))
        .join(Participant, Participant.id == Enrolment.participant_id)
        .where(Participant.project_id == project_id, Participant.sex == "F")
        .group_by(Enrolment.participant_id).subquery())
    women = _on_days(session, days, first_enrolled.c.first, 1, first_enrolled)
    first_approved = (
        select(PlanTransition.plan_id, func.min(PlanTransition.occurred_on).label("first"))
        .where(PlanTransition.to_status == "approved", PlanTransition.plan_id.in_(_plans_of(project_id)))
        .group_by(PlanTransition.plan_id).subquery())
    approved = _on_days(session, days, first_approved.c.first, 1, first_approved)
    trained_rows = (
        select(StakeholderEvent.start_date.label("day"), (EventParticipation.women + EventParticipation.men).label("n"))
        .join(StakeholderEvent, StakeholderEvent.id == EventParticipation.event_id)
        .join(Institution, Institution.id == EventParticipation.institution_id)
        .where(StakeholderEvent.project_id == project_id, Institution.type.in_(MOROCCAN_ACTOR_TYPES),
               StakeholderEvent.event_type.in_(TRAINING_EVENT_TYPES)).subquery())
    trained = _on_days(session, days, trained_rows.c.day, trained_rows.c.n, trained_rows)
    spending = (select(Expenditure.spent_on.label("day"), Expenditure.amount_usd.label("usd"))
                .join(BudgetLine, BudgetLine.id == Expenditure.line_id)
                .where(BudgetLine.project_id == project_id).subquery())
    spent = _on_days(session, days, spending.c.day, spending.c.usd, spending)
    placed = _placed_on(session, project_id, days)
    return {day: Headlines(as_of=day, women_reached=int(women[i] or 0), placed_in_work=int(placed[i] or 0),
                           business_plans_approved=int(approved[i] or 0), officials_trained=int(trained[i] or 0),
                           spent_usd=Decimal(spent[i] or 0).quantize(Decimal("0.01")))
            for i, day in enumerate(days)}


def _on_days(session: Session, days: list[date], day_column, amount, source) -> list:
    """One row: for each of `days`, the sum of `amount` over the rows of `source` dated on or before it."""
    return list(session.execute(select(*[
        func.coalesce(func.sum(case((day_column <= day, amount), else_=0)), 0) for day in days
    ]).select_from(source)).one())


def _placed_on(session: Session, project_id: int, days: list[date]) -> list:
    """Women whose latest follow-up by each day says wage job or self-employed, per index of `days`.

    One pass over the follow-ups, whatever the number of days: each follow-up of a woman (in date order,
    then entry order) carries the change it makes to "her latest says placed" (1 - 0, 0 - 1 or none), so the
    sum of the changes dated on or before a day is 1 exactly for the women placed then."""
    now = case((FollowUp.status.in_(PLACED_STATUSES), 1), else_=0)
    changes = (
        select(FollowUp.contact_date.label("day"),
               (now - func.coalesce(func.lag(now).over(partition_by=Enrolment.participant_id,
                                                        order_by=(FollowUp.contact_date, FollowUp.id)), 0))
               .label("change"))
        .join(Enrolment, Enrolment.id == FollowUp.enrolment_id)
        .join(Participant, Participant.id == Enrolment.participant_id)
        .where(Participant.project_id == project_id, Participant.sex == "F")
        .subquery())
    return _on_days(session, days, changes.c.day, changes.c.change, changes)


def _plans_of(project_id: int):
    return select(BusinessPlan.id).where(BusinessPlan.project_id == project_id)


def spent_usd(session: Session, *, project_id: int, as_of: date) -> Decimal:
    """USD value of every expenditure dated on or before `as_of`, at the rate kept with each."""
    total = session.scalar(
        select(func.coalesce(func.sum(Expenditure.amount_usd), 0))
        .join(BudgetLine, BudgetLine.id == Expenditure.line_id)
        .where(BudgetLine.project_id == project_id, Expenditure.spent_on <= as_of))
    return Decimal(total or 0).quantize(Decimal("0.01"))


def headline_targets(session: Session, *, project_id: int) -> dict[str, Decimal]:
    """LOP targets of the indicators computed from the headline measures."""
    rows = session.execute(
        select(Indicator.computed_measure, Indicator.lop_target)
        .join(ResultLevel, ResultLevel.id == Indicator.level_id)
        .where(ResultLevel.project_id == project_id, Indicator.computed_measure.in_(HEADLINE_MEASURES),
               Indicator.lop_target.is_not(None))).all()
    return {m: Decimal(t) for m, t in rows}


def last_data_date(session: Session, *, project_id: int) -> date | None:
    """The latest date on which anything happened in the field: the default as-of date."""
    dates = union_all(
        select(func.max(TrainingSession.session_date).label("d")).join(
            TrainingGroup, TrainingGroup.id == TrainingSession.group_id).where(TrainingGroup.project_id == project_id),
        select(func.max(Enrolment.enrolled_on)).join(
            TrainingGroup, TrainingGroup.id == Enrolment.group_id).where(TrainingGroup.project_id == project_id),
        select(func.max(FollowUp.contact_date)).join(Enrolment, Enrolment.id == FollowUp.enrolment_id).join(
            TrainingGroup, TrainingGroup.id == Enrolment.group_id).where(TrainingGroup.project_id == project_id),
        select(func.max(PlanTransition.occurred_on)).where(PlanTransition.plan_id.in_(_plans_of(project_id))),
        select(func.max(StakeholderEvent.end_date)).where(StakeholderEvent.project_id == project_id),
        select(func.max(Expenditure.spent_on)).join(BudgetLine, BudgetLine.id == Expenditure.line_id).where(
            BudgetLine.project_id == project_id),
        select(literal(None).label("d")),
    ).subquery()
    value = session.scalar(select(func.max(dates.c.d)))
    if isinstance(value, str):  # SQLite returns a union's max as text
        value = date.fromisoformat(value)
    return value
