"""AppTest: the IPTT, budget, timeline and results framework pages on the demo data."""
from __future__ import annotations

import os
from datetime import date
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import BudgetLine, Expenditure, Participant
from db.queries.iptt import iptt, period_label, reporting_periods
from exports.iptt import Headers, groups, iptt_rows, workbook
from tests.page_harness import page_as


def _metrics(app) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def _record(app, *, line_code: str, on: date, description: str, amount: str, currency: str = "USD",
            justification: str = ""):
    engine = make_engine(os.environ["DATABASE_URL"])
    with session_factory(engine)() as s:
        line_id = s.scalar(select(BudgetLine.id).where(BudgetLine.code == line_code))
    engine.dispose()
    app.selectbox(key="exp_line").select(line_id)
    app.date_input(key="exp_date").set_value(on)
    app.text_input(key="exp_description").input(description)
    app.text_input(key="exp_amount").input(amount)
    app.selectbox(key="exp_currency").select(currency)
    app.text_area(key="exp_justification").input(justification)
    next(b for b in app.button if b.label == "Record the expenditure").click().run()
    return app


def test_coordinator_records_an_expenditure_and_the_budget_and_overview_change(demo_url):
    overview = page_as("overview", "coordinator")
    overview.run()
    # The demo spends 195,450 USD in all; MAD payments in whole dirhams round it to 195,449.x.
    assert _metrics(overview)["Spent (USD)"] == "195,449"
    app = page_as("budget", "coordinator")
    app.run()
    assert not app.exception
    assert _metrics(app)["Spent"] == "US$195,449"
    _record(app, line_code="ME", on=date(2017, 2, 10), description="Printing of the final report", amount="500")
    assert not app.exception and not app.error
    assert [s.value for s in app.success] == ["Expenditure recorded: US$500 at 1.00 per USD."]
    assert _metrics(app)["Spent"] == "US$195,949"
    overview.run()
    assert _metrics(overview)["Spent (USD)"] == "195,949"


def test_a_mad_expenditure_is_converted_at_the_years_rate(demo_url):
    app = page_as("budget", "coordinator")
    app.run()
    _record(app, line_code="ME", on=date(2016, 5, 4), description="Survey calls", amount="981", currency="MAD")
    # 981 MAD at the 2016 rate 9.81 = 100.00 USD.
    assert [s.value for s in app.success] == ["Expenditure recorded: US$100 at 9.81 per USD."]


def test_an_overspend_without_justification_is_refused_next_to_its_field(demo_url):
    app = page_as("budget", "coordinator")
    app.run()
    _record(app, line_code="OH", on=date(2017, 2, 10), description="Extra overhead", amount="5000")
    assert [e.value for e in app.error] == [
        "This expenditure takes line OH USD 4,580.00 over its budget: write a justification."]
    engine = make_engine(os.environ["DATABASE_URL"])
    with session_factory(engine)() as s:
        assert not s.scalars(select(Expenditure).where(Expenditure.description == "Extra overhead")).all()
    engine.dispose()


def test_viewer_sees_the_budget_without_the_expenditure_form(demo_url):
    app = page_as("budget", "viewer", lang="fr")
    app.run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Budget"]
    assert not [b for b in app.button if b.label == "Enregistrer la dépense"]
    assert len(app.get("vega_lite_chart")) == 2


def test_the_as_of_date_cuts_the_budget(demo_url):
    app = page_as("budget", "viewer")
    app.session_state["as_of_date"] = date(2014, 12, 31)
    app.run()
    # Demo spending by the end of 2014: the first two quarters, 10,645.64 + 18,218.06 = 28,863.70.
    assert _metrics(app)["Spent"] == "US$28,864"


def test_viewer_opens_the_iptt_with_status_counts_and_a_chart(demo_url):
    app = page_as("iptt", "viewer")
    app.run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Indicator Performance Tracking Table"]
    assert _metrics(app) == {"On track": "9", "Above target": "0", "Below target": "0", "Not reporting": "0"}
    table = app.dataframe[0].value
    assert "Life of project · Target" in table.columns and "2014-07 – 2014-12 · % met" in table.columns
    row = table[table["No."] == "1.1a"].iloc[0]
    assert (row["Life of project · Target"], row["Life of project · Actual"], row["Life of project · % met"]) == (
        "150", "135", "90 %")
    assert app.get("download_button")


def test_iptt_breakdown_rows_suppress_small_counts_for_viewers(demo_url):
    app = page_as("iptt", "viewer")
    app.run()
    app.toggle(key="iptt_breakdown").set_value(True).run()
    table = app.dataframe[0].value
    city_rows = table[table["Indicator"].str.startswith("city: ")]
    assert not city_rows.empty
    values = {v for column in table.columns if column.endswith("· Actual") for v in city_rows[column] if v != ""}
    assert "<5" in values  # the demo has city counts of 1–4: they must be there, hidden
    assert not values & {"1", "2", "3", "4"}


