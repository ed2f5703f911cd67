"""Capacity-building figures, aggregated in SQL and cut at an as-of date (events started after it are left out)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, aliased

from db.models import ActionPoint, ActionPointChange, EventParticipation, Institution, StakeholderEvent
from db.models.stakeholders import TRAINING_EVENT_TYPES
from db.queries.overview import MOROCCAN_ACTOR_TYPES
from db.queries.search import any_contains, words_of
from domain.capacity_building import PENDING_STATUSES


@dataclass(frozen=True)
class CapacitySummary:
    """Headline figures of the capacity-building component on `as_of`."""

    as_of: date
    events: int
    women: int
    men: int
    officials_trained: int
    action_points: int
    pending_action_points: int
    overdue_action_points: int

    @property
    def participants(self) -> int:
        return self.women + self.men


def institution_list(session: Session) -> pd.DataFrame:
    """The institutions registry, by name."""
    rows = session.execute(select(Institution.id, Institution.name, Institution.acronym, Institution.type,
                                  Institution.level, Institution.city, Institution.is_implementing_partner,
                                  Institution.version)
                           .order_by(Institution.name)).all()
    return pd.DataFrame(rows, columns=["id", "name", "acronym", "type", "level", "city",
                                       "is_implementing_partner", "version"])


def _participation_sums():
    return (select(EventParticipation.event_id,
                   func.sum(EventParticipation.women).label("women"),
                   func.sum(EventParticipation.men).label("men"),
                   func.count(EventParticipation.id).label("institutions"))
            .group_by(EventParticipation.event_id).subquery())


def event_list(session: Session, *, project_id: int, as_of: date | None = None) -> pd.DataFrame:
    """Every event (started on or before `as_of` when given) with its organiser, head counts and scores."""
    sums = _participation_sums()
    organiser = aliased(Institution)
    query = (select(StakeholderEvent.id, StakeholderEvent.event_type, StakeholderEvent.title,
                    StakeholderEvent.start_date, StakeholderEvent.end_date, StakeholderEvent.city,
                    func.coalesce(organiser.acronym, organiser.name).label("organiser"),
                    func.coalesce(sums.c.women, 0).label("women"), func.coalesce(sums.c.men, 0).label("men"),
                    func.coalesce(sums.c.institutions, 0).label("institutions"),
                    StakeholderEvent.score_scale, StakeholderEvent.pre_test_avg, StakeholderEvent.post_test_avg)
             .outerjoin(organiser, organiser.id == StakeholderEvent.organiser_id)
             .outerjoin(sums, sums.c.event_id == StakeholderEvent.id)
             .where(StakeholderEvent.project_id == project_id)
             .order_by(StakeholderEvent.start_date, StakeholderEvent.id))
    if as_of is not None:
        query = query.where(StakeholderEvent.start_date <= as_of)
    frame = pd.DataFrame(session.execute(query).all(),
                         columns=["id", "event_type", "title", "start_date", "end_date", "city", "organiser",
                                  "women", "men", "institutions", "score_scale", "pre_test_avg", "post_test_avg"])
    frame[["women", "men", "institutions"]] = frame[["women", "men", "institutions"]].astype(int)
    frame["participants"] = frame["women"] + frame["men"]
    return frame


def _events_matching(project_id: int, search: str = ""):
    query = select(StakeholderEvent.id).where(StakeholderEvent.project_id == project_id)
    words = words_of(search)
    if words:
        query = query.where(any_contains(words, StakeholderEvent.title, StakeholderEvent.city,
                                         StakeholderEvent.topics))
    return query


def event_count(session: Session, *, project_id: int, search: str = "") -> int:
    """How many events match `search` (title, city or topics)."""
    return session.scalar(select(func.count()).select_from(_events_matching(project_id, search).subquery())) or 0


def event_choices(session: Session, *, project_id: int, search: str = "", chosen: int | None = None,
                  limit: int = 50) -> pd.DataFrame:
    """Columns id, start_date, title: the `limit` latest events matching `search` (title, city or topics) and
    the event `chosen`, latest first; a select box's options, never every event of the project."""
    latest = (_events_matching(project_id, search)
              .order_by(StakeholderEvent.start_date.desc(), StakeholderEvent.id.desc()).limit(limit))
    wanted = StakeholderEvent.id.in_(latest.subquery().select())
    if chosen:
        wanted = wanted | ((StakeholderEvent.id == int(chosen)) & (StakeholderEvent.project_id == project_id))
    rows = session.execute(select(StakeholderEvent.id, StakeholderEvent.start_date, StakeholderEvent.title)
                           .where(wanted)
                           .order_by(StakeholderEvent.start_date.desc(), StakeholderEvent.id.desc())).all()
    return pd.DataFrame(rows, columns=["id", "start_date", "title"])


