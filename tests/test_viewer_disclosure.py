"""What a viewer's browser receives, page by page, on the demo data: no count of 1–4 people by a personal
characteristic in any chart's data or any table, and the same figure wherever it appears."""
from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest

from components.navigation import pages_for
from db.actor import VIEWER
from tests.page_harness import page_as

# Every chart a viewer can get, by the start of its English title: True when it counts people by a personal
# characteristic (its counts are disclosed), False when it does not (plans, events, shares, money, dates).
# A new chart must be added here, so someone decides which kind it is.
CHARTS = {
    "Progress as of": False, "Share of the life-of-project target met": False, "Workplan:": False,
    "Cumulative planned and actual spending": False, "Budget, planned to date and spent by line": False,
    "From enrolment to employment": False, "Funnel by": True, "Attendance rate by": False,
    "Events on the project timeline": False, "Attendances by institution type and level, by sex": True,
    "Learning gain per event": False, "Action points by status": False, "Business plans by current status": False,
    "Conversion between stages": False, "Median days in each stage": False, "Amounts requested, approved": False,
    "Enterprises still operating": False, "By sex": True, "By nationality": True, "By city": True,
    "By sector": False,
}
# Column names that would carry a count per sex to the browser outside the disclosure layer.
RAW_SEX_COLUMNS = {"women", "men"}
SMALL = {"1", "2", "3", "4"}
AS_OF_DAYS = (date(2015, 6, 30), None)  # None: the default, the last day with data


def _charts(app) -> list[tuple[str, list]]:
    """(title, [data frames]) of every chart on the page, as Streamlit ships them beside the spec."""
    import json

    out = []
    for chart in app.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        title = spec.get("title") or next((layer["title"] for layer in spec.get("layer", []) if "title" in layer), "")
        title = title if isinstance(title, str) else title.get("text", "")
        out.append((title, [pa.ipc.open_stream(d.data.data).read_pandas() for d in chart.proto.datasets]))
    return out


def _kind(title: str) -> bool:
    kinds = [breakdown for start, breakdown in CHARTS.items() if title.startswith(start)]
    assert kinds, f"chart {title!r} is not classified in CHARTS"
    return kinds[0]


def _variants(url_path: str):
    """The page as first shown, and with each breakdown a viewer can choose."""
    yield {}
    if url_path == "cohort-progress":
        for group in (0, 1):
            for dimension in ("sex", "age_band", "nationality", "city"):
                yield {"selectbox:progress_group": group, "button_group:progress_dimension": dimension}
    if url_path == "enterprise-pipeline":
        for dimension in ("nationality", "city", "sector"):
            yield {"radio:enterprise_breakdown": dimension}
    if url_path == "iptt":
        yield {"toggle:iptt_breakdown": True}


def _open(url_path: str, day: date | None, choices: dict):
    app = page_as(url_path, "viewer")
    if day is not None:
        app.session_state["as_of_date"] = day
    app.run()
    for widget, value in choices.items():
        kind, key = widget.split(":")
        getattr(app, kind)(key=key).set_value(value).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def _scan(app, where: str, tables: bool = True) -> tuple[int, int]:
    """Assert the page holds no small count where it must not; returns (breakdown charts, '<5' seen).
    `tables=False` when the page's breakdown table is not by a personal characteristic (plans by sector)."""
    breakdowns, hidden_seen = 0, 0
    for title, frames in _charts(app):
        breakdown = _kind(title)
        for frame in frames:
            assert not RAW_SEX_COLUMNS & set(frame.columns), f"{where}: {title} ships {set(frame.columns)}"
            if not breakdown:
                continue
            breakdowns += 1
            for column in frame.columns:
                values = frame[column].dropna().tolist()
                numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
                assert not [v for v in numbers if 0 < v < 5], f"{where}: {title}.{column} = {numbers}"
                texts = [v for v in values if isinstance(v, str)]
                assert not SMALL & set(texts), f"{where}: {title}.{column} = {texts}"
                hidden_seen += texts.count("<5")
    for table in app.dataframe if tables else []:
        frame = table.value
        breakdown_rows = frame
        if "Indicator" in frame.columns:  # the IPTT: only its disaggregation rows are breakdowns
            personal = r"^(sex|age_band|nationality|city|children): "
            breakdown_rows = frame[frame["Indicator"].astype(str).str.match(personal)]
        elif not {"Sex", "Age band", "Nationality", "City", "Group"} & set(frame.columns):
            continue
        cells = {str(v) for column in breakdown_rows.columns[1:] for v in breakdown_rows[column]}
        if "Indicator" in frame.columns:
            cells = {str(v) for column in breakdown_rows.columns if column.endswith("· Actual")
                     for v in breakdown_rows[column]}
        assert not SMALL & cells, f"{where}: a table shows {SMALL & cells}"
        hidden_seen += sum(1 for c in cells if c == "<5")
    return breakdowns, hidden_seen


