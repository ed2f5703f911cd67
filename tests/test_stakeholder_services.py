"""Recording institutions, events, participation, scores and action points; every refusal writes nothing."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from db.engine import session_factory
from domain.errors import PermissionDenied, ValidationError
from db.models import ActionPoint, ActionPointChange, AuditEntry, EventParticipation, Institution, StakeholderEvent
from db.services import institutions, stakeholder_events as events
from domain.inputs import parse
from domain.stakeholder_inputs import (
    ActionPointInput, ActionPointMove, EventChange, EventInput, InstitutionChange, InstitutionInput, LearningInput,
    ParticipationInput,
)
from tests.factories import ADMIN_ACTOR, COORDINATOR_ACTOR, VIEWER_ACTOR, make_project
from tests.stakeholder_factories import make_event, make_institution


# The use cases as the pages call them: raw values parsed into the input, then the service.
def record_event(s, *, actor, project_id, **raw):
    return events.record_event(s, actor=actor, project_id=project_id, given=parse(EventInput, raw))


def update_event(s, *, actor, **raw):
    return events.update_event(s, actor=actor, given=parse(EventChange, raw))


def set_participation(s, *, actor, **raw):
    return events.set_participation(s, actor=actor, given=parse(ParticipationInput, raw))


def record_learning(s, *, actor, **raw):
    return events.record_learning(s, actor=actor, given=parse(LearningInput, raw))


def add_action_point(s, *, actor, **raw):
    return events.add_action_point(s, actor=actor, given=parse(ActionPointInput, raw))


def change_action_point_status(s, *, actor, **raw):
    return events.change_action_point_status(s, actor=actor, given=parse(ActionPointMove, raw))


def create_institution(s, *, actor, **raw):
    return institutions.create_institution(s, actor=actor, given=parse(InstitutionInput, raw))


def update_institution(s, *, actor, **raw):
    return institutions.update_institution(s, actor=actor, given=parse(InstitutionChange, raw))


def _write(engine, fn, **kwargs):
    """Run one service call in its own transaction, as a page does."""
    with session_factory(engine)() as s, s.begin():
        return fn(s, **kwargs)


def _count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def _keys(refused) -> dict[str, str]:
    return {p.field: p.key for p in refused.value.problems}


@pytest.fixture
def project(session):
    project = make_project(session)
    session.commit()
    return project


@pytest.fixture
def event(session, project):
    event = make_event(session, project, start=date(2016, 2, 23), end=date(2016, 2, 24))
    session.commit()
    return event


@pytest.fixture
def two_institutions(session):
    pair = make_institution(session, "MCMREAM"), make_institution(session, "AMAL", type="ngo", level="local")
    session.commit()
    return pair


WORKSHOP = dict(event_type="workshop", title="Including migrant women", start_date=date(2016, 2, 23),
                end_date=date(2016, 2, 24), city="Casablanca", topics="Childcare", facilitators="IOM team")


# Events

def test_a_coordinator_records_an_event_with_an_audit_entry(engine, session, project):
    event = _write(engine, record_event, actor=COORDINATOR_ACTOR, project_id=project.id, **WORKSHOP)
    stored = session.get(StakeholderEvent, event.id)
    assert (stored.event_type, stored.title, stored.start_date, stored.end_date, stored.city) == (
        "workshop", "Including migrant women", date(2016, 2, 23), date(2016, 2, 24), "Casablanca")
    entry = session.scalars(select(AuditEntry)).one()
    assert (entry.actor, entry.action, entry.entity, entry.entity_id) == ("coord", "create", "stakeholder_event",
                                                                          event.id)


def test_an_end_date_before_the_start_date_is_refused_and_nothing_written(engine, session, project):
    with pytest.raises(ValidationError) as refused:
        _write(engine, record_event, actor=COORDINATOR_ACTOR, project_id=project.id,
               **(WORKSHOP | {"end_date": date(2016, 2, 22)}))
    assert _keys(refused) == {"end_date": "error.event_end_before_start"}
    assert _count(session, StakeholderEvent) == 0 and _count(session, AuditEntry) == 0


def test_an_event_outside_the_project_period_is_refused_and_nothing_written(engine, session, project):
    # The project runs 1 July 2014 - 28 February 2017: an event in 2013 or 2018 is a typo in the year.
    with pytest.raises(ValidationError) as refused:
        _write(engine, record_event, actor=COORDINATOR_ACTOR, project_id=project.id,
               **(WORKSHOP | {"start_date": date(2013, 12, 30), "end_date": date(2018, 1, 2)}))
    assert _keys(refused) == {"start_date": "error.event_outside_project", "end_date": "error.event_outside_project"}
    assert _count(session, StakeholderEvent) == 0 and _count(session, AuditEntry) == 0


def test_every_missing_event_field_is_reported_at_once(engine, session, project):
    with pytest.raises(ValidationError) as refused:
        _write(engine, record_event, actor=COORDINATOR_ACTOR, project_id=project.id, event_type="party",
               title=" ", start_date=None, end_date=date(2016, 1, 1), city="", organiser_id=999)
    assert _keys(refused) == {"title": "error.required", "start_date": "error.required", "city": "error.required"}
    assert _count(session, StakeholderEvent) == 0


def test_an_unknown_type_and_organiser_are_reported_at_once(engine, session, project):
    with pytest.raises(ValidationError) as refused:
        _write(engine, record_event, actor=COORDINATOR_ACTOR, project_id=project.id,
               **(WORKSHOP | {"event_type": "party", "organiser_id": 999}))
    assert _keys(refused) == {"event_type": "error.event_type_unknown", "organiser_id": "error.institution_not_found"}
    assert _count(session, StakeholderEvent) == 0


def test_viewers_cannot_record_events(engine, session, project):
    with pytest.raises(PermissionDenied):
        _write(engine, record_event, actor=VIEWER_ACTOR, project_id=project.id, **WORKSHOP)
    assert _count(session, StakeholderEvent) == 0


def test_a_correction_keeps_the_event_and_refuses_bad_dates(engine, session, event):
    _write(engine, update_event, actor=COORDINATOR_ACTOR, event_id=event.id, **(WORKSHOP | {"title": "Fixed"}))
    with pytest.raises(ValidationError):
        _write(engine, update_event, actor=COORDINATOR_ACTOR, event_id=event.id,
               **(WORKSHOP | {"title": "Broken", "end_date": date(2016, 1, 1)}))
    session.expire_all()
    assert session.get(StakeholderEvent, event.id).title == "Fixed"


# Participation

def test_participation_is_kept_per_institution_and_rows_with_nobody_are_dropped(engine, session, event,
                                                                               two_institutions):
    ministry, ngo = two_institutions
    _write(engine, set_participation, actor=COORDINATOR_ACTOR, event_id=event.id,
           counts={ministry.id: (3, 4), ngo.id: (0, 0)})
    rows = session.execute(select(EventParticipation.institution_id, EventParticipation.women,
                                  EventParticipation.men)).all()
    assert [tuple(r) for r in rows] == [(ministry.id, 3, 4)]


def test_saving_participation_again_replaces_it(engine, session, event, two_institutions):
    ministry, ngo = two_institutions
    _write(engine, set_participation, actor=COORDINATOR_ACTOR, event_id=event.id, counts={ministry.id: (3, 4)})
    _write(engine, set_participation, actor=COORDINATOR_ACTOR, event_id=event.id,
           counts={ministry.id: (0, 0), ngo.id: (5, "2")})
    session.expire_all()
    rows = session.execute(select(EventParticipation.institution_id, EventParticipation.women,
                                  EventParticipation.men)).all()
    assert [tuple(r) for r in rows] == [(ngo.id, 5, 2)]


def test_a_negative_count_is_refused_and_the_previous_counts_stay(engine, session, event, two_institutions):
    ministry, ngo = two_institutions
    _write(engine, set_participation, actor=COORDINATOR_ACTOR, event_id=event.id, counts={ministry.id: (3, 4)})
    audits = _count(session, AuditEntry)
    with pytest.raises(ValidationError) as refused:
        _write(engine, set_participation, actor=COORDINATOR_ACTOR, event_id=event.id,
               counts={ministry.id: (2, 2), ngo.id: (-1, 3)})
    assert [(p.field, p.key) for p in refused.value.problems] == [("counts", "error.number_too_small")]
    session.expire_all()
    assert [tuple(r) for r in session.execute(select(EventParticipation.women, EventParticipation.men))] == [(3, 4)]
    assert _count(session, AuditEntry) == audits


@pytest.mark.parametrize("bad, key", [("N/A", "error.number_invalid"), (2.5, "error.number_whole")])
def test_counts_must_be_whole_numbers(engine, session, event, two_institutions, bad, key):
    with pytest.raises(ValidationError) as refused:
        _write(engine, set_participation, actor=COORDINATOR_ACTOR, event_id=event.id,
               counts={two_institutions[0].id: (bad, 1)})
    assert [(p.field, p.key) for p in refused.value.problems] == [("counts", key)]
    assert _count(session, EventParticipation) == 0


def test_an_unknown_institution_is_refused(engine, session, event):
    with pytest.raises(ValidationError):
        _write(engine, set_participation, actor=COORDINATOR_ACTOR, event_id=event.id, counts={999: (1, 1)})
    assert _count(session, EventParticipation) == 0


# Learning scores

def test_scores_are_kept_and_the_gain_is_audited(engine, session, event):
    _write(engine, record_learning, actor=COORDINATOR_ACTOR, event_id=event.id, pre_test_avg=55,
           post_test_avg="74,5")
    session.expire_all()
    stored = session.get(StakeholderEvent, event.id)
    assert (stored.pre_test_avg, stored.post_test_avg) == (Decimal("55"), Decimal("74.5"))
    assert '"gain": "19.5"' in session.scalars(select(AuditEntry.detail)).one()


def test_a_post_test_score_outside_the_scale_is_refused_and_nothing_written(engine, session, event):
    with pytest.raises(ValidationError) as refused:
        _write(engine, record_learning, actor=COORDINATOR_ACTOR, event_id=event.id, pre_test_avg=50,
               post_test_avg=105)
    assert _keys(refused) == {"post_test_avg": "error.learning_score_outside_scale"}
    assert refused.value.problems[0].params == {"scale": "100"}
    session.expire_all()
    assert session.get(StakeholderEvent, event.id).post_test_avg is None
    assert _count(session, AuditEntry) == 0


def test_scores_on_a_scale_of_20(engine, session, event):
    _write(engine, record_learning, actor=COORDINATOR_ACTOR, event_id=event.id, pre_test_avg=9, post_test_avg=18,
           score_scale=20)
    with pytest.raises(ValidationError) as refused:
        _write(engine, record_learning, actor=COORDINATOR_ACTOR, event_id=event.id, pre_test_avg=9,
               post_test_avg=21)
    assert refused.value.problems[0].params == {"scale": "20"}
    session.expire_all()
    assert session.get(StakeholderEvent, event.id).post_test_avg == Decimal(18)


def test_pre_and_post_go_in_pairs(engine, session, event):
    with pytest.raises(ValidationError) as refused:
        _write(engine, record_learning, actor=COORDINATOR_ACTOR, event_id=event.id, pre_test_avg=-3,
               post_test_avg=None)
    assert _keys(refused) == {"pre_test_avg": "error.learning_score_outside_scale",
                              "post_test_avg": "error.learning_scores_in_pairs"}


# Action points

def test_an_action_point_without_owner_is_refused_and_nothing_written(engine, session, event):
    with pytest.raises(ValidationError) as refused:
        _write(engine, add_action_point, actor=COORDINATOR_ACTOR, event_id=event.id, text="Map the offers",
               owner_institution_id=None, due_date=date(2016, 6, 30))
    assert _keys(refused) == {"owner_institution_id": "error.action_point_owner_required"}
    assert (_count(session, ActionPoint), _count(session, ActionPointChange), _count(session, AuditEntry)) == (0, 0, 0)


def test_an_action_point_opens_on_the_event_day(engine, session, event, two_institutions):
    point = _write(engine, add_action_point, actor=COORDINATOR_ACTOR, event_id=event.id, text="Map the offers",
                   owner_institution_id=two_institutions[0].id, due_date=date(2016, 6, 30))
    change = session.scalars(select(ActionPointChange)).one()
    assert (change.action_point_id, change.from_status, change.to_status, change.changed_on, change.actor) == (
        point.id, None, "open", date(2016, 2, 23), "coord")
    assert session.get(ActionPoint, point.id).status == "open"


def test_every_status_change_is_kept_with_who_when_and_why(engine, session, event, two_institutions):
    point = _write(engine, add_action_point, actor=COORDINATOR_ACTOR, event_id=event.id, text="Map the offers",
                   owner_institution_id=two_institutions[0].id, due_date=date(2016, 6, 30))
    _write(engine, change_action_point_status, actor=COORDINATOR_ACTOR, action_point_id=point.id,
           to_status="in_progress", changed_on=date(2016, 4, 19), comment="Two centres agreed")
    _write(engine, change_action_point_status, actor=ADMIN_ACTOR, action_point_id=point.id, to_status="done",
           changed_on=date(2016, 6, 14), comment="Note sent")
    session.expire_all()
    history = session.execute(select(ActionPointChange.from_status, ActionPointChange.to_status,
                                     ActionPointChange.changed_on, ActionPointChange.actor,
                                     ActionPointChange.comment).order_by(ActionPointChange.id)).all()
    assert [tuple(h) for h in history] == [
        (None, "open", date(2016, 2, 23), "coord", ""),
        ("open", "in_progress", date(2016, 4, 19), "coord", "Two centres agreed"),
        ("in_progress", "done", date(2016, 6, 14), "boss", "Note sent")]
    assert session.get(ActionPoint, point.id).status == "done"


def test_a_status_change_dated_before_the_last_one_is_refused(engine, session, event, two_institutions):
    point = _write(engine, add_action_point, actor=COORDINATOR_ACTOR, event_id=event.id, text="Map the offers",
                   owner_institution_id=two_institutions[0].id, due_date=None)
    with pytest.raises(ValidationError) as refused:
        _write(engine, change_action_point_status, actor=COORDINATOR_ACTOR, action_point_id=point.id,
               to_status="open", changed_on=date(2016, 1, 1))
    assert _keys(refused) == {"to_status": "error.action_status_unchanged",
                              "changed_on": "error.action_point_change_before_last"}
    assert _count(session, ActionPointChange) == 1


def test_an_unknown_status_is_refused(engine, session, event, two_institutions):
    point = _write(engine, add_action_point, actor=COORDINATOR_ACTOR, event_id=event.id, text="Map",
                   owner_institution_id=two_institutions[0].id, due_date=None)
    with pytest.raises(ValidationError) as refused:
        _write(engine, change_action_point_status, actor=COORDINATOR_ACTOR, action_point_id=point.id,
               to_status="forgotten", changed_on=date(2016, 5, 1))
    assert _keys(refused) == {"to_status": "error.action_status_unknown"}
    session.expire_all()
    assert session.get(ActionPoint, point.id).status == "open"


# Institutions

def test_a_coordinator_adds_an_institution(engine, session):
    institution = _write(engine, create_institution, actor=COORDINATOR_ACTOR, name=" Entraide Nationale ",
                         acronym="EN", type="government", level="central", city="Rabat")
    stored = session.get(Institution, institution.id)
    assert (stored.name, stored.acronym, stored.type, stored.level) == ("Entraide Nationale", "EN", "government",
                                                                       "central")
    assert session.scalars(select(AuditEntry.entity)).one() == "institution"


def test_institution_names_are_unique_whatever_their_case(engine, session):
    make_institution(session, "EN", name="Entraide Nationale")
    session.commit()
    with pytest.raises(ValidationError) as refused:
        _write(engine, create_institution, actor=COORDINATOR_ACTOR, name="ENTRAIDE NATIONALE", acronym="",
               type="government", level="central", city="")
    assert _keys(refused) == {"name": "error.institution_name_taken"}
    assert _count(session, Institution) == 1


def test_institution_type_and_level_must_be_known(engine, session):
    with pytest.raises(ValidationError) as refused:
        _write(engine, create_institution, actor=COORDINATOR_ACTOR, name="X", acronym="", type="church",
               level="regional", city="")
    assert _keys(refused) == {"type": "error.institution_type_unknown", "level": "error.institution_level_unknown"}
    assert _count(session, Institution) == 0


def test_an_institution_is_corrected_but_cannot_take_another_ones_name(engine, session):
    first, second = make_institution(session, "A", name="Alpha"), make_institution(session, "B", name="Beta")
    session.commit()
    _write(engine, update_institution, actor=COORDINATOR_ACTOR, institution_id=first.id, name="Alpha",
           acronym="ALP", type="ngo", level="local", city="Fès")
    with pytest.raises(ValidationError):
        _write(engine, update_institution, actor=COORDINATOR_ACTOR, institution_id=second.id, name="alpha",
               acronym="B", type="ngo", level="local", city="")
    session.expire_all()
    assert (session.get(Institution, first.id).acronym, session.get(Institution, first.id).type) == ("ALP", "ngo")
    assert session.get(Institution, second.id).name == "Beta"


def test_viewers_cannot_change_the_registry(engine, session):
    with pytest.raises(PermissionDenied):
        _write(engine, create_institution, actor=VIEWER_ACTOR, name="X", acronym="", type="ngo", level="local",
               city="")
    assert _count(session, Institution) == 0
