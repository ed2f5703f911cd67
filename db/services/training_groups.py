"""Setting up training groups: vocational cohorts and entrepreneurship groups (TRIE, CREE, GERME) share one
mechanism of groups, enrolments, sessions and attendance."""
from __future__ import annotations

import unicodedata

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.concurrency import check_version, lock_row, take_numbers
from db.models import Institution, Project, TrainingGroup
from db.services.period_locks import lock_problems
from domain.errors import Problem, ValidationError, check
from domain.inputs import date_problems
from domain.training_inputs import GroupChange, GroupInput

# Pseudonymous codes and group codes start with the city's prefix (as the demo data does).
CITY_PREFIX = {"Casablanca": "CAS", "Rabat": "RAB"}
KIND_CODE = {"vocational": "VT"}


def city_prefix(city: str) -> str:
    """Three capital letters for a city: CAS for Casablanca, RAB for Rabat, else its first letters."""
    city = (city or "").strip()
    if city in CITY_PREFIX:
        return CITY_PREFIX[city]
    letters = "".join(c for c in unicodedata.normalize("NFKD", city) if c.isascii() and c.isalpha())
    return (letters[:3] or "XXX").upper()


def get_project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise ValidationError([Problem("project", "error.training_project_not_found")])
    return project


def get_group(session: Session, group_id: int) -> TrainingGroup:
    """The group, or a refusal naming it as gone."""
    group = session.get(TrainingGroup, group_id)
    if group is None:
        raise ValidationError([Problem("group", "error.group_not_found")])
    return group


def lock_group(session: Session, group_id: int) -> TrainingGroup:
    """The group, locked until the transaction ends (rules spanning its enrolments and sessions hold while
    it is), or a refusal naming it as gone."""
    group = lock_row(session, TrainingGroup, group_id)
    if group is None:
        raise ValidationError([Problem("group", "error.group_not_found")])
    return group


GROUP_FIELDS = ("name", "trade", "module", "provider_id", "city", "planned_start", "planned_end",
                "planned_sessions", "planned_hours", "capacity")


def _highest_code_number(session: Session, project_id: int, stem: str) -> int:
    """The highest number among the codes of a stem (read once, when the stem's counter is first made)."""
    codes = session.scalars(select(TrainingGroup.code).where(
        TrainingGroup.project_id == project_id, TrainingGroup.code.like(f"{stem}%"))).all()
    return max((int(c[len(stem):]) for c in codes if c[len(stem):].isdigit()), default=0)


def next_group_code(session: Session, *, project_id: int, kind: str, module: str | None, city: str) -> str:
    """The next code of a kind (or module) in a city (VT-CAS-05 after VT-CAS-04, CREE-RAB-02), taken from
    the stem's counter: unique however many coordinators plan groups at once."""
    stem = f"{KIND_CODE.get(kind, module or 'GRP')}-{city_prefix(city)}-"
    [number] = take_numbers(session, project_id=project_id, series=f"training_group:{stem}",
                            highest_used=lambda: _highest_code_number(session, project_id, stem))
    return f"{stem}{number:02d}"


def _problems(session: Session, project: Project, given: GroupInput) -> list[Problem]:
    """What the input alone cannot know: the institution exists, the plan falls in the project period."""
    problems: list[Problem] = []
    if session.get(Institution, given.provider_id) is None:
        problems.append(Problem("provider_id", "error.group_provider_unknown"))
    for field in ("planned_start", "planned_end"):
        # Planned dates may lie ahead: the project period is the rule, not "not in the future".
        problems += date_problems(field, getattr(given, field), project.start_date, project.end_date,
                                  today=project.end_date)
    return problems


def _stored(given: GroupInput) -> dict:
    return {name: getattr(given, name) for name in GROUP_FIELDS}


def create_group(session: Session, *, actor: Actor, project_id: int, given: GroupInput) -> TrainingGroup:
    """Plan a new cohort or entrepreneurship group; its code is generated (VT-CAS-05, CREE-RAB-02) when blank."""
    require_role(actor, ADMIN, COORDINATOR)
    project = get_project(session, project_id)
    problems = _problems(session, project, given)
    problems += lock_problems(session, project_id=project_id, field="planned_start", day=given.planned_start)
    if given.code and session.scalar(select(func.count()).select_from(TrainingGroup).where(
            TrainingGroup.project_id == project_id, TrainingGroup.code == given.code)):
        problems.append(Problem("code", "error.group_code_taken", {"code": given.code}))
    check(problems)
    code = given.code or next_group_code(session, project_id=project_id, kind=given.kind, module=given.module,
                                         city=given.city)
    group = TrainingGroup(project_id=project_id, kind=given.kind, code=code, status="planned", **_stored(given))
    session.add(group)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="training_group", entity_id=group.id,
                 code=group.code, kind=group.kind)
    return group


def update_group(session: Session, *, actor: Actor, given: GroupChange) -> TrainingGroup:
    """Correct a group's plan against the version the form loaded; its kind and code never change, a closed
    group is not edited, and a group starting inside a locked period neither changes nor moves into one."""
    require_role(actor, ADMIN, COORDINATOR)
    group = lock_group(session, given.group_id)
    check_version(session, group, given.expected_version, entity="training_group", fields=GROUP_FIELDS)
    project = get_project(session, group.project_id)
    problems = _problems(session, project, given)
    if given.kind != group.kind:
        problems.append(Problem("kind", "error.group_kind_unknown"))
    if group.status == "closed":
        problems.append(Problem("group", "error.group_closed"))
    for day in {group.planned_start, given.planned_start}:
        problems += lock_problems(session, project_id=group.project_id, field="planned_start", day=day)
    check(problems)
    before = audit.snapshot(group, GROUP_FIELDS)
    for key, value in _stored(given).items():
        setattr(group, key, value)
    session.flush()
    audit.record_update(session, actor=actor, entity="training_group", row=group, before=before)
    return group


def close_group(session: Session, *, actor: Actor, group_id: int) -> TrainingGroup:
    """Close a group once its training is over: no more enrolments or sessions. A compare-and-set on the
    status read under the group's lock, so two coordinators closing at once close it once."""
    require_role(actor, ADMIN, COORDINATOR)
    group = lock_group(session, group_id)
    if group.status == "closed":
        raise ValidationError([Problem("group", "error.group_closed")])
    old = group.status
    group.status = "closed"
    session.flush()
    audit.record(session, actor=actor, action="close", entity="training_group", entity_id=group.id, old=old)
    return group


def open_group_for(group: TrainingGroup) -> list[Problem]:
    """Problems when `group` no longer takes enrolments or sessions."""
    return [Problem("group", "error.group_closed")] if group.status == "closed" else []
