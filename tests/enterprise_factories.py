"""Factories for the micro-enterprise pipeline: a project with its start-up line, rates and participants."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db.engine import session_factory
from db.services import business_plans as plans
from domain.inputs import parse
from domain.plan_inputs import (
    DisbursementInput, EnterpriseStatusInput, MentoringVisitInput, PlanInput, PlanMove, PlanScoreInput,
)
from db.models import BudgetLine, ExchangeRate, Participant, Project
from tests.factories import make_project

T = TypeVar("T")


def make_pipeline_project(session: Session, *, with_line: bool = True) -> Project:
    """The project, its MAD rates for 2014–2017 and the start-up support line (USD 40,000)."""
    project = make_project(session)
    for year, rate in ((2014, "8.41"), (2015, "9.76"), (2016, "9.81"), (2017, "9.69")):
        session.add(ExchangeRate(project_id=project.id, currency="MAD", year=year, units_per_usd=Decimal(rate)))
    if with_line:
        session.add(BudgetLine(project_id=project.id, code="ENT", name="Start-up support", category="operational",
                               amount_usd=Decimal("40000")))
    session.flush()
    return project


def make_participant(session: Session, project: Project, code: str, *, sex: str = "F", nationality: str = "SN",
                     city: str = "Casablanca", full_name: str | None = None) -> Participant:
    person = Participant(project_id=project.id, code=code, sex=sex, nationality=nationality, city=city,
                         registered_on=date(2015, 1, 10), full_name=full_name)
    session.add(person)
    session.flush()
    return person


def write(engine: Engine, use_case: Callable[..., T], **kwargs) -> T:
    """Run a write service in its own transaction, as a page does; returns the row's id-bearing object."""
    with session_factory(engine)() as s, s.begin():
        row = use_case(s, **kwargs)
        s.flush()
        s.expunge(row)
        return row


# The use cases as a form calls them: raw values parsed into the use case's input, then the service.
def create_plan(s, *, actor, project_id, owner_ids, **raw):
    return plans.create_plan(s, actor=actor, project_id=project_id, given=parse(PlanInput, raw, owners=owner_ids))


def move_plan(s, *, actor, **raw):
    return plans.move_plan(s, actor=actor, given=parse(PlanMove, raw))


def score_plan(s, *, actor, scores, **raw):
    return plans.score_plan(s, actor=actor, given=parse(PlanScoreInput, raw | scores))


def record_disbursement(s, *, actor, **raw):
    return plans.record_disbursement(s, actor=actor, given=parse(DisbursementInput, raw))


def record_mentoring_visit(s, *, actor, **raw):
    return plans.record_mentoring_visit(s, actor=actor, given=parse(MentoringVisitInput, raw))


def record_enterprise_status(s, *, actor, **raw):
    return plans.record_enterprise_status(s, actor=actor, given=parse(EnterpriseStatusInput, raw))
