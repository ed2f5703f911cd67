"""AppTest: the capacity-building dashboard for every role, and a coordinator recording a workshop."""
from __future__ import annotations

import json
from datetime import date

import pyarrow as pa
import pytest
from sqlalchemy import func, select

from db.engine import make_engine, session_factory
from db.models import EventParticipation, StakeholderEvent
from tests.page_harness import page_as


def _by_label(elements, label):
    return next(e for e in elements if e.label == label)


def _chart(app, title: str):
    """The chart element with this title (charts have no typed accessor)."""
    for chart in app.get("vega_lite_chart"):
        if json.loads(chart.proto.spec).get("title") == title:
            return chart
    raise AssertionError(f"no chart titled {title!r}")


def _rows(chart) -> list[dict]:
    """The rows a chart draws: Streamlit ships each dataset as Arrow bytes beside the spec."""
    rows: list[dict] = []
    for dataset in chart.proto.datasets:
        rows += pa.ipc.open_stream(dataset.data.data).read_pandas().to_dict("records")
    return rows


def _count(url, model, *where) -> int:
    engine = make_engine(url)
    with session_factory(engine)() as s:
        n = s.scalar(select(func.count()).select_from(model).where(*where))
    engine.dispose()
    return n


def _event_id(url, title_like: str) -> int:
    engine = make_engine(url)
    with session_factory(engine)() as s:
        event_id = s.scalar(select(StakeholderEvent.id).where(StakeholderEvent.title.like(title_like)))
    engine.dispose()
    return event_id


@pytest.mark.parametrize("role", ["admin", "coordinator", "viewer"])
def test_the_dashboard_shows_tiles_and_four_charts_for_every_role(demo_url, role):
    app = page_as("capacity-building", role, "fr").run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Renforcement des capacités des acteurs marocains"]
    tiles = {m.label: m.value for m in app.metric}
    assert set(tiles) == {"Événements tenus", "Participants", "Acteurs formés", "Points d'action en attente"}
    assert len(app.get("vega_lite_chart")) == 4


def test_officials_trained_on_the_dashboard_equals_the_overview(demo_url):
    dashboard = page_as("capacity-building", "viewer").run()
    overview = page_as("overview", "viewer").run()
    value = {m.label: m.value for m in dashboard.metric}["Officials trained"]
    assert value == {m.label: m.value for m in overview.metric}["Officials trained"]
    assert "trainings, workshops and study visits" in _by_label(dashboard.metric, "Officials trained").help


def test_overdue_action_points_stand_out(demo_url):
    app = page_as("capacity-building", "coordinator")
    app.session_state["as_of_date"] = date(2016, 6, 1)
    app.run()
    # on 1 June 2016 the CGEM list (due 30 April) and the guide translation (due 31 May) are late
    assert [e.value for e in app.error] == ["2 action point(s) overdue on 1 June 2016: due earlier and still open "
                                            "or in progress."]
    assert sorted(app.dataframe[0].value["owner"]) == ["ANAPEC-CAS", "CGEM"]


def test_viewers_see_small_counts_as_less_than_five(demo_url):
    title = "Attendances by institution type and level, by sex"
    viewer = _rows(_chart(page_as("capacity-building", "viewer").run(), title))
    coordinator = _rows(_chart(page_as("capacity-building", "coordinator").run(), title))
    assert any(r["shown"] == "<5" and r["count"] is None for r in viewer)  # no number behind it
    assert not any(r["shown"] == "<5" for r in coordinator)


def test_an_end_date_before_the_start_is_shown_next_to_the_field_and_nothing_written(demo_url):
    before = _count(demo_url, StakeholderEvent)
    app = page_as("stakeholder-events", "coordinator").run()
    _by_label(app.text_input, "Title").input("Workshop with a typo")
    _by_label(app.date_input, "First day").set_value(date(2016, 9, 20))
    _by_label(app.date_input, "Last day").set_value(date(2016, 9, 19))
    _by_label(app.text_input, "City").input("Rabat")
    _by_label(app.button, "Record the event").click().run()
    assert "The last day is before the first day." in [e.value for e in app.error]
    assert _count(demo_url, StakeholderEvent) == before


