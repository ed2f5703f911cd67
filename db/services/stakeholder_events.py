"""Recording stakeholder events: the event itself, who attended, test scores and action points."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from domain.errors import Problem, ValidationError, check
from db.models import ActionPoint, ActionPointChange, EventParticipation, Institution, Project, StakeholderEvent
from db.models.stakeholders import ACTION_STATUSES, EVENT_TYPES
from domain.capacity_building import learning_gain

MAX_COUNT = 10_000  # more attendees than this from one institution is a typo


def _event_problems(session: Session, *, project_id: int, event_type: str, title: str, start_date: date | None,
                    end_date: date | None, city: str, organiser_id: int | None,
                    score_scale: Decimal | None) -> list[Problem]:
    problems: list[Problem] = []
    project = session.get(Project, project_id)
    if project is None:
        return [Problem("project", "error.project_not_found")]
    period = {"start": project.start_date.isoformat(), "end": project.end_date.isoformat()}
    for field, value in (("start_date", start_date), ("end_date", end_date)):
        if value is not None and not project.start_date <= value <= project.end_date:
            problems.append(Problem(field, "error.event_outside_project", period))
    if event_type not in EVENT_TYPES:
        problems.append(Problem("event_type", "error.event_type_unknown"))
    if not title:
        problems.append(Problem("title", "error.required"))
    elif len(title) > 300:
        problems.append(Problem("title", "error.stakeholder_text_too_long", {"max": 300}))
    if start_date is None:
        problems.append(Problem("start_date", "error.required"))
    if end_date is None:
        problems.append(Problem("end_date", "error.required"))
    elif start_date is not None and end_date < start_date:
        problems.append(Problem("end_date", "error.event_end_before_start"))
    if not city:
        problems.append(Problem("city", "error.required"))
    elif len(city) > 60:
        problems.append(Problem("city", "error.stakeholder_text_too_long", {"max": 60}))
    if organiser_id is not None and session.get(Institution, organiser_id) is None:
        problems.append(Problem("organiser_id", "error.institution_not_found"))
    if score_scale is None or score_scale <= 0:
        problems.append(Problem("score_scale", "error.learning_scale_not_positive"))
    return problems


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        return Decimal("NaN")


def record_event(session: Session, *, actor: Actor, project_id: int, event_type: str, title: str,
                 start_date: date | None, end_date: date | None, city: str, organiser_id: int | None = None,
                 topics: str = "", facilitators: str = "", score_scale: Decimal | int = 100) -> StakeholderEvent:
    """Record a training, workshop, policy dialogue, study visit or steering committee meeting."""
    require_role(actor, ADMIN, COORDINATOR)
    title, city = (title or "").strip(), (city or "").strip()
    scale = _decimal(score_scale)
    problems = _event_problems(session, project_id=project_id, event_type=event_type, title=title, start_date=start_date,
                               end_date=end_date, city=city, organiser_id=organiser_id,
                               score_scale=None if scale is None or scale.is_nan() else scale)
    if session.get(Project, project_id) is None:
        problems.append(Problem("project", "error.event_project_not_found"))
    check(problems)
    event = StakeholderEvent(project_id=project_id, event_type=event_type, title=title, start_date=start_date,
                             end_date=end_date, city=city, organiser_id=organiser_id,
                             topics=(topics or "").strip(), facilitators=(facilitators or "").strip(),
                             score_scale=scale)
    session.add(event)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="stakeholder_event", entity_id=event.id,
                 event_type=event_type, title=title, start_date=start_date, end_date=end_date)
    return event


def _get_event(session: Session, event_id: int) -> StakeholderEvent:
    event = session.get(StakeholderEvent, event_id)
    if event is None:
        raise ValidationError([Problem("event", "error.event_not_found")])
    return event


def update_event(session: Session, *, actor: Actor, event_id: int, event_type: str, title: str,
                 start_date: date | None, end_date: date | None, city: str, organiser_id: int | None = None,
                 topics: str = "", facilitators: str = "") -> StakeholderEvent:
    """Correct an event's type, title, dates, place, organiser, topics or facilitators."""
    require_role(actor, ADMIN, COORDINATOR)
    event = _get_event(session, event_id)
    title, city = (title or "").strip(), (city or "").strip()
    check(_event_problems(session, project_id=event.project_id, event_type=event_type, title=title, start_date=start_date,
                          end_date=end_date, city=city, organiser_id=organiser_id, score_scale=event.score_scale))
    event.event_type, event.title, event.start_date, event.end_date = event_type, title, start_date, end_date
    event.city, event.organiser_id = city, organiser_id
    event.topics, event.facilitators = (topics or "").strip(), (facilitators or "").strip()
    audit.record(session, actor=actor, action="update", entity="stakeholder_event", entity_id=event.id,
                 event_type=event_type, title=title, start_date=start_date, end_date=end_date)
    return event


