"""Cohort chart builders: titles, axes and data as the specs say."""
from __future__ import annotations

from datetime import date

import pandas as pd

from components.cohort_charts import (
    attendance_by_cohort_chart, attendance_over_time_chart, breakdown_chart, funnel_chart,
)


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _rows(spec: dict) -> list[dict]:
    return [row for rows in spec["datasets"].values() for row in rows]


def test_funnel_chart_keeps_stage_order_and_shows_the_hidden_count_as_text():
    stages = pd.DataFrame({"stage": ["enrolled", "placed"], "label": ["Inscrites", "En emploi"],
                           "count": [12, None], "shown": ["12", "<5"]})
    spec = funnel_chart(stages, title="De l'inscription à l'emploi", count_title="Participantes").to_dict()
    bar = _layers(spec)[0]
    assert spec["title"] == "De l'inscription à l'emploi"
    assert bar["encoding"]["y"]["sort"] == ["Inscrites", "En emploi"]
    assert bar["encoding"]["x"]["title"] == "Participantes"
    assert {r["label"]: (r["count"], r["shown"]) for r in _rows(spec)} == {
        "Inscrites": (12, "12"), "En emploi": (None, "<5")}


def test_breakdown_chart_groups_stages_within_each_category():
    table = pd.DataFrame({"category": ["Femmes", "Femmes"], "stage_label": ["Inscrites", "Certifiées"],
                          "count": [20, 15], "shown": ["20", "15"]})
    spec = breakdown_chart(table, title="Entonnoir par sexe", count_title="Participantes", stage_title="Étape").to_dict()
    assert spec["encoding"]["yOffset"]["field"] == "stage_label"
    assert spec["encoding"]["color"]["title"] == "Étape"
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Inscrites", "Certifiées"]


def test_attendance_by_cohort_has_a_rule_at_the_threshold():
    spec = attendance_by_cohort_chart(pd.DataFrame({"code": ["VT-CAS-01"], "rate": [0.88]}),
                                      title="Taux de présence par cohorte", rate_title="Taux de présence",
                                      threshold=0.8).to_dict()
    bar, rule = _layers(spec)
    assert bar["encoding"]["x"]["axis"]["format"] == "%" and bar["encoding"]["x"]["scale"]["domain"] == [0, 1]
    assert {"rate": 0.8} in _rows(spec)


def test_attendance_over_time_uses_the_whole_project_period_as_its_axis():
    months = pd.DataFrame({"month": [date(2015, 1, 1)], "rate": [0.75]})
    spec = attendance_over_time_chart(months, title="Par mois", rate_title="Taux", month_title="Mois",
                                      threshold=0.8).to_dict()
    x = _layers(spec)[0]["encoding"]["x"]
    assert x["scale"]["domain"] == ["2014-07-01T00:00:00", "2017-02-28T00:00:00"]
    assert (x["title"], spec["title"]) == ("Mois", "Par mois")