@dataclass(frozen=True)
class EventRecord:
    """One event as stored, for the event form."""

    id: int
    event_type: str
    title: str
    start_date: date
    end_date: date
    city: str
    organiser_id: int | None
    topics: str
    facilitators: str
    score_scale: float
    pre_test_avg: float | None
    post_test_avg: float | None
    version: int = 1


def event_record(session: Session, *, event_id: int) -> EventRecord | None:
    """The event's stored fields, or None when it no longer exists."""
    e = session.get(StakeholderEvent, event_id)
    if e is None:
        return None
    return EventRecord(e.id, e.event_type, e.title, e.start_date, e.end_date, e.city, e.organiser_id, e.topics,
                       e.facilitators, float(e.score_scale),
                       None if e.pre_test_avg is None else float(e.pre_test_avg),
                       None if e.post_test_avg is None else float(e.post_test_avg), e.version)


def participation_grid(session: Session, *, event_id: int) -> pd.DataFrame:
    """Every institution with the women and men it sent to the event (0 when none): the grid coordinators edit."""
    query = (select(Institution.id, Institution.name, Institution.acronym, Institution.type, Institution.level,
                    func.coalesce(EventParticipation.women, 0), func.coalesce(EventParticipation.men, 0))
             .outerjoin(EventParticipation, and_(EventParticipation.institution_id == Institution.id,
                                                 EventParticipation.event_id == event_id))
             .order_by(Institution.name))
    return pd.DataFrame(session.execute(query).all(),
                        columns=["institution_id", "name", "acronym", "type", "level", "women", "men"])


def participants_by_group(session: Session, *, project_id: int, as_of: date,
                          event_types: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Women and men per institution type and level, over events started on or before `as_of`."""
    query = (select(Institution.type, Institution.level,
                    func.sum(EventParticipation.women), func.sum(EventParticipation.men))
             .join(EventParticipation, EventParticipation.institution_id == Institution.id)
             .join(StakeholderEvent, StakeholderEvent.id == EventParticipation.event_id)
             .where(StakeholderEvent.project_id == project_id, StakeholderEvent.start_date <= as_of)
             .group_by(Institution.type, Institution.level)
             .order_by(Institution.type, Institution.level))
    if event_types is not None:
        query = query.where(StakeholderEvent.event_type.in_(event_types))
    frame = pd.DataFrame(session.execute(query).all(), columns=["type", "level", "women", "men"])
    frame[["women", "men"]] = frame[["women", "men"]].astype(int)
    return frame


def _status_as_of(as_of: date):
    """Each action point's latest status change on or before `as_of` (the point's status on that day)."""
    ranked = (select(ActionPointChange.action_point_id, ActionPointChange.to_status,
                     ActionPointChange.changed_on,
                     func.row_number().over(partition_by=ActionPointChange.action_point_id,
                                            order_by=(ActionPointChange.changed_on.desc(),
                                                      ActionPointChange.id.desc())).label("rn"))
              .where(ActionPointChange.changed_on <= as_of).subquery())
    return select(ranked.c.action_point_id, ranked.c.to_status, ranked.c.changed_on).where(
        ranked.c.rn == 1).subquery()


def action_points(session: Session, *, project_id: int, as_of: date) -> pd.DataFrame:
    """Action points of events started by `as_of`, with their status on that day and whether they are overdue."""
    status = _status_as_of(as_of)
    owner = aliased(Institution)
    overdue = and_(ActionPoint.due_date < as_of, status.c.to_status.in_(PENDING_STATUSES))
    query = (select(ActionPoint.id, ActionPoint.event_id, StakeholderEvent.title.label("event"),
                    StakeholderEvent.start_date.label("event_date"), ActionPoint.text,
                    func.coalesce(owner.acronym, owner.name).label("owner"), ActionPoint.due_date,
                    status.c.to_status.label("status"), status.c.changed_on.label("status_since"),
                    case((overdue, True), else_=False).label("overdue"))
             .join(StakeholderEvent, StakeholderEvent.id == ActionPoint.event_id)
             .join(owner, owner.id == ActionPoint.owner_institution_id)
             .join(status, status.c.action_point_id == ActionPoint.id)
             .where(StakeholderEvent.project_id == project_id, StakeholderEvent.start_date <= as_of)
             .order_by(ActionPoint.due_date, ActionPoint.id))
    frame = pd.DataFrame(session.execute(query).all(),
                         columns=["id", "event_id", "event", "event_date", "text", "owner", "due_date",
                                  "status", "status_since", "overdue"])
    frame["overdue"] = frame["overdue"].astype(bool)
    return frame


def action_point_changes(session: Session, *, project_id: int, as_of: date) -> pd.DataFrame:
    """Every status change made on or before `as_of`, oldest first (for the status-over-time chart)."""
    query = (select(ActionPointChange.action_point_id, ActionPointChange.to_status, ActionPointChange.changed_on)
             .join(ActionPoint, ActionPoint.id == ActionPointChange.action_point_id)
             .join(StakeholderEvent, StakeholderEvent.id == ActionPoint.event_id)
             .where(StakeholderEvent.project_id == project_id, ActionPointChange.changed_on <= as_of)
             .order_by(ActionPointChange.changed_on, ActionPointChange.id))
    return pd.DataFrame(session.execute(query).all(), columns=["action_point_id", "to_status", "changed_on"])


def event_action_points(session: Session, *, event_id: int) -> pd.DataFrame:
    """An event's action points with their current status, for the event page."""
    owner = aliased(Institution)
    query = (select(ActionPoint.id, ActionPoint.text, func.coalesce(owner.acronym, owner.name).label("owner"),
                    ActionPoint.due_date, ActionPoint.status)
             .join(owner, owner.id == ActionPoint.owner_institution_id)
             .where(ActionPoint.event_id == event_id).order_by(ActionPoint.id))
    return pd.DataFrame(session.execute(query).all(), columns=["id", "text", "owner", "due_date", "status"])


