"""Enterprise chart builders and the breakdown table viewers see, checked on their specs and cells."""
from __future__ import annotations

import pandas as pd

from components.enterprise_charts import breakdown_chart, conversion_chart, stage_chart, survival_chart
from components.pipeline_figures import breakdown_frames


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def test_stage_chart_has_titles_and_keeps_pipeline_order():
    frame = pd.DataFrame({"stage_label": ["Draft", "Submitted"], "count": [2, 5], "count_text": ["2", "5"]})
    spec = stage_chart(frame, title="Plans by status", count_title="Plans").to_dict()
    assert spec["title"] == "Plans by status"
    bar = _layers(spec)[0]
    assert bar["encoding"]["x"]["title"] == "Plans"
    assert bar["encoding"]["y"]["sort"] == ["Draft", "Submitted"]


def test_conversion_and_survival_axes_are_percentages():
    conversion = pd.DataFrame({"step_label": ["a → b"], "rate": [0.75], "rate_text": ["75 % (3/4)"]})
    survival = pd.DataFrame({"months_label": ["3 months"], "rate": [1.0], "rate_text": ["100 % of 4"]})
    for chart in (conversion_chart(conversion, title="C", rate_title="Share"),
                  survival_chart(survival, title="S", rate_title="Share")):
        assert _layers(chart.to_dict())[0]["encoding"]["x"]["axis"]["format"] == "%"


def test_breakdown_chart_colours_phases_in_order():
    frame = pd.DataFrame({"group_label": ["Women"], "phase": ["running"], "phase_label": ["Running"],
                          "phase_order": [2], "count": [7]})
    spec = breakdown_chart(frame, title="By sex", count_title="Owners", phase_title="Phase",
                           phase_labels={"running": "Running", "closed": "Closed"}).to_dict()
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Running", "Closed"]
    assert spec["encoding"]["x"]["title"] == "Owners"


# Senegal: 6 running + 2 rejected; Cameroon: 3 running. Phases: running, rejected.
ROWS = pd.DataFrame({"group": ["SN", "SN", "SN", "CM"], "status": ["launched", "operating_6m", "rejected", "launched"],
                     "count": [2, 4, 2, 3]})


def test_viewers_see_small_counts_as_under_five_and_they_leave_the_chart():
    chart, table = breakdown_frames(ROWS, "nationality", suppress=True)
    cells = table.set_index(table.columns[0])
    # Senegal: running 2 + 4 = 6 shown; rejected 2 → "<5"; total 8 shown. The only other cell (running, 6)
    # would give the hidden 2 away as 8 − 6, so it is hidden too ("…").
    senegal = cells.loc["Sénégal"].tolist()
    assert senegal == ["…", "<5", "8"]
    assert cells.loc["Cameroun"].tolist()[-1] == "<5"  # a total of 3 is small as well
    assert chart.empty


def test_coordinators_see_every_count():
    chart, table = breakdown_frames(ROWS, "nationality", suppress=False)
    assert table.set_index(table.columns[0]).loc["Sénégal"].tolist() == ["6", "2", "8"]
    assert int(chart["count"].sum()) == 11
