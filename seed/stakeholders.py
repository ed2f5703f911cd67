"""Capacity building of Moroccan actors: trainings, workshops, policy dialogues, a study visit and the
steering committee, with participation by institution, test scores and action points."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from db.models import ActionPoint, ActionPointChange, EventParticipation, StakeholderEvent
from seed.context import CLOSING_WORKSHOP, PROJECT_START, Demo

STEERING_MEMBERS = (("MCMREAM", 1, 1), ("MSFFDS", 1, 0), ("EN", 0, 1), ("ANAPEC", 1, 0), ("OFPPT", 0, 1),
                    ("LHJ", 1, 0), ("FOO", 1, 0), ("IOM", 1, 1))


@dataclass(frozen=True)
class ActionSpec:
    text: str
    owner: str
    due: date
    history: tuple[tuple[str, date, str], ...]  # (to_status, changed_on, comment) after "open"


@dataclass(frozen=True)
class EventSpec:
    event_type: str
    title: str
    start: date
    end: date
    city: str
    organiser: str
    participants: tuple[tuple[str, int, int], ...]  # (institution acronym, women, men)
    topics: str = ""
    scores: tuple[float, float] | None = None  # pre- and post-test averages on 100
    actions: tuple[ActionSpec, ...] = ()

    @property
    def cost_weight(self) -> int:
        """Relative cost, to share the stakeholder-events budget line."""
        if self.start == CLOSING_WORKSHOP:
            return 8
        return {"steering_committee": 1, "training": 4, "policy_dialogue": 4, "workshop": 5,
                "study_visit": 5}[self.event_type]


def _committee(number: str, day: date) -> EventSpec:
    return EventSpec("steering_committee", f"Steering committee (comité de suivi) — {number} meeting", day,
                     day, "Rabat", "IOM", STEERING_MEMBERS, topics="Progress, workplan and budget review")


A = ActionSpec
EVENTS = (
    _committee("1st", date(2014, 10, 16)),
    EventSpec("training", "Migration policy, regularization and access to services — training for ANAPEC "
              "and OFPPT staff", date(2014, 12, 9), date(2014, 12, 10), "Casablanca", "IOM",
              (("ANAPEC-CAS", 4, 3), ("OFPPT", 3, 4), ("ANAPEC", 2, 1)),
              topics="The 2013 migration policy; rights of regularized migrants; referral",
              scores=(48.5, 71.0)),
    EventSpec("policy_dialogue", "Policy dialogue: access of regularized migrants to the labour market",
              date(2015, 3, 24), date(2015, 3, 24), "Rabat", "MCMREAM",
              (("MCMREAM", 2, 3), ("ANAPEC", 1, 2), ("OFPPT", 1, 1), ("CGEM", 1, 2), ("MSFFDS", 2, 0),
               ("IOM", 1, 1), ("LHJ", 1, 0), ("FOO", 1, 0), ("UM5", 1, 1)),
              topics="Work permits, recognition of skills, employers' expectations",
              actions=(A("Map the vocational training offers open to regularized migrants", "OFPPT",
                         date(2015, 6, 30), (("in_progress", date(2015, 4, 21), "Inventory started"),
                                             ("done", date(2015, 7, 10), "Map shared with partners"))),
                       A("Register regularized migrants as ANAPEC jobseekers on their residence card",
                         "ANAPEC", date(2015, 9, 30),
                         (("in_progress", date(2015, 5, 12), "Circular in preparation"),
                          ("done", date(2015, 10, 20), "Circular sent to all agencies"))))),
    _committee("2nd", date(2015, 4, 21)),
    EventSpec("training", "Reception and guidance of migrant jobseekers", date(2015, 6, 16),
              date(2015, 6, 17), "Rabat", "IOM",
              (("ANAPEC", 5, 3), ("EN", 4, 2), ("AMAL", 2, 1), ("FOO", 2, 0)),
              topics="Intercultural communication; guidance interviews; referral to training",
              scores=(52.0, 76.0)),
    _committee("3rd", date(2015, 10, 20)),
    EventSpec("study_visit", "Study visit to OFPPT training centres and employers in Casablanca",
              date(2015, 11, 24), date(2015, 11, 26), "Casablanca", "OFPPT",
              (("EN", 2, 2), ("MSFFDS", 2, 1), ("MCMREAM", 1, 2), ("ANAPEC", 1, 1)),
              topics="Apprenticeship schemes; employers hiring trained migrants"),
    EventSpec("workshop", "Workshop: including migrant women in employment and social programmes",
              date(2016, 2, 23), date(2016, 2, 24), "Casablanca", "MSFFDS",
              (("MSFFDS", 4, 1), ("EN", 5, 2), ("ANAPEC-CAS", 3, 2), ("AMAL", 3, 1), ("LHJ", 2, 0),
               ("CGEM", 1, 2)),
              topics="Childcare as a barrier; women's centres; employers' networks", scores=(55.0, 74.0),
              actions=(A("Open Entraide Nationale centres' courses to migrant women", "EN", date(2016, 6, 30),
                         (("in_progress", date(2016, 4, 19), "Two centres agreed"),
                          ("done", date(2016, 6, 14), "Note sent to all centres"))),
                       A("Translate the jobseekers' guide into English", "ANAPEC-CAS", date(2016, 5, 31),
                         (("in_progress", date(2016, 4, 19), "Quote requested"),
                          ("dropped", date(2016, 10, 25), "No budget; replaced by an oral briefing"))),
                       A("Share a list of employers open to hiring migrant women", "CGEM", date(2016, 4, 30),
                         (("in_progress", date(2016, 4, 19), "Survey of members"),)))),
    _committee("4th", date(2016, 4, 19)),
    EventSpec("policy_dialogue", "Policy dialogue: towards a national strategy for the socio-economic "
              "inclusion of migrants", date(2016, 6, 14), date(2016, 6, 14), "Rabat", "MCMREAM",
              (("MCMREAM", 3, 3), ("MSFFDS", 2, 1), ("EN", 1, 1), ("ANAPEC", 1, 2), ("OFPPT", 1, 1),
               ("CGEM", 0, 2), ("UM5", 1, 1), ("IOM", 1, 1)),
              topics="Lessons from the project; priorities for the national strategy",
              actions=(A("Draft a chapter on socio-economic inclusion for the national strategy", "MCMREAM",
                         date(2016, 12, 31), (("in_progress", date(2016, 10, 25), "First draft discussed"),
                                              ("done", date(2016, 12, 20), "Chapter submitted"))),
                       A("Set up a migrants' desk in the ANAPEC Casablanca agency", "ANAPEC-CAS",
                         date(2016, 12, 31), (("in_progress", date(2016, 9, 1), "Desk officer named"),
                                              ("done", date(2017, 1, 16), "Desk open twice a week"))))),
    EventSpec("training", "Training of trainers: entrepreneurship support for migrants (TRIE and CREE)",
              date(2016, 10, 11), date(2016, 10, 12), "Rabat", "IOM",
              (("EN", 6, 3), ("AMAL", 3, 1), ("FOO", 2, 1), ("ANAPEC", 2, 2)),
              topics="ILO SIYB approach; coaching business plans; follow-up of enterprises",
              scores=(50.0, 78.0)),
    _committee("5th", date(2016, 10, 25)),
    EventSpec("workshop", "Closing workshop — Atelier de clôture", CLOSING_WORKSHOP, CLOSING_WORKSHOP,
              "Rabat", "MCMREAM",
              (("MCMREAM", 3, 4), ("MSFFDS", 2, 1), ("EN", 2, 2), ("ANAPEC", 2, 2), ("ANAPEC-CAS", 1, 1),
               ("OFPPT", 1, 2), ("CGEM", 1, 2), ("UM5", 1, 1), ("AMAL", 2, 1), ("LHJ", 2, 1), ("FOO", 2, 1),
               ("IOM", 2, 2)),
              topics="Results: 135 women reached, 41 placed; recommendations for sustainability",
              actions=(A("Keep the steering committee meeting after the project to follow the "
                         "recommendations", "MCMREAM", date(2017, 6, 30), ()),
                       A("Publish the project's lessons learned", "IOM", date(2017, 5, 31),
                         (("in_progress", date(2017, 2, 27), "Drafting started"),)))),
)


def events_copy(label: str, days_earlier: int) -> tuple[EventSpec, ...]:
    """The demo's events again, titled with `label` and held `days_earlier` (action points moved with them),
    for a synthetic batch: earlier, so that every date stays inside the project period."""
    shift = timedelta(days=-days_earlier)
    if EVENTS[0].start + shift < PROJECT_START:
        raise ValueError(f"events moved {days_earlier} days earlier would start before the project")

    def moved(action: ActionSpec) -> ActionSpec:
        return replace(action, due=action.due + shift,
                       history=tuple((status, day + shift, comment) for status, day, comment in action.history))

    return tuple(replace(spec, title=f"{spec.title} ({label})", start=spec.start + shift, end=spec.end + shift,
                         actions=tuple(moved(a) for a in spec.actions))
                 for spec in EVENTS)


def add_events(demo: Demo, specs: Sequence[EventSpec] = EVENTS) -> list[tuple[StakeholderEvent, EventSpec]]:
    """Write every event of `specs` with its participation counts and action points (with their history)."""
    written = [(_event(demo, spec), spec) for spec in specs]
    demo.session.add_all(event for event, _ in written)
    demo.session.flush()
    points = []
    for event, spec in written:
        demo.session.add_all(EventParticipation(event_id=event.id, institution_id=demo.institutions[acr].id,
                                                women=women, men=men) for acr, women, men in spec.participants)
        for action in spec.actions:
            status = action.history[-1][0] if action.history else "open"
            points.append((ActionPoint(event_id=event.id, text=action.text, due_date=action.due, status=status,
                                       owner_institution_id=demo.institutions[action.owner].id), event, action))
    demo.session.add_all(point for point, _, _ in points)
    demo.session.flush()
    for point, event, action in points:
        demo.session.add_all(_changes(point, event.start_date, action))
    return written


def _event(demo: Demo, spec: EventSpec) -> StakeholderEvent:
    pre, post = (Decimal(str(s)) for s in spec.scores) if spec.scores else (None, None)
    partner = f" with {spec.organiser}" if spec.organiser != "IOM" else ""
    return StakeholderEvent(
        project_id=demo.project.id, event_type=spec.event_type, title=spec.title, start_date=spec.start,
        end_date=spec.end, city=spec.city, organiser_id=demo.institutions[spec.organiser].id,
        topics=spec.topics, facilitators=f"IOM Morocco project team{partner}", score_scale=Decimal(100),
        pre_test_avg=pre, post_test_avg=post)


def _changes(point: ActionPoint, opened_on: date, action: ActionSpec) -> list[ActionPointChange]:
    """Opened on the day of the event, then each later move with its comment."""
    changes = [ActionPointChange(action_point_id=point.id, from_status=None, to_status="open",
                                 changed_on=opened_on, actor="coordinator", comment="Agreed at the meeting")]
    previous = "open"
    for status, day, comment in action.history:
        changes.append(ActionPointChange(action_point_id=point.id, from_status=previous, to_status=status,
                                         changed_on=day, actor="coordinator", comment=comment))
        previous = status
    return changes