def action_point_history(session: Session, *, action_point_id: int) -> pd.DataFrame:
    """Every status change of one action point: from, to, on which day, who, why."""
    query = (select(ActionPointChange.changed_on, ActionPointChange.from_status, ActionPointChange.to_status,
                    ActionPointChange.actor, ActionPointChange.comment)
             .where(ActionPointChange.action_point_id == action_point_id)
             .order_by(ActionPointChange.changed_on, ActionPointChange.id))
    return pd.DataFrame(session.execute(query).all(),
                        columns=["changed_on", "from_status", "to_status", "actor", "comment"])


def capacity_summary(session: Session, *, project_id: int, as_of: date) -> CapacitySummary:
    """Events held, attendances by sex, officials trained (the overview's definition) and action points."""
    started = and_(StakeholderEvent.project_id == project_id, StakeholderEvent.start_date <= as_of)
    events = session.scalar(select(func.count(StakeholderEvent.id)).where(started)) or 0
    women, men = session.execute(
        select(func.coalesce(func.sum(EventParticipation.women), 0), func.coalesce(func.sum(EventParticipation.men), 0))
        .join(StakeholderEvent, StakeholderEvent.id == EventParticipation.event_id).where(started)).one()
    # Same rule as the overview's headline: Moroccan actors at trainings, workshops and study visits.
    trained = session.scalar(
        select(func.coalesce(func.sum(EventParticipation.women + EventParticipation.men), 0))
        .join(StakeholderEvent, StakeholderEvent.id == EventParticipation.event_id)
        .join(Institution, Institution.id == EventParticipation.institution_id)
        .where(started, Institution.type.in_(MOROCCAN_ACTOR_TYPES),
               StakeholderEvent.event_type.in_(TRAINING_EVENT_TYPES))) or 0
    points = action_points(session, project_id=project_id, as_of=as_of)
    pending = int(points["status"].isin(PENDING_STATUSES).sum())
    return CapacitySummary(as_of=as_of, events=int(events), women=int(women), men=int(men),
                           officials_trained=int(trained), action_points=len(points),
                           pending_action_points=pending, overdue_action_points=int(points["overdue"].sum()))
