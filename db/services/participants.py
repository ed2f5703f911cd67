"""Registering beneficiaries under a pseudonymous code, with optional personal fields and recorded consent."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.errors import Problem, ValidationError, check
from db.models import Participant, Project
from db.models.training import SEXES
from db.queries.participants import possible_duplicates
from db.services.training_groups import city_prefix, get_project, in_period
from domain.countries import is_country

MIN_BIRTH_YEAR, MAX_BIRTH_YEAR = 1940, 2010
MAX_CHILDREN = 20


def next_code(session: Session, *, project_id: int, city: str) -> str:
    """The next free pseudonymous code in a city: RAB-0042 after RAB-0041."""
    stem = f"{city_prefix(city)}-"
    codes = session.scalars(select(Participant.code).where(
        Participant.project_id == project_id, Participant.code.like(f"{stem}%"))).all()
    numbers = [int(c[len(stem):]) for c in codes if c[len(stem):].isdigit()]
    return f"{stem}{max(numbers, default=0) + 1:04d}"


def _problems(project: Project, *, sex: str, birth_year: int | None, nationality: str, city: str,
              children_count: int, year_regularized: int | None, consent_recorded: bool,
              consent_date: date | None, registered_on: date | None, full_name: str | None,
              phone: str | None) -> list[Problem]:
    problems: list[Problem] = []
    if sex not in SEXES:
        problems.append(Problem("sex", "error.participant_sex_unknown"))
    if birth_year is not None and not MIN_BIRTH_YEAR <= birth_year <= MAX_BIRTH_YEAR:
        problems.append(Problem("birth_year", "error.participant_birth_year_range",
                                {"low": MIN_BIRTH_YEAR, "high": MAX_BIRTH_YEAR}))
    if not is_country(nationality):
        problems.append(Problem("nationality", "error.participant_nationality_unknown"))
    if not (city or "").strip():
        problems.append(Problem("city", "error.required"))
    if children_count is None or not 0 <= children_count <= MAX_CHILDREN:
        problems.append(Problem("children_count", "error.participant_children_range", {"high": MAX_CHILDREN}))
    if year_regularized is not None and not 2000 <= year_regularized <= project.end_date.year:
        problems.append(Problem("year_regularized", "error.participant_year_regularized_range",
                                {"high": project.end_date.year}))
    period = {"start": project.start_date.isoformat(), "end": project.end_date.isoformat()}
    if not in_period(registered_on, project.start_date, project.end_date):
        problems.append(Problem("registered_on", "error.training_date_outside_project", period))
    if consent_date is not None and not consent_recorded:
        problems.append(Problem("consent_date", "error.participant_consent_date_without_consent"))
    if ((full_name or "").strip() or (phone or "").strip()) and not consent_recorded:
        problems.append(Problem("consent_recorded", "error.participant_consent_needed_for_personal"))
    return problems


def _fields(**given) -> dict:
    out = dict(given)
    out["city"] = (out["city"] or "").strip()
    out["full_name"] = " ".join((out["full_name"] or "").split()) or None
    out["phone"] = (out["phone"] or "").strip() or None
    if out["consent_recorded"] and out["consent_date"] is None:
        out["consent_date"] = out["registered_on"]
    return out


def _duplicate_problem(session: Session, project_id: int, fields: dict, exclude_id: int | None,
                       confirm_duplicate: bool) -> list[Problem]:
    if confirm_duplicate:
        return []
    codes = possible_duplicates(session, project_id=project_id, full_name=fields["full_name"],
                                birth_year=fields["birth_year"], nationality=fields["nationality"],
                                exclude_id=exclude_id)
    return [Problem("full_name", "error.participant_possible_duplicate", {"codes": ", ".join(codes)})] if codes else []


def register_participant(session: Session, *, actor: Actor, project_id: int, sex: str, nationality: str,
                         city: str, registered_on: date | None, birth_year: int | None = None,
                         children_count: int = 0, year_regularized: int | None = None,
                         consent_recorded: bool = False, consent_date: date | None = None,
                         full_name: str | None = None, phone: str | None = None,
                         confirm_duplicate: bool = False) -> Participant:
    """Add a beneficiary under a generated code (CAS-0017); a possible duplicate needs `confirm_duplicate`."""
    require_role(actor, ADMIN, COORDINATOR)
    project = get_project(session, project_id)
    fields = _fields(sex=sex, birth_year=birth_year, nationality=nationality, city=city,
                     children_count=children_count, year_regularized=year_regularized,
                     consent_recorded=bool(consent_recorded), consent_date=consent_date,
                     registered_on=registered_on, full_name=full_name, phone=phone)
    problems = _problems(project, **fields)
    problems += _duplicate_problem(session, project_id, fields, None, confirm_duplicate)
    check(problems)
    person = Participant(project_id=project_id, code=next_code(session, project_id=project_id, city=city),
                         **fields)
    session.add(person)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="participant", entity_id=person.id,
                 code=person.code, confirmed_duplicate=confirm_duplicate)
    return person


def update_participant(session: Session, *, actor: Actor, participant_id: int, sex: str, nationality: str,
                       city: str, registered_on: date | None, birth_year: int | None = None,
                       children_count: int = 0, year_regularized: int | None = None,
                       consent_recorded: bool = False, consent_date: date | None = None,
                       full_name: str | None = None, phone: str | None = None,
                       confirm_duplicate: bool = False) -> Participant:
    """Correct a participant's record; her code never changes."""
    require_role(actor, ADMIN, COORDINATOR)
    person = session.get(Participant, participant_id)
    if person is None:
        raise ValidationError([Problem("participant", "error.participant_not_found")])
    project = get_project(session, person.project_id)
    consent_date = consent_date or (person.consent_date if consent_recorded else None)
    fields = _fields(sex=sex, birth_year=birth_year, nationality=nationality, city=city,
                     children_count=children_count, year_regularized=year_regularized,
                     consent_recorded=bool(consent_recorded), consent_date=consent_date,
                     registered_on=registered_on, full_name=full_name, phone=phone)
    problems = _problems(project, **fields)
    problems += _duplicate_problem(session, person.project_id, fields, person.id, confirm_duplicate)
    check(problems)
    # The audit names which fields changed, never the personal values themselves.
    changed = sorted(k for k, v in fields.items() if getattr(person, k) != v)
    for key, value in fields.items():
        setattr(person, key, value)
    audit.record(session, actor=actor, action="update", entity="participant", entity_id=person.id,
                 changed=changed)
    return person
