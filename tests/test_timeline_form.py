"""The workplan form starts from the chosen activity's stored dates: correcting its % complete keeps them."""
from __future__ import annotations

from datetime import date

from db.engine import make_engine, session_factory
from db.models import WorkplanActivity
from tests.page_harness import page_as

ACTIVITY = 2  # A1.2 in the demo data: 18/08/2014 – 26/08/2016, 100 %


def _stored(url: str) -> tuple:
    engine = make_engine(url)
    with session_factory(engine)() as s:
        row = s.get(WorkplanActivity, ACTIVITY)
        found = (row.actual_start, row.actual_end, row.percent_complete)
    engine.dispose()
    return found


def test_correcting_the_percent_complete_keeps_the_activitys_dates(demo_url):
    page = page_as("timeline", "coordinator").run()
    page.selectbox(key="activity_choice").set_value(ACTIVITY).run()
    key = f"workplan_activity:{ACTIVITY}"
    assert page.date_input(key=f"{key}:actual_start").value == date(2014, 8, 18)
    page.number_input(key=f"{key}:percent_complete").set_value(95)
    next(b for b in page.button if b.label == "Save the activity").click()
    page.run()
    # the only red box may be the committee's overdue decisions, which this demo has on its last day
    assert not page.exception and [e.icon for e in page.error] in ([], [":material/alarm:"])
    assert _stored(demo_url) == (date(2014, 8, 18), date(2016, 8, 26), 95)
