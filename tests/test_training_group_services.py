"""Creating, editing and closing training groups; registering participants under a pseudonymous code."""
from datetime import date

import pytest
from sqlalchemy import func, select

from domain.errors import PermissionDenied, ValidationError
from db.models import AuditEntry, Participant, TrainingGroup
from db.services.participants import register_participant, update_participant
from domain.inputs import parse
from domain.participant_inputs import ParticipantChange, ParticipantInput
from db.services.training_groups import close_group, create_group, update_group
from domain.training_inputs import GroupChange, GroupInput
from tests.factories import COORDINATOR_ACTOR, VIEWER_ACTOR, make_project
from tests.training_factories import make_participant, make_partner


def _count(session, model) -> int:
    session.expire_all()
    n = session.scalar(select(func.count()).select_from(model))
    session.rollback()  # end the read so the next write can begin its own transaction
    return n


GROUP = dict(kind="vocational", name="Pastry — Rabat", trade="Pastry", city="Rabat", planned_start=date(2015, 5, 4),
             planned_end=date(2015, 7, 17), capacity=18, planned_sessions=14, planned_hours=56)


def _new_group(s, project, partner, actor=COORDINATOR_ACTOR, **overrides):
    given = parse(GroupInput, GROUP | {"provider_id": partner.id} | overrides)
    return create_group(s, actor=actor, project_id=project.id, given=given)


def _update_group(s, group, partner, **overrides):
    given = parse(GroupChange, GROUP | {"provider_id": partner.id, "group_id": group.id} | overrides)
    return update_group(s, actor=COORDINATOR_ACTOR, given=given)


@pytest.fixture
def world(session, engine):
    project, partner = make_project(session), make_partner(session)
    session.commit()
    return project, partner


def test_create_group_writes_the_cohort_with_a_generated_code_and_an_audit_entry(session, world):
    project, partner = world
    with session.begin():
        group = _new_group(session, project, partner)
    session.expire_all()
    stored = session.get(TrainingGroup, group.id)
    assert (stored.code, stored.status, stored.capacity, stored.module) == ("VT-RAB-01", "planned", 18, None)
    assert session.scalar(select(AuditEntry.action).where(AuditEntry.entity == "training_group")) == "create"


def test_entrepreneurship_group_codes_follow_the_module(session, world):
    project, partner = world
    with session.begin():
        _new_group(session, project, partner, kind="entrepreneurship", module="CREE", trade=None)
        second = _new_group(session, project, partner, kind="entrepreneurship", module="CREE", trade=None)
    assert second.code == "CREE-RAB-02"


def test_a_badly_typed_group_lists_every_problem_of_the_form(session, world):
    _, partner = world
    with pytest.raises(ValidationError) as refused:
        parse(GroupInput, GROUP | dict(provider_id=partner.id, module="TRIE", capacity=0, name=" ",
                                       planned_start=date(2015, 7, 1), planned_end=date(2015, 6, 1)))
    fields = {p.field: p.key for p in refused.value.problems}
    assert fields == {"module": "error.group_module_only_entrepreneurship", "name": "error.required",
                      "planned_end": "error.training_end_before_start", "capacity": "error.group_capacity_positive"}


def test_create_group_refuses_a_plan_outside_the_project_and_writes_nothing(session, world):
    project, partner = world
    with pytest.raises(ValidationError) as refused, session.begin():
        _new_group(session, project, partner, planned_start=date(2013, 1, 1), planned_end=date(2018, 1, 1))
    fields = {p.field: p.key for p in refused.value.problems}
    assert fields == {"planned_start": "error.date_outside_project", "planned_end": "error.date_outside_project"}
    assert _count(session, TrainingGroup) == 0 and _count(session, AuditEntry) == 0


def test_entrepreneurship_group_needs_its_module(session, world):
    project, partner = world
    with pytest.raises(ValidationError) as refused, session.begin():
        _new_group(session, project, partner, kind="entrepreneurship", module=None, trade=None)
    assert [p.key for p in refused.value.problems] == ["error.group_module_required"]


def test_viewer_may_not_create_a_group(session, world):
    project, partner = world
    with pytest.raises(PermissionDenied), session.begin():
        _new_group(session, project, partner, actor=VIEWER_ACTOR)
    assert _count(session, TrainingGroup) == 0


