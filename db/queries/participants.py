"""Reads about the participant register; personal fields only for roles that may see them."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.models import Enrolment, Participant
from db.models.training import PERSONAL_FIELDS


def possible_duplicates(session: Session, *, project_id: int, full_name: str | None, birth_year: int | None,
                        nationality: str | None, exclude_id: int | None = None) -> list[str]:
    """Codes of participants with the same name (ignoring case and spaces), birth year and nationality."""
    name = " ".join((full_name or "").split()).lower()
    if not name or birth_year is None or not nationality:
        return []
    query = select(Participant.code).where(
        Participant.project_id == project_id, Participant.birth_year == birth_year,
        Participant.nationality == nationality,
        func.lower(func.trim(Participant.full_name)) == name)
    if exclude_id is not None:
        query = query.where(Participant.id != exclude_id)
    return list(session.scalars(query.order_by(Participant.code)))


REGISTER_COLUMNS = ["id", "code", "sex", "birth_year", "nationality", "city", "children_count",
                    "year_regularized", "consent_recorded", "registered_on", "enrolments", "full_name", "phone", "version"]


def _register_query(project_id: int, search: str):
    query = select(Participant).where(Participant.project_id == project_id)
    words = (search or "").strip().lower()
    if words:
        query = query.where(func.lower(Participant.code).contains(words, autoescape=True)
                            | func.lower(func.coalesce(Participant.full_name, "")).contains(words, autoescape=True))
    return query


def register_size(session: Session, *, actor: Actor, project_id: int, search: str = "") -> int:
    """How many participants match `search` (in code or name): the register's length, for paging."""
    require_role(actor, ADMIN, COORDINATOR)
    matching = _register_query(project_id, search).with_only_columns(Participant.id).subquery()
    return session.scalar(select(func.count()).select_from(matching)) or 0


def participant_register(session: Session, *, actor: Actor, project_id: int, search: str = "",
                         limit: int | None = None, offset: int = 0) -> pd.DataFrame:
    """Participants matching `search` (code or name, any case) in code order, `limit` of them from `offset`,
    with the number of groups each joined (coordinators and admins only: it lists codes and per-person
    attributes). Pages show one page of it, never the whole register."""
    require_role(actor, ADMIN, COORDINATOR)
    people = _register_query(project_id, search).order_by(Participant.code).offset(offset)
    if limit is not None:
        people = people.limit(limit)
    people = people.subquery()
    enrolments = (select(Enrolment.participant_id, func.count().label("n"))
                  .where(Enrolment.participant_id.in_(select(people.c.id)))
                  .group_by(Enrolment.participant_id).subquery())
    rows = session.execute(
        select(people.c.id, people.c.code, people.c.sex, people.c.birth_year, people.c.nationality,
               people.c.city, people.c.children_count, people.c.year_regularized,
               people.c.consent_recorded, people.c.registered_on,
               func.coalesce(enrolments.c.n, 0), people.c.full_name, people.c.phone, people.c.version)
        .outerjoin(enrolments, enrolments.c.participant_id == people.c.id)
        .order_by(people.c.code)).all()
    frame = pd.DataFrame(rows, columns=REGISTER_COLUMNS)
    if not actor.sees_personal_data:
        frame = frame.drop(columns=list(PERSONAL_FIELDS))
    return frame
