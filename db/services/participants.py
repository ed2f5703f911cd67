"""Registering beneficiaries under a pseudonymous code, with optional personal fields and recorded consent."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.concurrency import check_version, last_number, lock_row, take_numbers
from db.bulk import insert_rows
from db.in_lists import chunks
from db.models import Enrolment, Participant, Project, TrainingGroup
from db.models.training import PERSONAL_FIELDS
from db.queries.participants import DuplicateKey, duplicate_key, duplicates_by_key
from db.services.period_locks import lock_in_force, lock_problems, problems_under_lock
from db.services.training_groups import city_prefix, get_project
from domain.errors import Problem, ValidationError, check
from domain.inputs import date_problems
from domain.participant_inputs import ParticipantChange, ParticipantInput

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
PROGRESS_EVERY = 250  # inputs checked between two progress reports

STORED_FIELDS = ("sex", "birth_year", "nationality", "city", "children_count", "year_regularized",
                 "consent_recorded", "consent_date", "registered_on", "full_name", "phone")


def _highest_code_number(session: Session, project_id: int, stem: str) -> int:
    """The highest number among a city's codes (read once, when the city's counter is first made)."""
    codes = session.scalars(select(Participant.code).where(
        Participant.project_id == project_id, Participant.code.like(f"{stem}%"))).all()
    return max((int(c[len(stem):]) for c in codes if c[len(stem):].isdigit()), default=0)


def _stem(city: str) -> str:
    return f"{city_prefix(city)}-"


def _take_codes(session: Session, project_id: int, stem: str, count: int) -> list[str]:
    numbers = take_numbers(session, project_id=project_id, series=f"participant:{stem}", count=count,
                           highest_used=lambda: _highest_code_number(session, project_id, stem))
    return [f"{stem}{n:04d}" for n in numbers]


def next_codes(session: Session, *, project_id: int, city: str, count: int = 1) -> list[str]:
    """The next free pseudonymous codes of a city (RAB-0042, RAB-0043 after RAB-0041), taken from the
    city's counter: unique however many coordinators register at once."""
    return _take_codes(session, project_id, _stem(city), count)


def next_code(session: Session, *, project_id: int, city: str) -> str:
    return next_codes(session, project_id=project_id, city=city)[0]


def _stored(given: ParticipantInput, consent_date_before=None) -> dict:
    fields = {name: getattr(given, name) for name in STORED_FIELDS}
    if fields["consent_recorded"]:
        fields["consent_date"] = fields["consent_date"] or consent_date_before or fields["registered_on"]
    else:
        fields["consent_date"] = None if given.consent_date is None else given.consent_date
    return fields


def _problems(project: Project, fields: dict, given: ParticipantInput) -> list[Problem]:
    problems = date_problems("registered_on", fields["registered_on"], project.start_date, project.end_date)
    if fields["year_regularized"] is not None and fields["year_regularized"] > project.end_date.year:
        problems.append(Problem("year_regularized", "error.participant_year_regularized_range",
                                {"high": project.end_date.year}))
    if given.consent_date is not None and not fields["consent_recorded"]:
        problems.append(Problem("consent_date", "error.participant_consent_date_without_consent"))
    if (fields["full_name"] or fields["phone"]) and not fields["consent_recorded"]:
        problems.append(Problem("consent_recorded", "error.participant_consent_needed_for_personal"))
    return problems


def _duplicate_problem(codes: list[str]) -> list[Problem]:
    return [Problem("full_name", "error.participant_possible_duplicate", {"codes": ", ".join(codes)})] if codes else []


def _key(fields: dict) -> DuplicateKey | None:
    return duplicate_key(fields["full_name"], fields["birth_year"], fields["nationality"])


@dataclass
class Admission:
    """What registering a list of participants would do, found by reading only (nothing written): each
    input's problems (none when accepted) and, for the accepted ones, the code it would get if nobody else
    registers meanwhile. `register_participants` writes exactly the accepted ones, in this order."""

    fields: list[dict]
    problems: list[list[Problem]]
    codes: list[str | None]


class _WouldBeCodes:
    """Codes handed out in order per city without taking them: after the counter's last value (read once
    per city, and only for the cities asked about)."""

    def __init__(self, session: Session, project_id: int) -> None:
        self.session, self.project_id = session, project_id
        self.last: dict[str, int] = {}

    def next(self, stem: str) -> str:
        if stem not in self.last:
            self.last[stem] = last_number(self.session, project_id=self.project_id, series=f"participant:{stem}",
                                          highest_used=lambda: _highest_code_number(self.session, self.project_id, stem))
        self.last[stem] += 1
        return f"{stem}{self.last[stem]:04d}"


