"""What became of a trainee 3 and 6 months after the training: the employment follow-up."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from domain.errors import Problem, check
from db.models import FollowUp
from db.models.training import FOLLOW_UP_MONTHS, FOLLOW_UP_STATUSES, PLACED_STATUSES
from db.services.enrolments import get_enrolment
from db.services.training_groups import get_group, get_project, in_period


def record_follow_up(session: Session, *, actor: Actor, enrolment_id: int, months_after: int,
                     contact_date: date | None, status: str, sector: str | None = None,
                     notes: str = "") -> FollowUp:
    """Record (or correct) the follow-up call of one trainee; a placed trainee needs her sector."""
    require_role(actor, ADMIN, COORDINATOR)
    enrolment = get_enrolment(session, enrolment_id)
    group = get_group(session, enrolment.group_id)
    project = get_project(session, group.project_id)
    problems: list[Problem] = []
    if enrolment.status == "dropped_out":
        problems.append(Problem("enrolment", "error.follow_up_after_dropout"))
    if months_after not in FOLLOW_UP_MONTHS:
        problems.append(Problem("months_after", "error.follow_up_months_unknown"))
    if status not in FOLLOW_UP_STATUSES:
        problems.append(Problem("status", "error.follow_up_status_unknown"))
    sector = (sector or "").strip() or None
    if status in PLACED_STATUSES and not sector:
        problems.append(Problem("sector", "error.follow_up_sector_required"))
    ended = enrolment.completed_on or group.planned_end
    if not in_period(contact_date, ended, project.end_date):
        problems.append(Problem("contact_date", "error.training_date_between",
                                {"start": ended.isoformat(), "end": project.end_date.isoformat()}))
    check(problems)
    follow_up = session.scalars(select(FollowUp).where(FollowUp.enrolment_id == enrolment_id,
                                                       FollowUp.months_after == months_after)).first()
    action = "update" if follow_up else "create"
    if follow_up is None:
        follow_up = FollowUp(enrolment_id=enrolment_id, months_after=months_after)
        session.add(follow_up)
    follow_up.contact_date, follow_up.status, follow_up.sector = contact_date, status, sector
    follow_up.notes = (notes or "").strip()
    session.flush()
    audit.record(session, actor=actor, action=action, entity="follow_up", entity_id=follow_up.id,
                 enrolment=enrolment_id, months_after=months_after, status=status)
    return follow_up
