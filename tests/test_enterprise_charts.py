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
ROWS = pd.DataFrame({"group": ["SN", "SN", "CM", "CM"], "phase": ["running", "rejected", "running", "rejected"],
                     "count": [6, 2, 3, 0]})


def _frames(suppress: bool):
    from domain.disclosure import disclose

    disclosed = disclose(ROWS, ["count"], ["group"], across=["phase"], category_totals_shown=True,
                         suppress=suppress)
    return breakdown_frames(disclosed, "nationality")


def test_viewers_see_hidden_cells_as_the_disclosure_layer_wrote_them_and_none_in_the_chart():
    chart, table = _frames(True)
    cells = table.set_index(table.columns[0])
    # Senegal rejected 2, Cameroon running 3 and Cameroon's total 3 are small. Column totals (9, 2) and the
    # plans' total (11) are shown, so each column and the Total column need a second hidden cell: Senegal
    # running 6 ("…"), Cameroon rejected 0 ("<5": under 5) and Senegal's total 8 ("…").
    assert cells.loc["Sénégal"].tolist() == ["…", "<5", "…"]
    assert cells.loc["Cameroun"].tolist() == ["<5", "<5", "<5"]
    assert chart.empty


def test_coordinators_see_every_count():
    chart, table = _frames(False)
    assert table.set_index(table.columns[0]).loc["Sénégal"].tolist() == ["6", "2", "8"]
    assert int(chart["count"].sum()) == 11


def test_plans_by_stage_conversions_and_survival_are_not_suppressed():
    """Plans and enterprises are not counts of people by a personal characteristic (domain.md)."""
    from components.pipeline_figures import conversion_frame, stage_frame, survival_frame
    from domain.pipeline import Conversion, Survival

    counts = {"draft": 0, "submitted": 6, "rejected": 3, "launched": 1, "operating_6m": 12}
    frame = stage_frame(counts).set_index("stage")
    assert frame.loc["rejected", "count_text"] == "3" and frame.loc["launched", "count"] == 1
    steps = [Conversion("approved", "disbursed", 14, 13, 13 / 14)]
    assert conversion_frame(steps).rate_text.str.replace(r"\s", "", regex=True).tolist() == ["93%"]
    assert "(13/14)" in conversion_frame(steps, detail=True).rate_text.tolist()[0]
    texts = survival_frame([Survival(12, 3, 3, 1.0)]).rate_text.str.replace(r"\s", "", regex=True).tolist()
    assert texts[0].startswith("100%") and "3" in texts[0]
