"""What became of a trainee some months after the training (FOLLOW_UP_MONTHS): the employment follow-up."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.concurrency import check_version
from db.models import FollowUp
from db.services.enrolments import lock_enrolment
from db.services.period_locks import lock_problems
from db.services.training_groups import get_group, get_project
from domain.errors import Problem, check
from domain.inputs import date_problems, months_after
from domain.training_inputs import FollowUpInput

FOLLOW_UP_GRACE_MONTHS = 12
"""Follow-ups may be made up to 12 months after the project ends (the last cohorts' 6- and 12-month calls)."""
FOLLOW_UP_FIELDS = ("contact_date", "status", "sector", "notes")


def record_follow_up(session: Session, *, actor: Actor, given: FollowUpInput) -> FollowUp:
    """Record (or correct) the follow-up call of one trainee; a placed trainee needs her sector.

    The enrolment's row is locked first, so two coordinators recording the same call at once write one
    follow-up; a correction goes against the version the form loaded (0: none existed), so the second of
    two people recording the same call is shown the first one's instead of overwriting it. A call dated
    inside a locked period neither changes nor moves into one."""
    require_role(actor, ADMIN, COORDINATOR)
    enrolment = lock_enrolment(session, given.enrolment_id)
    group = get_group(session, enrolment.group_id)
    project = get_project(session, group.project_id)
    problems: list[Problem] = []
    if enrolment.status == "dropped_out":
        problems.append(Problem("enrolment", "error.follow_up_after_dropout"))
    day = given.contact_date
    dated = date_problems("contact_date", day, project.start_date, project.end_date,
                          grace_months=FOLLOW_UP_GRACE_MONTHS)
    ended = enrolment.completed_on or group.planned_end
    if not dated and day < ended:
        last = months_after(project.end_date, FOLLOW_UP_GRACE_MONTHS)
        dated.append(Problem("contact_date", "error.training_date_between",
                             {"start": ended.isoformat(), "end": last.isoformat()}))
    follow_up = session.scalars(select(FollowUp).where(FollowUp.enrolment_id == enrolment.id,
                                                       FollowUp.months_after == given.months_after)).first()
    if follow_up is not None:
        check_version(session, follow_up, given.expected_version, entity="follow_up", fields=FOLLOW_UP_FIELDS)
    for old_or_new in dict.fromkeys([follow_up.contact_date if follow_up else None, day]):
        dated += lock_problems(session, project_id=project.id, field="contact_date", day=old_or_new)
    check(problems + dated)
    if follow_up is None:
        follow_up = FollowUp(enrolment_id=enrolment.id, months_after=given.months_after)
        session.add(follow_up)
        before = None
    else:
        before = audit.snapshot(follow_up, FOLLOW_UP_FIELDS)
    follow_up.contact_date, follow_up.status, follow_up.sector = day, given.status, given.sector
    follow_up.notes = given.notes or ""
    session.flush()
    if before is None:
        audit.record(session, actor=actor, action="create", entity="follow_up", entity_id=follow_up.id,
                     enrolment=enrolment.id, months_after=given.months_after, status=given.status)
    else:
        audit.record_update(session, actor=actor, entity="follow_up", row=follow_up, before=before)
    return follow_up