def test_iptt_export_has_ids_period_groups_and_no_personal_data(demo_url):
    engine = make_engine(os.environ["DATABASE_URL"])
    with session_factory(engine)() as s:
        lines = iptt(s, project_id=1, as_of=date(2017, 2, 28))
        periods = reporting_periods(s, project_id=1)
        people = [v for p in s.scalars(select(Participant)) for v in (p.full_name, p.phone, p.code) if v]
    engine.dispose()
    headers = Headers({k: k for k in ("id", "code", "indicator", "level", "unit", "direction", "cumulative",
                                      "measure_type", "baseline")}, {"target": "T", "actual": "A", "met": "%"},
                      "LOP", "Status", "Check")
    rows = iptt_rows(lines, periods, words=lambda kind, value: value, breakdown=True, suppress=True)
    rows.append({"row": "indicator", "indicator": "=HYPERLINK(\"x\")"})
    data = workbook(rows, groups(periods, period_label, "LOP"), headers, "IPTT")
    sheet = load_workbook(BytesIO(data)).active
    assert [c.value for c in sheet[2]][:10] == ["id", "code", "indicator", "level", "unit", "direction",
                                                "cumulative", "measure_type", "baseline", "LOP"]
    assert [c.value for c in sheet[2]][12] == "2014-07 – 2014-12"
    assert [c.value for c in sheet[3]][9:12] == ["T", "A", "%"]
    ids = [r[0].value for r in sheet.iter_rows(min_row=4) if r[0].value is not None]
    assert len(ids) == 9 and all(isinstance(i, int) for i in ids)
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert [p for p in people if p in text] == []
    assert "'=HYPERLINK(\"x\")" in text


def test_timeline_shows_the_gantt_and_milestones(demo_url):
    app = page_as("timeline", "viewer")
    app.session_state["as_of_date"] = date(2016, 12, 31)
    app.run()
    assert not app.exception
    metrics = _metrics(app)
    # On 31 Dec 2016: A2.2 (planned end 31 Dec 2016, no end) is not yet late; A1.4 ended 25 Nov 2016,
    # planned 30 Sep 2016 (56 days late); A2.1 ended 15 Jul 2016, planned 30 Jun (15 days late);
    # A1.1 ended 5 Sep 2014, planned 31 Aug 2014 (5 days late): three.
    assert metrics["Activities behind plan"] == "3"
    assert metrics["Upcoming milestones"] == "2"  # interim report 11 Feb, closing workshop 21 Feb (within 90 days)
    assert app.get("vega_lite_chart")


def test_admin_sees_the_framework_edit_forms_and_a_coordinator_does_not(demo_url):
    admin = page_as("results-framework", "admin")
    admin.run()
    assert not admin.exception
    assert "Change it" in [b.label for b in admin.button]
    coordinator = page_as("results-framework", "coordinator")
    coordinator.run()
    labels = [b.label for b in coordinator.button]
    assert "Change it" not in labels and "Save the result" in labels


def test_a_target_change_without_reason_is_refused_on_the_page(demo_url):
    app = page_as("results-framework", "admin")
    app.run()
    value = next(w for w in app.text_input if w.label == "New value")
    value.input("130")
    next(b for b in app.button if b.label == "Change it").click().run()
    assert "Give the reason for the change: it is kept with it." in [e.value for e in app.error]


def test_overview_shows_on_track_counts_and_milestones(demo_url):
    app = page_as("overview", "viewer")
    app.session_state["as_of_date"] = date(2017, 2, 15)
    app.run()
    assert not app.exception
    metrics = _metrics(app)
    # 2b (institutions adopting a measure, LOP target 3) has 2 by then: the third is reported for the
    # semester ending 28 Feb 2017, not yet over. 2 / 3 = 67 % → below target.
    assert (metrics["On track"], metrics["Below target"], metrics["Not reporting"]) == ("8", "1", "0")
    # On 15 Feb 2017 the closing workshop (21 Feb) is due within 90 days; nothing is late.
    assert "Closing workshop in Rabat: due 21 February 2017" in [i.value for i in app.info]
    assert "No milestone is late on this date." in [c.value for c in app.caption]


def test_the_global_as_of_date_drives_the_overview(demo_url):
    app = page_as("overview", "viewer")
    app.session_state["as_of_date"] = date(2015, 6, 30)
    app.run()
    # The IPTT query counts 73 women reached by 30 June 2015 (women with an enrolment by then).
    assert _metrics(app)["Women reached"] == "73"
    assert "Figures as of 30 June 2015 (change the date in the sidebar)." in [c.value for c in app.caption]


def test_admin_saves_the_line_amounts_through_the_rules(demo_url):
    app = page_as("budget", "admin")
    app.run()
    assert not app.exception
    assert "Save the quarterly plan" in [b.label for b in app.button]
    next(b for b in app.button if b.label == "Save the line amounts").click().run()
    # Unchanged lines still add up to 200,000 with staff + office = 60,000: saved.
    assert [s.value for s in app.success] == ["Saved."]
