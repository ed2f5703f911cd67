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


def participant_register(session: Session, *, actor: Actor, project_id: int) -> pd.DataFrame:
    """Every participant with the number of groups she joined (coordinators and admins only: it lists codes and
    per-person attributes)."""
    require_role(actor, ADMIN, COORDINATOR)
    enrolments = (select(Enrolment.participant_id, func.count().label("n"))
                  .group_by(Enrolment.participant_id).subquery())
    rows = session.execute(
        select(Participant.id, Participant.code, Participant.sex, Participant.birth_year, Participant.nationality,
               Participant.city, Participant.children_count, Participant.year_regularized,
               Participant.consent_recorded, Participant.registered_on,
               func.coalesce(enrolments.c.n, 0), Participant.full_name, Participant.phone, Participant.version)
        .outerjoin(enrolments, enrolments.c.participant_id == Participant.id)
        .where(Participant.project_id == project_id).order_by(Participant.code)).all()
    frame = pd.DataFrame(rows, columns=REGISTER_COLUMNS)
    if not actor.sees_personal_data:
        frame = frame.drop(columns=list(PERSONAL_FIELDS))
    return frame
