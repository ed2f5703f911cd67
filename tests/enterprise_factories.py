"""Factories for the micro-enterprise pipeline: a project with its start-up line, rates and participants."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db.engine import session_factory
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