def admit_participants(session: Session, *, project_id: int, given: Sequence[ParticipantInput],
                       progress: Progress | None = None) -> Admission:
    """THE rules of registering, for one form or a spreadsheet's rows, read once for all of them: dates
    inside the project period and not in the future, the period lock, consent for personal fields, and no
    possible duplicate (same name, birth year, nationality) unless confirmed -- neither in the register nor
    among the earlier accepted inputs, as if they had been registered one after the other."""
    project = get_project(session, project_id)
    lock = lock_in_force(session, project_id)
    fields = [_stored(g) for g in given]
    keys = [_key(f) for f in fields]
    registered = duplicates_by_key(session, project_id=project_id,
                                   keys={k for k, g in zip(keys, given) if k and not g.confirm_duplicate})
    would_be = _WouldBeCodes(session, project_id)
    earlier: dict[DuplicateKey, list[int]] = {}  # accepted inputs by key: their index
    admission = Admission(fields, [], [])
    for index, (one, stored, key) in enumerate(zip(given, fields, keys)):
        problems = _problems(project, stored, one)
        problems += problems_under_lock(lock, field="registered_on", day=stored["registered_on"])
        if key and not one.confirm_duplicate:
            problems += _duplicate_problem(sorted(registered.get(key, []) + [
                admission.codes[i] for i in earlier.get(key, [])]))
        admission.problems.append(problems)
        admission.codes.append(None if problems else (
            would_be.next(_stem(stored["city"])) if len(given) > 1 else None))
        if key and not problems:
            earlier.setdefault(key, []).append(index)
        if progress and ((index + 1) % PROGRESS_EVERY == 0 or index + 1 == len(given)):
            progress(index + 1, len(given))
    return admission


def register_participants(session: Session, *, actor: Actor, project_id: int, given: Sequence[ParticipantInput],
                          on_input: Callable[[int, list[Problem]], list[Problem]] = lambda _i, problems: problems,
                          progress: Progress | None = None) -> list[Participant]:
    """Register every input under a generated code, or none: one ValidationError lists each refused input's
    problems (`on_input(index, problems)` names them, e.g. by spreadsheet row). Codes are taken once per
    city, the participants inserted in batches of a few thousand, one audit entry each (so that each
    record's history, and who changed it last, reads as for one registered by the form).

    When some inputs are refused, the accepted ones are still inserted, so that a refusal of the database
    itself is named too; the ValidationError then makes the caller's transaction roll all of it back.
    `progress(done, total)` counts checks then writes (total is twice the inputs)."""
    require_role(actor, ADMIN, COORDINATOR)
    total = 2 * len(given)
    admission = admit_participants(session, project_id=project_id, given=given,
                                   progress=progress and (lambda done, _n: progress(done, total)))
    accepted = [index for index, problems in enumerate(admission.problems) if not problems]
    stems: dict[str, list[int]] = {}
    for index in accepted:
        stems.setdefault(_stem(admission.fields[index]["city"]), []).append(index)
    codes: dict[int, str] = {}
    for stem, indexes in stems.items():
        codes.update(zip(indexes, _take_codes(session, project_id, stem, len(indexes))))
    rows = [{"project_id": project_id, "code": codes[index], **admission.fields[index]} for index in accepted]
    refused = insert_rows(session, Participant.__table__, rows,
                          progress=progress and (lambda done: progress(len(given) + done, total)))
    for position in refused:
        admission.problems[accepted[position]] = [Problem("__row__", "error.import_row_refused")]
    check([p for index, problems in enumerate(admission.problems) if problems for p in on_input(index, problems)])
    people = _read_back(session, project_id, [row["code"] for row in rows])
    audit.record_many(session, actor=actor, action="create", entity="participant", entries=[
        (person.id, {"code": person.code, "confirmed_duplicate": given[index].confirm_duplicate})
        for person, index in zip(people, accepted)])
    return people


def _read_back(session: Session, project_id: int, codes: list[str]) -> list[Participant]:
    """The participants just inserted, in the order of their codes (one query per 500 codes)."""
    found: dict[str, Participant] = {}
    for chunk in chunks(codes):
        found.update((person.code, person) for person in session.scalars(select(Participant).where(
            Participant.project_id == project_id, Participant.code.in_(chunk))))
    return [found[code] for code in codes]


def register_participant(session: Session, *, actor: Actor, project_id: int, given: ParticipantInput) -> Participant:
    """Add a beneficiary under a generated code (CAS-0017); a possible duplicate needs `confirm_duplicate`."""
    return register_participants(session, actor=actor, project_id=project_id, given=[given])[0]


def update_participant(session: Session, *, actor: Actor, given: ParticipantChange) -> Participant:
    """Correct a participant's record against the version the form loaded; her code never changes."""
    require_role(actor, ADMIN, COORDINATOR)
    # Her cohorts first, in id order, as an import enrolling her takes them before her row (through the
    # enrolment's foreign key); the commit locks them anyway to recount their outcomes (db/group_outcomes.py).
    session.execute(select(TrainingGroup.id).where(TrainingGroup.id.in_(
        select(Enrolment.group_id).where(Enrolment.participant_id == given.participant_id)))
        .order_by(TrainingGroup.id).with_for_update())
    person = lock_row(session, Participant, given.participant_id)
    if person is None:
        raise ValidationError([Problem("participant", "error.participant_not_found")])
    check_version(session, person, given.expected_version, entity="participant", fields=STORED_FIELDS)
    project = get_project(session, person.project_id)
    fields = _stored(given, consent_date_before=person.consent_date)
    problems = _problems(project, fields, given)
    # A record inside a locked period may not change, nor move into one.
    for day in {person.registered_on, fields["registered_on"]}:
        problems += lock_problems(session, project_id=person.project_id, field="registered_on", day=day)
    key = None if given.confirm_duplicate else _key(fields)
    if key:
        problems += _duplicate_problem(duplicates_by_key(session, project_id=person.project_id, keys=[key],
                                                         exclude_id=person.id).get(key, []))
    check(problems)
    before = audit.snapshot(person, STORED_FIELDS)
    for key, value in fields.items():
        setattr(person, key, value)
    session.flush()
    audit.record_update(session, actor=actor, entity="participant", row=person, before=before,
                        personal=frozenset(PERSONAL_FIELDS))
    return person