def _count(value: object) -> int | None:
    """A head count typed in a grid: a whole number, or None when it is not one."""
    if value is None or value == "":
        return 0
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number != number or number != int(number):  # NaN or a fraction
        return None
    return int(number)


def set_participation(session: Session, *, actor: Actor, event_id: int,
                      counts: Mapping[int, tuple[object, object]]) -> list[EventParticipation]:
    """Replace who attended the event: women and men per institution id. Rows with nobody are dropped.

    Totals are never typed: they are women + men wherever they are shown.
    """
    require_role(actor, ADMIN, COORDINATOR)
    _get_event(session, event_id)
    known = dict(session.execute(select(Institution.id, Institution.name)
                                 .where(Institution.id.in_(list(counts)))).all())
    problems: list[Problem] = []
    cleaned: dict[int, tuple[int, int]] = {}
    for institution_id, (women, men) in counts.items():
        name = known.get(institution_id)
        if name is None:
            problems.append(Problem("participation", "error.institution_not_found"))
            continue
        pair = (_count(women), _count(men))
        for sex, value in zip(("women", "men"), pair):
            if value is None:
                problems.append(Problem("participation", "error.participation_not_whole", {"institution": name,
                                                                                   "sex": sex}))
            elif value < 0:
                problems.append(Problem("participation", "error.participation_negative", {"institution": name}))
            elif value > MAX_COUNT:
                problems.append(Problem("participation", "error.participation_too_large",
                                        {"institution": name, "max": MAX_COUNT}))
        if all(v is not None for v in pair):
            cleaned[institution_id] = pair  # type: ignore[assignment]
    check(problems)
    session.execute(delete(EventParticipation).where(EventParticipation.event_id == event_id))
    rows = [EventParticipation(event_id=event_id, institution_id=i, women=w, men=m)
            for i, (w, m) in sorted(cleaned.items()) if w or m]
    session.add_all(rows)
    session.flush()
    audit.record(session, actor=actor, action="set_participation", entity="stakeholder_event",
                 entity_id=event_id, institutions=len(rows), women=sum(r.women for r in rows),
                 men=sum(r.men for r in rows))
    return rows


def record_learning(session: Session, *, actor: Actor, event_id: int, pre_test_avg: object,
                    post_test_avg: object, score_scale: object | None = None) -> StakeholderEvent:
    """Keep the average pre- and post-test scores of an event (both blank clears them); the gain is computed."""
    require_role(actor, ADMIN, COORDINATOR)
    event = _get_event(session, event_id)
    scale = event.score_scale if score_scale in (None, "") else _decimal(score_scale)
    pre, post = _decimal(pre_test_avg), _decimal(post_test_avg)
    problems: list[Problem] = []
    if scale is None or scale.is_nan() or scale <= 0:
        problems.append(Problem("score_scale", "error.learning_scale_not_positive"))
        scale = None
    for field, value in (("pre_test_avg", pre), ("post_test_avg", post)):
        if value is not None and value.is_nan():
            problems.append(Problem(field, "error.learning_score_not_number"))
        elif value is not None and scale is not None and not 0 <= value <= scale:
            problems.append(Problem(field, "error.learning_score_outside_scale", {"scale": f"{scale.normalize():f}"}))
    if (pre is None) != (post is None):
        problems.append(Problem("post_test_avg" if post is None else "pre_test_avg", "error.learning_scores_in_pairs"))
    check(problems)
    event.score_scale, event.pre_test_avg, event.post_test_avg = scale, pre, post
    gain = None if pre is None else learning_gain(pre, post, scale).points
    audit.record(session, actor=actor, action="record_learning", entity="stakeholder_event", entity_id=event.id,
                 pre=pre, post=post, scale=scale, gain=gain)
    return event


