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


def test_viewers_see_no_small_stage_count_and_a_lone_one_takes_a_neighbour_with_it():
    from components.pipeline_figures import stage_frame

    counts = {"draft": 0, "submitted": 6, "rejected": 3, "launched": 9, "operating_6m": 12}
    frame = stage_frame(counts, suppress=True).set_index("stage")
    # rejected 3 is small; total − the rest would give it back, so the next smallest (6) is withheld too
    assert frame.loc["rejected", "count_text"] == "<5" and frame.loc["submitted", "count_text"] == "…"
    assert frame["count"].isna().tolist() == [False, True, True, False, False]
    assert frame.loc["launched", "count_text"] == "9"
    staff = stage_frame(counts).set_index("stage")
    assert staff.loc["rejected", "count_text"] == "3" and staff.loc["rejected", "count"] == 3


def test_the_running_pair_is_hidden_together_since_its_sum_is_a_tile():
    from components.pipeline_figures import stage_frame

    counts = {"submitted": 2, "rejected": 4, "launched": 3, "operating_6m": 7}
    frame = stage_frame(counts, suppress=True).set_index("stage")
    assert frame.loc["operating_6m", "count_text"] == "…"  # 10 operating now − launched "<5" would give 3


def test_viewers_get_shares_only_and_none_that_gives_a_small_count_back():
    from components.pipeline_figures import conversion_frame, survival_frame
    from domain.pipeline import Conversion, Survival

    steps = [Conversion("draft", "submitted", 18, 18, 1.0), Conversion("submitted", "under_review", 18, 14, 14 / 18),
             Conversion("approved", "disbursed", 14, 13, 13 / 14), Conversion("disbursed", "launched", 20, 10, 0.5)]
    viewer = conversion_frame(steps, suppress=True)
    assert viewer.rate_text.str.replace(r"\s", "", regex=True).tolist() == ["100%", "–", "–", "50%"]
    assert viewer.rate.isna().tolist() == [False, True, True, False]
    assert "(13/14)" in conversion_frame(steps).rate_text.tolist()[2]
    kept = [Survival(3, 12, 12, 1.0), Survival(6, 9, 8, 8 / 9), Survival(12, 3, 3, 1.0)]
    texts = survival_frame(kept, suppress=True).rate_text.str.replace(r"\s", "", regex=True).tolist()
    assert texts[0].startswith("100%") and "12" in texts[0]
    assert texts[1].startswith("–") and "9" in texts[1]          # 1 closed would come back from 89 % of 9
    assert texts[2].startswith("–") and "<5" in texts[2] and "3" not in texts[2]


def test_a_lone_hidden_cell_in_a_column_takes_a_neighbour_with_it():
    # Column "running" is known from the stage chart: Senegal 9, Cameroon 6, Mali 2 (small).
    rows = pd.DataFrame({"group": ["SN", "SN", "CM", "CM", "ML", "ML"],
                         "status": ["launched", "rejected", "launched", "rejected", "launched", "rejected"],
                         "count": [9, 0, 6, 0, 2, 0]})
    _, table = breakdown_frames(rows, "nationality", suppress=True)
    running = table.set_index(table.columns[0])[table.columns[1]].to_dict()
    assert running["Mali"] == "<5"
    assert "…" in running.values(), running  # 17 − 9 − 6 would give Mali's 2 back
