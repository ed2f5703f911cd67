"""Factories for institutions and stakeholder events: the least data that makes a capacity-building story true."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from db.models import ActionPoint, ActionPointChange, EventParticipation, Institution, Project, StakeholderEvent


def make_institution(session: Session, acronym: str, type: str = "government", level: str = "central",
                     name: str | None = None) -> Institution:
    institution = Institution(name=name or f"Institution {acronym}", acronym=acronym, type=type, level=level,
                              city="Rabat")
    session.add(institution)
    session.flush()
    return institution


def make_event(session: Session, project: Project, *, event_type: str = "workshop", start: date = date(2016, 2, 23),
               end: date | None = None, title: str = "Workshop", pre: float | None = None,
               post: float | None = None, participants: tuple[tuple[Institution, int, int], ...] = ()
               ) -> StakeholderEvent:
    event = StakeholderEvent(project_id=project.id, event_type=event_type, title=title, start_date=start,
                             end_date=end or start, city="Rabat", score_scale=Decimal(100),
                             pre_test_avg=None if pre is None else Decimal(str(pre)),
                             post_test_avg=None if post is None else Decimal(str(post)))
    session.add(event)
    session.flush()
    session.add_all(EventParticipation(event_id=event.id, institution_id=i.id, women=w, men=m)
                    for i, w, m in participants)
    session.flush()
    return event


def make_action_point(session: Session, event: StakeholderEvent, owner: Institution, *, due: date | None,
                      history: tuple[tuple[str, date], ...]) -> ActionPoint:
    """An action point with its status history (the first entry is normally ("open", event day))."""
    point = ActionPoint(event_id=event.id, text="Do something", owner_institution_id=owner.id, due_date=due,
                        status=history[-1][0])
    session.add(point)
    session.flush()
    previous = None
    for status, day in history:
        session.add(ActionPointChange(action_point_id=point.id, from_status=previous, to_status=status,
                                      changed_on=day, actor="coord"))
        previous = status
    session.flush()
    return point
