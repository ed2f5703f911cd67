"""The Steering committee page under AppTest: overdue decisions stand out, a bad meeting is refused next to its
field with nothing written, viewers see no one's username and no form, only admins get the sign-off."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from db.engine import make_engine, session_factory
from db.models import CommitteeMeeting
from tests.page_harness import page_as


def _meetings(url: str) -> int:
    engine = make_engine(url)
    with session_factory(engine)() as s:
        count = s.scalar(select(func.count()).select_from(CommitteeMeeting))
    engine.dispose()
    return count


def _by_label(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def test_overdue_decisions_stand_out_on_the_as_of_date(demo_url):
    app = page_as("committee", "coordinator")
    app.session_state["as_of_date"] = date(2016, 10, 1)
    app.run()
    # on 1 October 2016 the CGEM job fair (due 31 March) and the exit plan (due 30 September) are late
    assert [e.value for e in app.error] == ["2 committee decision(s) overdue on 1 October 2016."]
    assert sorted(app.dataframe[0].value["owner"]) == ["LHJ", "MCMREAM"]


def test_a_cutoff_after_the_meeting_is_refused_next_to_its_field_and_nothing_written(demo_url):
    before = _meetings(demo_url)
    app = page_as("committee", "coordinator").run()
    _by_label(app.date_input, "Meeting date").set_value(date(2016, 12, 6))
    _by_label(app.text_input, "Place").input("Rabat")
    _by_label(app.date_input, "Period from").set_value(date(2016, 10, 1))
    _by_label(app.date_input, "Period to").set_value(date(2016, 11, 30))
    _by_label(app.date_input, "Data cut-off date").set_value(date(2016, 12, 31))
    _by_label(app.button, "Record the meeting").click().run()
    errors = [e.value for e in app.error]
    assert "The data cut-off date cannot be after the meeting." in errors
    assert "Choose at least one institution present." in errors
    assert _meetings(demo_url) == before


def test_a_viewer_reads_the_meetings_without_forms_or_usernames(demo_url):
    app = page_as("committee", "viewer").run()
    assert not app.get("form") and not [b for b in app.button if "Sign off" in b.label]
    assert "Committee of 25 October 2016 Rabat" in app.selectbox[0].options
    assert not [df for df in app.dataframe if "actor" in df.value.columns]
    coordinator = page_as("committee", "coordinator").run()
    assert [df for df in coordinator.dataframe if "actor" in df.value.columns]


def test_only_an_admin_is_offered_the_sign_off(demo_url):
    admin = page_as("committee", "admin").run()
    coordinator = page_as("committee", "coordinator").run()
    assert [b.label for b in admin.button if b.label.startswith("Sign off")] == [
        "Sign off the figures (lock through 30 September 2016)"]
    assert not [b for b in coordinator.button if b.label.startswith("Sign off")]