def add_action_point(session: Session, *, actor: Actor, event_id: int, text: str,
                     owner_institution_id: int | None, due_date: date | None,
                     opened_on: date | None = None) -> ActionPoint:
    """Record a recommendation agreed at an event, opened on the event's first day unless told otherwise."""
    require_role(actor, ADMIN, COORDINATOR)
    event = _get_event(session, event_id)
    text = (text or "").strip()
    opened_on = opened_on or event.start_date
    problems: list[Problem] = []
    if not text:
        problems.append(Problem("text", "error.required"))
    if owner_institution_id is None:
        problems.append(Problem("owner_institution_id", "error.action_point_owner_required"))
    elif session.get(Institution, owner_institution_id) is None:
        problems.append(Problem("owner_institution_id", "error.institution_not_found"))
    if opened_on < event.start_date:
        problems.append(Problem("opened_on", "error.action_point_before_event"))
    if due_date is not None and due_date < event.start_date:
        problems.append(Problem("due_date", "error.action_point_due_before_event"))
    check(problems)
    point = ActionPoint(event_id=event_id, text=text, owner_institution_id=owner_institution_id,
                        due_date=due_date, status="open")
    session.add(point)
    session.flush()
    session.add(ActionPointChange(action_point_id=point.id, from_status=None, to_status="open",
                                  changed_on=opened_on, actor=actor.username, comment=""))
    audit.record(session, actor=actor, action="create", entity="action_point", entity_id=point.id,
                 event_id=event_id, owner_institution_id=owner_institution_id, due_date=due_date)
    return point


def change_action_point_status(session: Session, *, actor: Actor, action_point_id: int, to_status: str,
                               changed_on: date | None, comment: str = "") -> ActionPointChange:
    """Move an action point to another status on the day it happened; every move is kept with who and why."""
    require_role(actor, ADMIN, COORDINATOR)
    point = session.get(ActionPoint, action_point_id)
    if point is None:
        raise ValidationError([Problem("action_point", "error.action_point_not_found")])
    last = session.scalars(select(ActionPointChange).where(ActionPointChange.action_point_id == point.id)
                           .order_by(ActionPointChange.changed_on.desc(), ActionPointChange.id.desc())
                           .limit(1)).first()
    problems: list[Problem] = []
    if to_status not in ACTION_STATUSES:
        problems.append(Problem("to_status", "error.action_status_unknown"))
    elif to_status == point.status:
        problems.append(Problem("to_status", "error.action_status_unchanged"))
    if changed_on is None:
        problems.append(Problem("changed_on", "error.required"))
    elif last is not None and changed_on < last.changed_on:
        problems.append(Problem("changed_on", "error.action_point_change_before_last",
                                {"day": last.changed_on.strftime("%d/%m/%Y")}))
    check(problems)
    change = ActionPointChange(action_point_id=point.id, from_status=point.status, to_status=to_status,
                               changed_on=changed_on, actor=actor.username, comment=(comment or "").strip())
    session.add(change)
    point.status = to_status
    session.flush()
    audit.record(session, actor=actor, action="change_status", entity="action_point", entity_id=point.id,
                 old=change.from_status, new=to_status, changed_on=changed_on)
    return change

