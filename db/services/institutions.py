"""The institutions registry: Moroccan and international actors that organise or attend events.

Names are unique whatever their case (checked here; the database's unique index holds exact duplicates)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.concurrency import check_version, lock_row
from db.models import Institution
from db.models.project import INSTITUTION_LEVELS, INSTITUTION_TYPES
from domain.errors import Problem, ValidationError, check
from domain.stakeholder_inputs import InstitutionChange, InstitutionInput

FIELDS = ("name", "acronym", "type", "level", "city", "is_implementing_partner")


def _problems(session: Session, given: InstitutionInput, institution_id: int | None = None) -> list[Problem]:
    problems: list[Problem] = []
    same = select(Institution.id).where(func.lower(Institution.name) == given.name.lower())
    if institution_id is not None:
        same = same.where(Institution.id != institution_id)
    if session.scalar(same) is not None:
        problems.append(Problem("name", "error.institution_name_taken", {"name": given.name}))
    if given.type not in INSTITUTION_TYPES:
        problems.append(Problem("type", "error.institution_type_unknown"))
    if given.level not in INSTITUTION_LEVELS:
        problems.append(Problem("level", "error.institution_level_unknown"))
    return problems


def create_institution(session: Session, *, actor: Actor, given: InstitutionInput) -> Institution:
    """Add an institution to the registry; names are unique whatever their case."""
    require_role(actor, ADMIN, COORDINATOR)
    check(_problems(session, given))
    institution = Institution(**{name: getattr(given, name) for name in FIELDS})
    session.add(institution)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="institution", entity_id=institution.id,
                 name=given.name, type=given.type, level=given.level)
    return institution


def update_institution(session: Session, *, actor: Actor, given: InstitutionChange) -> Institution:
    """Correct an institution's name, acronym, type, level or city, against the version the form loaded."""
    require_role(actor, ADMIN, COORDINATOR)
    institution = lock_row(session, Institution, given.institution_id)
    if institution is None:
        raise ValidationError([Problem("institution", "error.institution_not_found")])
    check_version(session, institution, given.expected_version, entity="institution", fields=FIELDS)
    check(_problems(session, given, institution_id=institution.id))
    before = audit.snapshot(institution, FIELDS)
    for name in FIELDS:
        setattr(institution, name, getattr(given, name))
    session.flush()
    audit.record_update(session, actor=actor, entity="institution", row=institution, before=before)
    return institution
