"""Registering beneficiaries under a pseudonymous code, with optional personal fields and recorded consent."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.concurrency import check_version, lock_row, take_numbers
from db.models import Participant, Project
from db.models.training import PERSONAL_FIELDS
from db.queries.participants import possible_duplicates
from db.services.period_locks import lock_problems
from db.services.training_groups import city_prefix, get_project
from domain.errors import Problem, ValidationError, check
from domain.inputs import date_problems
from domain.participant_inputs import ParticipantChange, ParticipantInput

STORED_FIELDS = ("sex", "birth_year", "nationality", "city", "children_count", "year_regularized",
                 "consent_recorded", "consent_date", "registered_on", "full_name", "phone")


def _highest_code_number(session: Session, project_id: int, stem: str) -> int:
    """The highest number among a city's codes (read once, when the city's counter is first made)."""
    codes = session.scalars(select(Participant.code).where(
        Participant.project_id == project_id, Participant.code.like(f"{stem}%"))).all()
    return max((int(c[len(stem):]) for c in codes if c[len(stem):].isdigit()), default=0)


def next_codes(session: Session, *, project_id: int, city: str, count: int = 1) -> list[str]:
    """The next free pseudonymous codes of a city (RAB-0042, RAB-0043 after RAB-0041), taken from the
    city's counter: unique however many coordinators register at once."""
    stem = f"{city_prefix(city)}-"
    numbers = take_numbers(session, project_id=project_id, series=f"participant:{stem}", count=count,
                           highest_used=lambda: _highest_code_number(session, project_id, stem))
    return [f"{stem}{n:04d}" for n in numbers]


def next_code(session: Session, *, project_id: int, city: str) -> str:
    return next_codes(session, project_id=project_id, city=city)[0]


def _stored(given: ParticipantInput, consent_date_before=None) -> dict:
    fields = {name: getattr(given, name) for name in STORED_FIELDS}
    if fields["consent_recorded"]:
        fields["consent_date"] = fields["consent_date"] or consent_date_before or fields["registered_on"]
    else:
        fields["consent_date"] = None if given.consent_date is None else given.consent_date
    return fields


def _problems(session: Session, project: Project, fields: dict, given: ParticipantInput) -> list[Problem]:
    problems = date_problems("registered_on", fields["registered_on"], project.start_date, project.end_date)
    if fields["year_regularized"] is not None and fields["year_regularized"] > project.end_date.year:
        problems.append(Problem("year_regularized", "error.participant_year_regularized_range",
                                {"high": project.end_date.year}))
    if given.consent_date is not None and not fields["consent_recorded"]:
        problems.append(Problem("consent_date", "error.participant_consent_date_without_consent"))
    if (fields["full_name"] or fields["phone"]) and not fields["consent_recorded"]:
        problems.append(Problem("consent_recorded", "error.participant_consent_needed_for_personal"))
    return problems


def _duplicate_problem(session: Session, project_id: int, fields: dict, exclude_id: int | None,
                       confirm_duplicate: bool) -> list[Problem]:
    if confirm_duplicate:
        return []
    codes = possible_duplicates(session, project_id=project_id, full_name=fields["full_name"],
                                birth_year=fields["birth_year"], nationality=fields["nationality"],
                                exclude_id=exclude_id)
    return [Problem("full_name", "error.participant_possible_duplicate", {"codes": ", ".join(codes)})] if codes else []


def register_participant(session: Session, *, actor: Actor, project_id: int, given: ParticipantInput) -> Participant:
    """Add a beneficiary under a generated code (CAS-0017); a possible duplicate needs `confirm_duplicate`."""
    require_role(actor, ADMIN, COORDINATOR)
    project = get_project(session, project_id)
    fields = _stored(given)
    problems = _problems(session, project, fields, given)
    problems += lock_problems(session, project_id=project_id, field="registered_on", day=fields["registered_on"])
    problems += _duplicate_problem(session, project_id, fields, None, given.confirm_duplicate)
    check(problems)
    person = Participant(project_id=project_id, code=next_code(session, project_id=project_id, city=fields["city"]),
                         **fields)
    session.add(person)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="participant", entity_id=person.id,
                 code=person.code, confirmed_duplicate=given.confirm_duplicate)
    return person


def update_participant(session: Session, *, actor: Actor, given: ParticipantChange) -> Participant:
    """Correct a participant's record against the version the form loaded; her code never changes."""
    require_role(actor, ADMIN, COORDINATOR)
    person = lock_row(session, Participant, given.participant_id)
    if person is None:
        raise ValidationError([Problem("participant", "error.participant_not_found")])
    check_version(session, person, given.expected_version, entity="participant", fields=STORED_FIELDS)
    project = get_project(session, person.project_id)
    fields = _stored(given, consent_date_before=person.consent_date)
    problems = _problems(session, project, fields, given)
    # A record inside a locked period may not change, nor move into one.
    for day in {person.registered_on, fields["registered_on"]}:
        problems += lock_problems(session, project_id=person.project_id, field="registered_on", day=day)
    problems += _duplicate_problem(session, person.project_id, fields, person.id, given.confirm_duplicate)
    check(problems)
    before = audit.snapshot(person, STORED_FIELDS)
    for key, value in fields.items():
        setattr(person, key, value)
    session.flush()
    audit.record_update(session, actor=actor, entity="participant", row=person, before=before,
                        personal=frozenset(PERSONAL_FIELDS))
    return person
