"""Pipeline queries on a small story: two plans, one launched and one rejected, cut at as-of dates."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.errors import PermissionDenied
from db.queries.business_plans import (
    counts_by, enterprise_statuses, owner_choices, pipeline_money, plan_file, plan_register, reached_counts,
    status_counts, transition_dates,
)
from tests.enterprise_factories import (
    create_plan, make_participant, make_pipeline_project, move_plan, record_disbursement, record_enterprise_status,
    write,
)
from tests.factories import COORDINATOR_ACTOR, VIEWER_ACTOR

D = date


@pytest.fixture
def story(engine, session):
    """Plan A (Awa, F, SN, Casablanca): 9,760 MAD requested in 2015 at 9.76, approved 9,760, paid 4,880
    on 2015-07-01, launched 2015-07-15, operating at 3 months. Plan B (Bob, M, CM): rejected 2015-06-30."""
    project = make_pipeline_project(session)
    awa = make_participant(session, project, "CAS-0001", full_name="Awa Diop")
    bob = make_participant(session, project, "CAS-0002", sex="M", nationality="CM", full_name="Bob Eto")
    session.commit()
    common = dict(actor=COORDINATOR_ACTOR, project_id=project.id, sector="Retail trade", city="Casablanca",
                  created_on=D(2015, 6, 1))
    a = write(engine, create_plan, owner_ids=[awa.id], business_idea="Stall", requested_mad="9760", **common)
    b = write(engine, create_plan, owner_ids=[bob.id], business_idea="Shop", requested_mad="19520", **common)
    for plan, steps in ((a, [("submitted", D(2015, 6, 5)), ("under_review", D(2015, 6, 10)),
                             ("approved", D(2015, 6, 20))]),
                        (b, [("submitted", D(2015, 6, 5)), ("under_review", D(2015, 6, 12)),
                             ("rejected", D(2015, 6, 30))])):
        for status, on in steps:
            write(engine, move_plan, actor=COORDINATOR_ACTOR, plan_id=plan.id, to_status=status, occurred_on=on,
                  comment="Not viable" if status == "rejected" else "", approved_mad="9760")
    write(engine, record_disbursement, actor=COORDINATOR_ACTOR, plan_id=a.id, amount_mad="4880",
          spent_on=D(2015, 7, 1))
    write(engine, move_plan, actor=COORDINATOR_ACTOR, plan_id=a.id, to_status="launched", occurred_on=D(2015, 7, 15))
    write(engine, record_enterprise_status, actor=COORDINATOR_ACTOR, plan_id=a.id, months_after=3,
          observed_on=D(2015, 10, 15), status="operating")
    return project, a, b


def test_status_counts_follow_the_as_of_date(session, story):
    project, _, _ = story
    assert status_counts(session, project_id=project.id, as_of=D(2015, 6, 15)) == {"under_review": 2}
    assert status_counts(session, project_id=project.id, as_of=D(2015, 12, 31)) == {"launched": 1, "rejected": 1}


def test_reached_counts_every_status_a_plan_passed_through(session, story):
    project, _, _ = story
    assert reached_counts(session, project_id=project.id, as_of=D(2015, 12, 31)) == {
        "draft": 2, "submitted": 2, "under_review": 2, "approved": 1, "rejected": 1, "disbursed": 1, "launched": 1}


def test_transition_dates_feed_days_in_stage(session, story):
    project, a, _ = story
    moves = transition_dates(session, project_id=project.id, as_of=D(2015, 6, 30))
    assert [(s, on) for p, s, on in moves if p == a.id] == [
        ("draft", D(2015, 6, 1)), ("submitted", D(2015, 6, 5)), ("under_review", D(2015, 6, 10)),
        ("approved", D(2015, 6, 20))]


def test_money_in_usd_against_the_start_up_line(session, story):
    project, _, _ = story
    money = pipeline_money(session, project_id=project.id, as_of=D(2015, 12, 31))
    # requested (9,760 + 19,520) / 9.76 = 1,000 + 2,000 = 3,000 USD; approved 9,760 / 9.76 = 1,000 USD;
    # paid 4,880 / 9.76 = 500 USD on a 40,000 USD line
    assert money.requested_usd == Decimal("3000.00")
    assert money.approved_usd == Decimal("1000.00")
    assert (money.disbursed_usd, money.line_spent_usd, money.budget_usd) == (
        Decimal("500.00"), Decimal("500.00"), Decimal("40000.00"))
    assert pipeline_money(session, project_id=project.id, as_of=D(2015, 6, 19)).approved_usd == Decimal("0.00")


def test_enterprise_statuses_by_months(session, story):
    project, _, _ = story
    assert enterprise_statuses(session, project_id=project.id, as_of=D(2015, 12, 31)) == [(3, "operating", 1)]
    assert enterprise_statuses(session, project_id=project.id, as_of=D(2015, 10, 14)) == []


def test_counts_by_sex_count_owners_and_by_city_count_plans(session, story):
    project, _, _ = story
    by_sex = counts_by(session, project_id=project.id, as_of=D(2015, 12, 31), dimension="sex")
    assert sorted(map(tuple, by_sex.to_numpy().tolist())) == [("F", "launched", 1), ("M", "rejected", 1)]
    by_city = counts_by(session, project_id=project.id, as_of=D(2015, 12, 31), dimension="city")
    assert by_city["count"].sum() == 2


def test_register_shows_names_to_coordinators_only(session, story):
    project, _, _ = story
    coordinator = plan_register(session, project_id=project.id, actor=COORDINATOR_ACTOR)
    assert list(coordinator.owner_names) == ["Awa Diop", "Bob Eto"]
    assert list(coordinator.owners) == ["CAS-0001", "CAS-0002"]
    assert list(coordinator.disbursed_mad) == [4880.0, 0.0]


def test_viewers_get_no_per_person_plan_reads(session, story):
    """The register, a plan's file and the owner choices name participants: coordinators and admins only."""
    project, a, _ = story
    with pytest.raises(PermissionDenied):
        plan_register(session, project_id=project.id, actor=VIEWER_ACTOR)
    with pytest.raises(PermissionDenied):
        plan_file(session, plan_id=a.id, actor=VIEWER_ACTOR)
    with pytest.raises(PermissionDenied):
        owner_choices(session, project_id=project.id, actor=VIEWER_ACTOR)
    assert list(owner_choices(session, project_id=project.id, actor=COORDINATOR_ACTOR).values()) == [
        "CAS-0001 — Awa Diop", "CAS-0002 — Bob Eto"]


