"""Reads about the participant register; personal fields only for roles that may see them."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.models import Enrolment, Participant
from db.models.training import PERSONAL_FIELDS
from db.queries.search import any_contains, words_of

# Well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters: a 10,000-row file is one query.
DUPLICATE_NAMES_PER_QUERY = 20_000


DuplicateKey = tuple[str, int, str]  # (name in single-spaced lower case, birth year, nationality)


def duplicate_key(full_name: str | None, birth_year: int | None, nationality: str | None) -> DuplicateKey | None:
    """What two records share when they may be the same woman; None when a part is missing (no check)."""
    name = " ".join((full_name or "").split()).lower()
    if not name or birth_year is None or not nationality:
        return None
    return name, birth_year, nationality


def duplicates_by_key(session: Session, *, project_id: int, keys: Iterable[DuplicateKey],
                      exclude_id: int | None = None) -> dict[DuplicateKey, list[str]]:
    """Codes of registered participants per key (name ignoring case and spaces, birth year, nationality),
    in code order, for many keys in one query (a spreadsheet's rows) or one (a form)."""
    keys = set(keys)
    found: dict[DuplicateKey, list[str]] = {}
    names = sorted({k[0] for k in keys})
    for start in range(0, len(names), DUPLICATE_NAMES_PER_QUERY):
        stored_name = func.lower(func.trim(Participant.full_name))
        query = select(Participant.code, stored_name, Participant.birth_year, Participant.nationality).where(
            Participant.project_id == project_id,
            stored_name.in_(names[start:start + DUPLICATE_NAMES_PER_QUERY]),
            Participant.birth_year.in_({k[1] for k in keys}), Participant.nationality.in_({k[2] for k in keys}))
        if exclude_id is not None:
            query = query.where(Participant.id != exclude_id)
        for code, name, year, nationality in session.execute(query.order_by(Participant.code)):
            if (name, year, nationality) in keys:
                found.setdefault((name, year, nationality), []).append(code)
    return found


def possible_duplicates(session: Session, *, project_id: int, full_name: str | None, birth_year: int | None,
                        nationality: str | None, exclude_id: int | None = None) -> list[str]:
    """Codes of participants with the same name (ignoring case and spaces), birth year and nationality."""
    key = duplicate_key(full_name, birth_year, nationality)
    if key is None:
        return []
    return duplicates_by_key(session, project_id=project_id, keys=[key], exclude_id=exclude_id).get(key, [])


REGISTER_COLUMNS = ["id", "code", "sex", "birth_year", "nationality", "city", "children_count",
                    "year_regularized", "consent_recorded", "registered_on", "enrolments", "full_name", "phone", "version"]


# Options a select box gets at most: the first matches of what was typed, never the whole register.
CHOICES_LIMIT = 50


def _register_query(project_id: int, search: str, not_in_group: int | None = None):
    query = select(Participant).where(Participant.project_id == project_id)
    words = words_of(search)
    if words:
        query = query.where(any_contains(words, Participant.code, Participant.full_name))
    if not_in_group is not None:
        query = query.where(Participant.id.not_in(
            select(Enrolment.participant_id).where(Enrolment.group_id == not_in_group)))
    return query


def register_size(session: Session, *, actor: Actor, project_id: int, search: str = "",
                  not_in_group: int | None = None) -> int:
    """How many participants match `search` (in code or name), leaving out those with an enrolment in
    `not_in_group`: the register's length, for paging and for saying how many a list leaves out."""
    require_role(actor, ADMIN, COORDINATOR)
    matching = _register_query(project_id, search, not_in_group).with_only_columns(Participant.id).subquery()
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


def participant_choices(session: Session, *, actor: Actor, project_id: int, search: str = "",
                        chosen: Iterable[int] = (), not_in_group: int | None = None,
                        limit: int = CHOICES_LIMIT) -> dict[int, str]:
    """Options of a select box of participants, id → code (and name, for roles that see it), in code order:
    the first `limit` matching `search` (code or name) plus those already `chosen`, all without an
    enrolment in `not_in_group` (coordinators and admins only). Never the whole register."""
    require_role(actor, ADMIN, COORDINATOR)
    chosen_ids = sorted({int(i) for i in chosen})
    matches = (_register_query(project_id, search, not_in_group).with_only_columns(Participant.id)
               .order_by(Participant.code).limit(limit))
    eligible = _register_query(project_id, "", not_in_group).with_only_columns(Participant.id)
    wanted = Participant.id.in_(matches.subquery().select())
    if chosen_ids:
        wanted = wanted | (Participant.id.in_(chosen_ids) & Participant.id.in_(eligible))
    rows = session.execute(select(Participant.id, Participant.code, Participant.full_name)
                           .where(wanted).order_by(Participant.code))
    return {pid: f"{code} — {name}" if actor.sees_personal_data and name else code for pid, code, name in rows}
