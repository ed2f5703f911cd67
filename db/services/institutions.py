"""The institutions registry: Moroccan and international actors that organise or attend events."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from domain.errors import Problem, ValidationError, check
from db.models import Institution
from db.models.project import INSTITUTION_LEVELS, INSTITUTION_TYPES


def _problems(session: Session, *, name: str, acronym: str | None, type: str, level: str,
              city: str | None, institution_id: int | None = None) -> list[Problem]:
    problems: list[Problem] = []
    if not name:
        problems.append(Problem("name", "error.required"))
    elif len(name) > 200:
        problems.append(Problem("name", "error.stakeholder_text_too_long", {"max": 200}))
    else:
        same = select(Institution.id).where(func.lower(Institution.name) == name.lower())
        if institution_id is not None:
            same = same.where(Institution.id != institution_id)
        if session.scalar(same) is not None:
            problems.append(Problem("name", "error.institution_name_taken", {"name": name}))
    if acronym and len(acronym) > 30:
        problems.append(Problem("acronym", "error.stakeholder_text_too_long", {"max": 30}))
    if type not in INSTITUTION_TYPES:
        problems.append(Problem("type", "error.institution_type_unknown"))
    if level not in INSTITUTION_LEVELS:
        problems.append(Problem("level", "error.institution_level_unknown"))
    if city and len(city) > 60:
        problems.append(Problem("city", "error.stakeholder_text_too_long", {"max": 60}))
    return problems


def create_institution(session: Session, *, actor: Actor, name: str, acronym: str | None, type: str,
                       level: str, city: str | None, is_implementing_partner: bool = False) -> Institution:
    """Add an institution to the registry; names are unique whatever their case."""
    require_role(actor, ADMIN, COORDINATOR)
    name, acronym, city = (name or "").strip(), (acronym or "").strip() or None, (city or "").strip() or None
    check(_problems(session, name=name, acronym=acronym, type=type, level=level, city=city))
    institution = Institution(name=name, acronym=acronym, type=type, level=level, city=city,
                              is_implementing_partner=bool(is_implementing_partner))
    session.add(institution)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="institution", entity_id=institution.id,
                 name=name, type=type, level=level)
    return institution


def update_institution(session: Session, *, actor: Actor, institution_id: int, name: str, acronym: str | None,
                       type: str, level: str, city: str | None,
                       is_implementing_partner: bool = False) -> Institution:
    """Correct an institution's name, acronym, type, level or city."""
    require_role(actor, ADMIN, COORDINATOR)
    institution = session.get(Institution, institution_id)
    if institution is None:
        raise ValidationError([Problem("institution", "error.institution_not_found")])
    name, acronym, city = (name or "").strip(), (acronym or "").strip() or None, (city or "").strip() or None
    check(_problems(session, name=name, acronym=acronym, type=type, level=level, city=city,
                    institution_id=institution_id))
    before = {"name": institution.name, "acronym": institution.acronym, "type": institution.type,
              "level": institution.level, "city": institution.city}
    after = {"name": name, "acronym": acronym, "type": type, "level": level, "city": city}
    institution.name, institution.acronym, institution.type = name, acronym, type
    institution.level, institution.city = level, city
    institution.is_implementing_partner = bool(is_implementing_partner)
    audit.record(session, actor=actor, action="update", entity="institution", entity_id=institution.id,
                 changed={k: [before[k], after[k]] for k in after if before[k] != after[k]})
    return institution
