"""Two people correct the same cohort: the second save is refused with the first person's name, the stored
plan is shown beside hers, and what she typed is kept; saving again then goes through."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import Enrolment, FollowUp, TrainingGroup
from tests.page_harness import page_as


def _stored(url: str, group_id: int) -> TrainingGroup:
    engine = make_engine(url)
    with session_factory(engine)() as s:
        group = s.get(TrainingGroup, group_id)
    engine.dispose()
    return group


def _a_cohort_in_progress(url: str) -> TrainingGroup:
    """The demo's first cohort, reopened as if its training were still running (closed ones are not edited)."""
    engine = make_engine(url)
    with session_factory(engine)() as s, s.begin():
        group = s.scalars(select(TrainingGroup).where(TrainingGroup.kind == "vocational")
                          .order_by(TrainingGroup.id)).first()
        group.status = "open"
    engine.dispose()
    return group


def _open_edit_form(role: str, group_id: int):
    app = page_as("cohorts", role)
    app.run()
    app.selectbox(key="edit_cohort").set_value(group_id).run()
    assert not app.exception
    return app


def test_a_stale_cohort_save_is_refused_with_who_changed_it_and_the_input_is_kept(demo_url):
    group = _a_cohort_in_progress(demo_url)
    key = f"cohort:{group.id}:form"
    coordinator = _open_edit_form("coordinator", group.id)  # opens the cohort first
    admin = _open_edit_form("admin", group.id)

    admin.number_input(key=f"{key}_capacity").set_value(group.capacity + 5)
    admin.button(key=f"{key}_submit").click().run()
    assert [s.value for s in admin.success] == [f"Cohort {group.code} saved."]

    coordinator.number_input(key=f"{key}_capacity").set_value(group.capacity + 1)
    coordinator.button(key=f"{key}_submit").click().run()
    assert not coordinator.exception
    [warning] = [w.value for w in coordinator.warning]
    assert warning.startswith("Amina Admin changed this record at ")
    comparison = coordinator.dataframe[-1].value
    assert comparison.to_dict("records") == [
        {"Field": "Places", "Stored now": str(group.capacity + 5), "Yours": str(group.capacity + 1)}]
    assert coordinator.number_input(key=f"{key}_capacity").value == group.capacity + 1  # nothing to retype
    assert _stored(demo_url, group.id).capacity == group.capacity + 5

    coordinator.button(key=f"{key}_submit").click().run()  # she has compared: her value now goes in
    assert [s.value for s in coordinator.success] == [f"Cohort {group.code} saved."]
    assert _stored(demo_url, group.id).capacity == group.capacity + 1


def _an_enrolment_still_in_training(url: str) -> Enrolment:
    engine = make_engine(url)
    with session_factory(engine)() as s:
        enrolment = s.scalars(select(Enrolment).join(TrainingGroup, TrainingGroup.id == Enrolment.group_id)
                              .where(TrainingGroup.kind == "vocational", Enrolment.status != "dropped_out")
                              .order_by(Enrolment.id)).first()
    engine.dispose()
    return enrolment


def test_her_own_result_saved_first_does_not_make_her_drop_out_form_stale(demo_url):
    enrolment = _an_enrolment_still_in_training(demo_url)
    key = f"enrolment:{enrolment.id}"
    app = page_as("cohort-results", "coordinator")
    app.run()
    app.selectbox(key="results_group").set_value(enrolment.group_id).run()
    app.selectbox(key="results_who").set_value(enrolment.id).run()
    app.number_input(key=f"{key}:assessment_score").set_value(41)
    app.button(key=f"{key}:save_result").click().run()
    assert not app.exception and app.success

    app.text_input(key=f"{key}:reason").input("Moved to Tangier")
    app.date_input(key=f"{key}:dropped_on").set_value(enrolment.enrolled_on + timedelta(days=10))
    app.button(key=f"{key}:save_dropout").click().run()
    assert not app.exception and not app.warning and app.success
    engine = make_engine(demo_url)
    with session_factory(engine)() as s:
        assert s.get(Enrolment, enrolment.id).status == "dropped_out"
    engine.dispose()


def test_a_follow_up_call_recorded_meanwhile_is_shown_not_overwritten(demo_url):
    enrolment = _an_enrolment_still_in_training(demo_url)
    key = f"follow_{enrolment.id}"

    def open_form(role: str):
        app = page_as("cohort-results", role)
        app.run()
        app.selectbox(key="results_group").set_value(enrolment.group_id).run()
        app.selectbox(key="results_who").set_value(enrolment.id).run()
        app.radio(key=f"{key}_months").set_value(12)
        app.date_input(key=f"{key}_date").set_value(enrolment.enrolled_on + timedelta(days=400))
        return app

    coordinator, admin = open_form("coordinator"), open_form("admin")  # neither sees a 12-month call yet
    admin.selectbox(key=f"{key}_status").set_value("wage_job")
    admin.text_input(key=f"{key}_sector").input("Textile")
    admin.button(key=f"{key}_save").click().run()
    assert not admin.exception and admin.success

    coordinator.selectbox(key=f"{key}_status").set_value("unemployed")
    coordinator.button(key=f"{key}_save").click().run()
    assert not coordinator.exception
    [warning] = [w.value for w in coordinator.warning]
    assert warning.startswith("Amina Admin changed this record at ")
    engine = make_engine(demo_url)
    with session_factory(engine)() as s:
        assert s.scalars(select(FollowUp.status).where(FollowUp.enrolment_id == enrolment.id,
                                                       FollowUp.months_after == 12)).all() == ["wage_job"]
    engine.dispose()
