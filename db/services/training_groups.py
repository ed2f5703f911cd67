"""Setting up training groups: vocational cohorts and entrepreneurship groups (TRIE, CREE, GERME) share one
mechanism of groups, enrolments, sessions and attendance."""
from __future__ import annotations

import unicodedata
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from domain.errors import Problem, ValidationError, check
from db.models import Institution, Project, TrainingGroup
from db.models.training import GROUP_KINDS, MODULES

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


def in_period(day: date | None, start: date, end: date) -> bool:
    return day is not None and start <= day <= end


def _next_code(session: Session, project_id: int, kind: str, module: str | None, city: str) -> str:
    stem = f"{KIND_CODE.get(kind, module or 'GRP')}-{city_prefix(city)}-"
    codes = session.scalars(select(TrainingGroup.code).where(
        TrainingGroup.project_id == project_id, TrainingGroup.code.like(f"{stem}%"))).all()
    numbers = [int(c[len(stem):]) for c in codes if c[len(stem):].isdigit()]
    return f"{stem}{max(numbers, default=0) + 1:02d}"


def _problems(session: Session, project: Project, *, kind: str, name: str, trade: str | None,
              module: str | None, provider_id: int | None, city: str, planned_start: date | None,
              planned_end: date | None, planned_sessions: int, planned_hours: int, capacity: int) -> list[Problem]:
    problems: list[Problem] = []
    if kind not in GROUP_KINDS:
        problems.append(Problem("kind", "error.group_kind_unknown"))
    if kind == "entrepreneurship" and module not in MODULES:
        problems.append(Problem("module", "error.group_module_required"))
    if kind == "vocational" and module:
        problems.append(Problem("module", "error.group_module_only_entrepreneurship"))
    if kind == "vocational" and not (trade or "").strip():
        problems.append(Problem("trade", "error.required"))
    if not (name or "").strip():
        problems.append(Problem("name", "error.required"))
    if provider_id is None or session.get(Institution, provider_id) is None:
        problems.append(Problem("provider_id", "error.group_provider_unknown"))
    if not (city or "").strip():
        problems.append(Problem("city", "error.required"))
    period = {"start": project.start_date.isoformat(), "end": project.end_date.isoformat()}
    if not in_period(planned_start, project.start_date, project.end_date):
        problems.append(Problem("planned_start", "error.training_date_outside_project", period))
    if not in_period(planned_end, project.start_date, project.end_date):
        problems.append(Problem("planned_end", "error.training_date_outside_project", period))
    elif planned_start and planned_end < planned_start:
        problems.append(Problem("planned_end", "error.training_end_before_start"))
    if planned_sessions is None or planned_sessions < 0:
        problems.append(Problem("planned_sessions", "error.training_not_negative"))
    if planned_hours is None or planned_hours < 0:
        problems.append(Problem("planned_hours", "error.training_not_negative"))
    if capacity is None or capacity <= 0:
        problems.append(Problem("capacity", "error.group_capacity_positive"))
    return problems


def create_group(session: Session, *, actor: Actor, project_id: int, kind: str, name: str,
                 provider_id: int | None, city: str, planned_start: date | None, planned_end: date | None,
                 capacity: int, planned_sessions: int = 0, planned_hours: int = 0, trade: str | None = None,
                 module: str | None = None, code: str | None = None) -> TrainingGroup:
    """Plan a new cohort or entrepreneurship group; its code is generated (VT-CAS-05, CREE-RAB-02) when blank."""
    require_role(actor, ADMIN, COORDINATOR)
    project = get_project(session, project_id)
    fields = dict(kind=kind, name=name, trade=trade, module=module or None, provider_id=provider_id, city=city,
                  planned_start=planned_start, planned_end=planned_end, planned_sessions=planned_sessions,
                  planned_hours=planned_hours, capacity=capacity)
    problems = _problems(session, project, **fields)
    code = (code or "").strip().upper()
    if code and session.scalar(select(func.count()).select_from(TrainingGroup).where(
            TrainingGroup.project_id == project_id, TrainingGroup.code == code)):
        problems.append(Problem("code", "error.group_code_taken", {"code": code}))
    check(problems)
    group = TrainingGroup(project_id=project_id, code=code or _next_code(session, project_id, kind, module, city),
                          status="planned", **_clean(fields))
    session.add(group)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="training_group", entity_id=group.id,
                 code=group.code, kind=kind)
    return group


def _clean(fields: dict) -> dict:
    out = dict(fields)
    for key in ("name", "trade", "city"):
        if isinstance(out.get(key), str):
            out[key] = out[key].strip() or None
    if out["kind"] == "vocational":
        out["module"] = None
    return out


def update_group(session: Session, *, actor: Actor, group_id: int, name: str, provider_id: int | None,
                 city: str, planned_start: date | None, planned_end: date | None, capacity: int,
                 planned_sessions: int = 0, planned_hours: int = 0, trade: str | None = None,
                 module: str | None = None) -> TrainingGroup:
    """Correct a group's plan; its kind and code never change, a closed group is not edited."""
    require_role(actor, ADMIN, COORDINATOR)
    group = get_group(session, group_id)
    project = get_project(session, group.project_id)
    fields = dict(kind=group.kind, name=name, trade=trade, module=module or None, provider_id=provider_id,
                  city=city, planned_start=planned_start, planned_end=planned_end,
                  planned_sessions=planned_sessions, planned_hours=planned_hours, capacity=capacity)
    problems = _problems(session, project, **fields)
    if group.status == "closed":
        problems.append(Problem("group", "error.group_closed"))
    check(problems)
    changed = {}
    for key, value in _clean(fields).items():
        if getattr(group, key) != value:
            changed[key] = [getattr(group, key), value]
            setattr(group, key, value)
    audit.record(session, actor=actor, action="update", entity="training_group", entity_id=group.id,
                 changed=changed)
    return group


def close_group(session: Session, *, actor: Actor, group_id: int) -> TrainingGroup:
    """Close a group once its training is over: no more enrolments or sessions."""
    require_role(actor, ADMIN, COORDINATOR)
    group = get_group(session, group_id)
    if group.status == "closed":
        raise ValidationError([Problem("group", "error.group_closed")])
    old = group.status
    group.status = "closed"
    audit.record(session, actor=actor, action="close", entity="training_group", entity_id=group.id, old=old)
    return group


def open_group_for(session: Session, group: TrainingGroup) -> list[Problem]:
    """Problems when `group` no longer takes enrolments or sessions."""
    return [Problem("group", "error.group_closed")] if group.status == "closed" else []
