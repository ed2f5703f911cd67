"""The enterprise pages under AppTest on the demo data: what each role sees, and a plan moved through the form."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import BusinessPlan, Participant, PlanTransition
from tests.page_harness import page_as


def _chart_data(app, index: int):
    """The data behind a chart, which Streamlit ships as an Arrow table beside the spec."""
    import pyarrow as pa

    chart = app.get("vega_lite_chart")[index].proto
    return pa.ipc.open_stream(chart.datasets[0].data.data).read_pandas()


def _errors(app) -> list[str]:
    return [e.value for e in app.exception] + [e.value for e in app.error]


@pytest.mark.parametrize("role", ["admin", "coordinator", "viewer"])
def test_pipeline_page_shows_tiles_and_charts_to_every_role(demo_url, role):
    app = page_as("enterprise-pipeline", role).run()
    assert not app.exception
    assert app.title[0].value == "Micro-enterprise pipeline"
    # 18 demo plans; 14 approved (the overview's "business plans approved" counts the same)
    assert [m.value for m in app.metric][:3] == ["18", "14", "12"]
    assert len(app.get("vega_lite_chart")) >= 5


def test_pipeline_stage_chart_counts_current_statuses(demo_url):
    app = page_as("enterprise-pipeline", "coordinator").run()
    counts = _chart_data(app, 0).set_index("stage")["count"].to_dict()
    assert sum(counts.values()) == 18 and counts["rejected"] == 3


def test_viewer_sees_a_breakdown_of_only_small_counts_as_its_total_and_a_sentence(demo_url):
    names = _owner_names(demo_url)
    app = page_as("enterprise-pipeline", "viewer").run()
    app.radio(key="enterprise_breakdown").set_value("nationality").run()
    # 20 owners spread over many nationalities and phases: every cell is 1–4 or would give one back
    assert [i.value for i in app.info] == [
        "20 in all. Every count of this breakdown is under 5 or would give one back, so none is drawn, "
        "to protect the people behind them."]
    assert not app.dataframe
    shown = " ".join(m.value for m in app.markdown)
    assert not any(name in shown for name in names)


def test_coordinator_sees_exact_small_counts(demo_url):
    app = page_as("enterprise-pipeline", "coordinator").run()
    app.radio(key="enterprise_breakdown").set_value("nationality").run()
    table = app.dataframe[0].value
    assert "<5" not in set(table.to_numpy().ravel())


def test_viewer_may_not_open_the_plan_register(demo_url):
    app = page_as("business-plans", "viewer").run()
    assert [e.value for e in app.error] == ["Your role does not give access to this page or action."]
    assert not app.dataframe


def test_coordinator_sees_owner_names_in_the_register(demo_url):
    app = page_as("business-plans", "coordinator").run()
    assert not app.exception
    register = app.dataframe[0].value
    assert len(register) == 18
    assert set(_owner_names(demo_url)) <= set(", ".join(register.owner_names).split(", "))


def _owner_names(url: str) -> list[str]:
    engine = make_engine(url)
    with session_factory(engine)() as s:
        from db.models import BusinessPlanOwner
        names = s.scalars(select(Participant.full_name).join(
            BusinessPlanOwner, BusinessPlanOwner.participant_id == Participant.id)).all()
    engine.dispose()
    return [n for n in names if n]


def _status(url: str, code: str) -> str:
    engine = make_engine(url)
    with session_factory(engine)() as s:
        status = s.scalar(select(BusinessPlan.status).where(BusinessPlan.code == code))
    engine.dispose()
    return status


def test_new_plan_form_registers_a_draft(demo_url):
    app = page_as("business-plans", "coordinator").run()
    app.text_input(key="new_owners_search").input("RAB-0060").run()  # the owners are searched, not all listed
    app.multiselect(key="new_owners").set_value([_participant_id(demo_url, "RAB-0060")])
    app.text_area(key="new_idea").input("Sewing workshop")
    app.text_input(key="new_sector").input("Textile and garment")
    app.text_input(key="new_city").input("Rabat")
    app.text_input(key="new_requested").input("12000")
    app.date_input(key="new_created").set_value(date(2016, 10, 3))
    _submit(app, "Register the plan")
    assert not _errors(app), _errors(app)
    assert _status(demo_url, "BP-019") == "draft"
    assert app.success[0].value == "Business plan BP-019 registered as a draft."


def _submit(app, label: str):
    next(b for b in app.button if b.label == label).click().run()
    return app


def test_rejection_without_a_reason_shows_the_error_and_writes_nothing(demo_url):
    # BP-008 was returned for revision and waits: submit it, put it under review, then try to reject it
    app = page_as("business-plans", "coordinator").run()
    plan_id = _plan_id(demo_url, "BP-008")
    app.selectbox(key="enterprise_plan").set_value(plan_id).run()
    for status in ("submitted", "under_review"):
        app.selectbox(key="move_to").set_value(status)
        app.date_input(key="move_on").set_value(date(2016, 12, 1))
        _submit(app, "Record the move")
        assert not _errors(app), _errors(app)
    before = _transitions(demo_url, plan_id)
    app.selectbox(key="move_to").set_value("rejected")
    app.date_input(key="move_on").set_value(date(2016, 12, 2))
    _submit(app, "Record the move")
    assert "Give the reason: it is required for a return, a rejection or a closure." in [e.value for e in app.error]
    assert _transitions(demo_url, plan_id) == before
    assert _status(demo_url, "BP-008") == "under_review"


def _plan_id(url: str, code: str) -> int:
    engine = make_engine(url)
    with session_factory(engine)() as s:
        plan_id = s.scalar(select(BusinessPlan.id).where(BusinessPlan.code == code))
    engine.dispose()
    return plan_id


def _transitions(url: str, plan_id: int) -> int:
    engine = make_engine(url)
    with session_factory(engine)() as s:
        n = len(s.scalars(select(PlanTransition.id).where(PlanTransition.plan_id == plan_id)).all())
    engine.dispose()
    return n


def _participant_id(url: str, code: str) -> int:
    engine = make_engine(url)
    with session_factory(engine)() as s:
        person = s.scalar(select(Participant.id).where(Participant.code == code))
    engine.dispose()
    return person


def _move(app, status: str, on: date, **fields):
    app.selectbox(key="move_to").set_value(status)
    app.date_input(key="move_on").set_value(on)
    for key, value in fields.items():
        app.text_input(key=key).input(value)
    return _submit(app, "Record the move")


def test_coordinator_moves_a_plan_from_draft_to_launched_and_the_pipeline_changes(demo_url):
    before = page_as("enterprise-pipeline", "coordinator").run()
    launched_before = _chart_data(before, 0).set_index("stage")["count"]["launched"]
    app = page_as("business-plans", "coordinator").run()
    app.text_input(key="new_owners_search").input("RAB-0060").run()  # the owners are searched, not all listed
    app.multiselect(key="new_owners").set_value([_participant_id(demo_url, "RAB-0060")])
    app.text_area(key="new_idea").input("Sewing workshop")
    app.text_input(key="new_sector").input("Textile and garment")
    app.text_input(key="new_city").input("Rabat")
    app.text_input(key="new_requested").input("12000")
    app.date_input(key="new_created").set_value(date(2016, 10, 3))
    _submit(app, "Register the plan")
    app.selectbox(key="enterprise_plan").set_value(_plan_id(demo_url, "BP-019")).run()
    _move(app, "submitted", date(2016, 10, 10))
    _move(app, "under_review", date(2016, 10, 20))
    _move(app, "approved", date(2016, 11, 2), move_approved="11000")
    app.text_input(key="pay_amount").input("11000")
    app.date_input(key="pay_on").set_value(date(2016, 11, 20))
    _submit(app, "Record the payment")
    _move(app, "launched", date(2016, 12, 1))
    assert not _errors(app), _errors(app)
    assert _status(demo_url, "BP-019") == "launched"
    after = page_as("enterprise-pipeline", "coordinator").run()
    assert _chart_data(after, 0).set_index("stage")["count"]["launched"] == launched_before + 1
    assert after.metric[2].value == "13"  # enterprises launched: 12 in the demo, and this one


def test_entrepreneurship_page_shows_completion_per_module(demo_url):
    app = page_as("entrepreneurship-training", "coordinator").run()
    assert not app.exception
    completion = app.dataframe[0].value
    assert list(completion["Module"]) == ["TRIE – find your business idea", "CREE – start your business",
                                          "GERME – manage your business better"]


def test_entrepreneurship_group_is_created_through_the_shared_group_service(demo_url):
    from db.models import TrainingGroup

    app = page_as("entrepreneurship-training", "coordinator").run()
    app.selectbox(key="eg_module").set_value("GERME")
    app.text_input(key="eg_name").input("GERME Rabat 2016")
    app.date_input(key="eg_start").set_value(date(2016, 11, 7))
    app.date_input(key="eg_end").set_value(date(2016, 11, 18))
    _submit(app, "Create the group")
    assert not _errors(app), _errors(app)
    engine = make_engine(demo_url)
    with session_factory(engine)() as s:
        group = s.scalars(select(TrainingGroup).where(TrainingGroup.name == "GERME Rabat 2016")).one()
        assert (group.kind, group.module) == ("entrepreneurship", "GERME")
    engine.dispose()


def test_viewer_may_not_open_entrepreneurship_training(demo_url):
    app = page_as("entrepreneurship-training", "viewer").run()
    assert not app.dataframe


def test_viewers_see_plans_by_stage_as_they_are_but_no_conversion_detail(demo_url):
    import re

    app = page_as("enterprise-pipeline", "viewer").run()
    assert not app.exception
    stages = _chart_data(app, 0).set_index("stage")["count"].to_dict()
    assert sum(stages.values()) == 18 and stages["rejected"] == 3  # plans by stage are not suppressed
    conversion = _chart_data(app, 1)
    assert not [text for text in conversion["rate_text"] if re.search(r"\d+\s*/\s*\d+", text)], conversion
    coordinator = page_as("enterprise-pipeline", "coordinator").run()
    assert "(13/14)" in " ".join(_chart_data(coordinator, 1)["rate_text"])


def test_viewer_tiles_show_plans_and_enterprises_as_they_are(demo_url):
    from streamlit.testing.v1 import AppTest

    def run() -> None:
        from decimal import Decimal
        from types import SimpleNamespace

        from pages.enterprise_pipeline import _tiles

        counts = {"approved": 1, "rejected": 2, "launched": 1, "operating_6m": 0}
        paid = SimpleNamespace(disbursed_usd=Decimal(1000), budget_usd=Decimal(4000))
        _tiles(counts, {"approved": 3, "launched": 1}, paid)

    assert [m.value for m in AppTest.from_function(run).run().metric][:4] == ["4", "3", "1", "1"]
