"""Chart builders of the progress pages: titles, axes and data as given."""
from __future__ import annotations

from datetime import date

import pandas as pd

from components.budget_charts import cumulative_chart, lines_chart
from components.iptt_charts import lop_met_chart
from components.timeline_charts import gantt_chart


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def test_cumulative_chart_has_titles_series_and_an_as_of_rule():
    curve = pd.DataFrame([{"quarter": date(2014, 7, 1), "series": "Prévu", "usd": 100.0},
                          {"quarter": date(2014, 7, 1), "series": "Dépensé", "usd": 80.0}])
    spec = cumulative_chart(curve, as_of=date(2014, 9, 30), title="Courbe", x_title="Trimestre", y_title="USD",
                            series_title="Série").to_dict()
    assert spec["title"] == "Courbe"
    line, rule = _layers(spec)
    assert line["encoding"]["x"]["title"] == "Trimestre" and line["encoding"]["y"]["title"] == "USD"
    assert line["encoding"]["color"]["scale"]["domain"] == ["Prévu", "Dépensé"]
    assert rule["mark"]["type"] == "rule"


def test_lines_chart_groups_measures_per_line():
    bars = pd.DataFrame([{"line": "VT", "measure": "Budget", "usd": 60000.0},
                         {"line": "VT", "measure": "Dépensé", "usd": 59100.0}])
    spec = lines_chart(bars, title="Lignes", x_title="USD", measure_title="Montant").to_dict()
    assert spec["title"] == "Lignes" and spec["encoding"]["x"]["title"] == "USD"
    assert spec["encoding"]["yOffset"]["field"] == "measure"


def test_lop_met_chart_colours_by_status_with_a_band():
    rows = pd.DataFrame([{"label": "1a", "met": 0.9, "status": "on_track", "status_label": "En bonne voie"},
                         {"label": "2b", "met": None, "status": "not_reporting", "status_label": "Sans données"}])
    spec = lop_met_chart(rows, title="LOP", share_title="% atteint", status_title="Statut").to_dict()
    band, bars = _layers(spec)
    assert band["mark"]["type"] == "rect"
    assert bars["encoding"]["x"]["title"] == "% atteint"
    assert bars["encoding"]["color"]["scale"] == {"domain": ["En bonne voie", "Sans données"],
                                                  "range": ["#2E8B57", "#8C96A6"]}


def test_gantt_marks_slipped_bars_red_and_puts_milestones_on_their_row():
    bars = pd.DataFrame([
        {"label": "A1", "kind": "planned", "kind_label": "prévu", "start": date(2014, 7, 1), "end": date(2014, 8, 31),
         "state_label": "", "slipped": False, "detail": ""},
        {"label": "A1", "kind": "actual", "kind_label": "réalisé", "start": date(2014, 7, 7), "end": date(2014, 9, 5),
         "state_label": "en retard", "slipped": True, "detail": "5 jours"}])
    marks = pd.DataFrame([{"label": "Comité", "due": date(2014, 10, 16), "state_label": "réalisé"}])
    spec = gantt_chart(bars, marks, as_of=date(2015, 1, 1), title="Plan", time_title="Date", state_title="Réalisé",
                       milestone_row="Jalons").to_dict()
    planned, actual, rule, diamonds = _layers(spec)
    assert planned["encoding"]["y"]["sort"] == ["A1", "Jalons"]
    assert actual["encoding"]["color"]["scale"] == {"domain": ["en retard"], "range": ["#C8102E"]}
    assert diamonds["encoding"]["y"]["field"] == "row" and diamonds["mark"]["shape"] == "diamond"
    assert spec["title"] == "Plan"