def test_plan_file_shows_owners_to_coordinators(session, story):
    _, a, _ = story
    assert plan_file(session, plan_id=a.id, actor=COORDINATOR_ACTOR).owners[0]["full_name"] == "Awa Diop"


def test_module_completion_counts_enrolled_completed_and_dropped_out_by_module(session):
    from db.models import Enrolment, Institution, TrainingGroup
    from db.queries.business_plans import module_completion

    project = make_pipeline_project(session)
    partner = Institution(name="Association L'Heure Joyeuse", acronym="LHJ", type="ngo", level="local")
    session.add(partner)
    session.flush()
    group = TrainingGroup(project_id=project.id, kind="entrepreneurship", code="CREE-CAS-01", name="CREE", module="CREE",
                          provider_id=partner.id, city="Casablanca", planned_start=D(2015, 3, 2),
                          planned_end=D(2015, 3, 6), capacity=20)
    session.add(group)
    session.flush()
    people = [make_participant(session, project, f"CAS-{n:04d}") for n in range(1, 4)]
    session.add_all([
        Enrolment(group_id=group.id, participant_id=people[0].id, enrolled_on=D(2015, 3, 1), status="completed",
                  completed_on=D(2015, 3, 6)),
        Enrolment(group_id=group.id, participant_id=people[1].id, enrolled_on=D(2015, 3, 1), status="dropped_out",
                  dropout_reason="Moved", dropout_on=D(2015, 3, 3)),
        Enrolment(group_id=group.id, participant_id=people[2].id, enrolled_on=D(2015, 3, 1), status="completed",
                  completed_on=D(2015, 3, 6)),
    ])
    session.commit()
    got = module_completion(session, project_id=project.id, as_of=D(2015, 3, 31))
    assert got.to_dict("records") == [
        {"module": "CREE", "groups": 1, "enrolled": 3, "completed": 2, "dropped_out": 1}]
    # on 4 March nobody had completed yet; one had dropped out
    early = module_completion(session, project_id=project.id, as_of=D(2015, 3, 4)).iloc[0]
    assert (early.completed, early.dropped_out) == (0, 1)