def test_update_group_changes_the_plan(session, world):
    project, partner = world
    with session.begin():
        group = _new_group(session, project, partner)
    with session.begin():
        _update_group(session, group, partner, name="Pastry", planned_end=date(2015, 7, 31), capacity=20,
                      planned_sessions=15, planned_hours=60)
    session.expire_all()
    assert (session.get(TrainingGroup, group.id).capacity, session.get(TrainingGroup, group.id).planned_end) == (
        20, date(2015, 7, 31))


def test_a_closed_group_cannot_be_edited_or_closed_again(session, world):
    project, partner = world
    with session.begin():
        group = _new_group(session, project, partner)
    with session.begin():
        close_group(session, actor=COORDINATOR_ACTOR, group_id=group.id)
    with pytest.raises(ValidationError) as refused, session.begin():
        close_group(session, actor=COORDINATOR_ACTOR, group_id=group.id)
    assert refused.value.problems[0].key == "error.group_closed"
    with pytest.raises(ValidationError), session.begin():
        _update_group(session, group, partner, name="X", capacity=99)
    session.expire_all()
    assert session.get(TrainingGroup, group.id).capacity == 18


def _register(s, project, **overrides):
    fields = dict(sex="F", nationality="CI", city="Rabat", registered_on=date(2015, 4, 20), birth_year=1990,
                  children_count=2, consent_recorded=True)
    given = parse(ParticipantInput, fields | overrides)
    return register_participant(s, actor=COORDINATOR_ACTOR, project_id=project.id, given=given)


def test_participant_codes_count_up_per_city(session, world):
    project, _ = world
    make_participant(session, project, "RAB-0041")
    session.commit()
    with session.begin():
        first = _register(session, project)
        casa = _register(session, project, city="Casablanca")
    assert (first.code, casa.code) == ("RAB-0042", "CAS-0001")


def test_consent_date_defaults_to_the_registration_date(session, world):
    project, _ = world
    with session.begin():
        person = _register(session, project)
    session.expire_all()
    assert session.get(Participant, person.id).consent_date == date(2015, 4, 20)


def test_a_possible_duplicate_is_refused_until_confirmed(session, world):
    project, _ = world
    make_participant(session, project, "RAB-0001", full_name="Awa Diallo", birth_year=1990, nationality="CI")
    session.commit()
    with pytest.raises(ValidationError) as refused, session.begin():
        _register(session, project, full_name="  awa  DIALLO ")
    assert refused.value.problems == [refused.value.problems[0]]
    assert (refused.value.problems[0].key, refused.value.problems[0].params) == (
        "error.participant_possible_duplicate", {"codes": "RAB-0001"})
    assert _count(session, Participant) == 1
    with session.begin():
        _register(session, project, full_name="Awa Diallo", confirm_duplicate=True)
    assert _count(session, Participant) == 2


def test_personal_fields_need_consent_and_bad_values_are_all_named(session, world):
    project, _ = world
    with pytest.raises(ValidationError) as badly_typed:
        _register(session, project, nationality="XX", sex="?", birth_year=1930)
    assert {p.field for p in badly_typed.value.problems} == {"nationality", "sex", "birth_year"}
    with pytest.raises(ValidationError) as refused, session.begin():
        _register(session, project, consent_recorded=False, phone="+212 600", registered_on=date(2018, 1, 1))
    assert {p.field for p in refused.value.problems} == {"consent_recorded", "registered_on"}
    assert _count(session, Participant) == 0


def test_update_participant_keeps_the_code_and_audits_field_names_only(session, world):
    project, _ = world
    with session.begin():
        person = _register(session, project)
    with session.begin():
        update_participant(session, actor=COORDINATOR_ACTOR, given=parse(
            ParticipantChange, participant_id=person.id, sex="F", nationality="CI", city="Rabat",
            registered_on=date(2015, 4, 20), birth_year=1991, children_count=2, consent_recorded=True,
            full_name="Grace Okafor", phone="+212 6 11"))
    session.expire_all()
    stored = session.get(Participant, person.id)
    assert (stored.code, stored.birth_year, stored.full_name) == ("RAB-0001", 1991, "Grace Okafor")
    detail = session.scalar(select(AuditEntry.detail).where(AuditEntry.action == "update"))
    assert "full_name" in detail and "Grace" not in detail