@pytest.mark.parametrize("url_path", [p.url_path for p in pages_for(VIEWER)])
def test_a_viewer_page_ships_no_count_of_one_to_four_people_by_a_personal_characteristic(demo_url, url_path):
    for day in AS_OF_DAYS:
        for choices in _variants(url_path):
            _scan(_open(url_path, day, choices), f"{url_path} {day} {choices}",
                  tables="sector" not in choices.values())


def test_the_scan_sees_hidden_counts_so_it_is_not_looking_at_nothing(demo_url):
    """The demo data has small breakdown cells: the viewer pages must show them as "<5" somewhere."""
    seen = breakdowns = 0
    for url_path, choices in (("capacity-building", {}), ("iptt", {"toggle:iptt_breakdown": True}),
                              ("cohort-progress", {"button_group:progress_dimension": "nationality"})):
        charts, hidden = _scan(_open(url_path, None, choices), url_path)
        breakdowns, seen = breakdowns + charts, seen + hidden
    assert breakdowns >= 2 and seen >= 3, (breakdowns, seen)


def test_the_capacity_chart_sends_no_per_event_or_hidden_count(demo_url):
    app = _open("capacity-building", None, {})
    by_title = dict(_charts(app))
    events = by_title["Events on the project timeline, by type (dot size: participants)"][0]
    assert set(events.columns) >= {"title", "participants"} and not RAW_SEX_COLUMNS & set(events.columns)
    groups = by_title["Attendances by institution type and level, by sex"][0]
    hidden = groups[groups["shown"].isin(["<5", "…"])]
    assert not hidden.empty and hidden["count"].isna().all()  # nothing to add up behind a hidden cell


@pytest.mark.parametrize("day", [date(2015, 6, 30), date(2015, 9, 30), date(2016, 3, 31), date(2017, 2, 28)])
def test_viewer_iptt_and_pipeline_give_the_same_number_of_approved_plans(demo_url, day):
    iptt = _open("iptt", day, {}).dataframe[0].value
    approved_in_iptt = iptt.loc[iptt["No."] == "1.2a", "Life of project · Actual"].item()
    pipeline = {m.label: m.value for m in _open("enterprise-pipeline", day, {}).metric}
    assert approved_in_iptt == pipeline["Plans approved"]


def test_a_hidden_cell_of_cohort_progress_cannot_be_worked_out_from_the_funnel(demo_url):
    """Per stage, the funnel (shown) is the sum of the breakdown's column: a column never holds one hidden cell."""
    for group in (0, 1, 2):
        for dimension in ("age_band", "nationality", "city"):
            app = _open("cohort-progress", None, {"selectbox:progress_group": group,
                                                   "button_group:progress_dimension": dimension})
            if not app.dataframe:
                assert [i.value for i in app.info], "neither a table nor a sentence saying why"
                continue
            wide = app.dataframe[0].value
            for column in wide.columns[1:]:
                hidden = [v for v in wide[column] if v in ("<5", "…")]
                assert len(hidden) != 1, (group, dimension, column, wide[column].tolist())


def test_coordinators_see_the_exact_counts_the_viewer_does_not(demo_url):
    viewer = _open("capacity-building", None, {})
    coordinator = page_as("capacity-building", "coordinator").run()
    title = "Attendances by institution type and level, by sex"
    assert "<5" in set(dict(_charts(viewer))[title][0]["shown"])
    exact = dict(_charts(coordinator))[title][0]
    assert not exact["count"].isna().any() and "<5" not in set(exact["shown"])