def test_a_coordinator_records_a_workshop_with_two_institutions_and_the_charts_change(demo_url):
    title = "Attendances by institution type and level, by sex"
    charts_before = _rows(_chart(page_as("capacity-building", "coordinator").run(), title))

    app = page_as("stakeholder-events", "coordinator").run()
    _by_label(app.text_input, "Title").input("Workshop: migrant women and social programmes in Fès")
    _by_label(app.date_input, "First day").set_value(date(2016, 9, 20))
    _by_label(app.date_input, "Last day").set_value(date(2016, 9, 21))
    _by_label(app.text_input, "City").input("Fès")
    _by_label(app.button, "Record the event").click().run()
    assert not app.exception
    assert [s.value for s in app.success][0].startswith("Event recorded")
    event_id = app.session_state["event_choice"]

    grid = app.data_editor[0].value
    rows = {name: i for i, name in enumerate(grid.iloc[:, 0])}
    entraide, amal = rows["Entraide Nationale"], rows["Association Amal pour les femmes migrantes"]
    app.session_state[f"participation_{event_id}_0"] = {
        "edited_rows": {entraide: {"women": 6, "men": 2}, amal: {"women": 4}}, "added_rows": [], "deleted_rows": []}
    app.run()
    assert "Totals in the grid: **10** women, **2** men, **12** participants." in [m.value for m in app.markdown]
    _by_label(app.button, "Save participation").click().run()
    assert not app.exception
    assert "Participation saved: 12 participants." in [s.value for s in app.success]
    assert _count(demo_url, EventParticipation, EventParticipation.event_id == event_id) == 2

    charts_after = _rows(_chart(page_as("capacity-building", "coordinator").run(), title))
    before = {(r["group"], r["sex"]): r["count"] for r in charts_before}
    after = {(r["group"], r["sex"]): r["count"] for r in charts_after}
    # Entraide Nationale is government·central (+6 women, +2 men); Amal is an NGO·local (+4 women)
    assert after[("Government · Central", "women")] == before[("Government · Central", "women")] + 6
    assert after[("Government · Central", "men")] == before[("Government · Central", "men")] + 2
    assert after[("NGO · Local", "women")] == before[("NGO · Local", "women")] + 4


def test_a_post_test_outside_the_scale_is_refused_on_the_page(demo_url):
    app = page_as("stakeholder-events", "coordinator").run()
    app.session_state["event_section"] = "learning"
    app.selectbox(key="event_choice").set_value(_event_id(demo_url, "Reception and guidance%")).run()
    _by_label(app.number_input, "Post-test average").set_value(120.0)
    _by_label(app.button, "Save the scores").click().run()
    assert "The score must be between 0 and 100." in [e.value for e in app.error]


def test_an_action_point_without_owner_is_refused_on_the_page(demo_url):
    app = page_as("stakeholder-events", "coordinator").run()
    app.session_state["event_section"] = "actions"
    app.selectbox(key="event_choice").set_value(_event_id(demo_url, "Closing workshop%")).run()
    _by_label(app.text_area, "Action point").input("Publish a guide")
    _by_label(app.button, "Add an action point").click().run()
    assert "Choose the institution that owns this action point." in [e.value for e in app.error]


def test_the_institutions_registry_refuses_a_duplicate_name(demo_url):
    app = page_as("institutions", "coordinator").run()
    assert "Entraide Nationale" in list(app.dataframe[0].value.iloc[:, 0])
    form_name = app.text_input[0]
    form_name.input("entraide nationale")
    _by_label(app.button, "Add an institution").click().run()
    assert "An institution named 'entraide nationale' is already in the registry." in [e.value for e in app.error]
