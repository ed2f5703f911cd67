"""Chart builders for capacity building: what each chart encodes, read from its Vega-Lite dict."""
from datetime import date

import pandas as pd

from components.stakeholder_charts import (
    action_status_chart, events_timeline_chart, learning_gain_chart, participants_chart,
)

TYPES = {"training": "Formation", "workshop": "Atelier"}


def test_the_timeline_spans_the_project_and_sizes_dots_by_participants():
    events = pd.DataFrame({"title": ["A", "B"], "event_type": ["training", "workshop"],
                           "start_date": [date(2015, 6, 16), date(2016, 2, 23)], "participants": [12, 20]})
    spec = events_timeline_chart(events, period=(date(2014, 7, 1), date(2017, 2, 28)), type_labels=TYPES,
                                 title="Événements", date_title="Date", type_title="Type",
                                 participants_title="Participants", event_title="Événement").to_dict()
    assert spec["title"] == "Événements"
    assert spec["encoding"]["x"]["scale"]["domain"] == ["2014-07-01", "2017-02-28"]
    assert spec["encoding"]["size"]["field"] == "participants"
    assert spec["encoding"]["color"]["title"] == "Type"  # the rows name the types themselves
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Formation", "Atelier"]


def test_participants_are_stacked_by_sex_with_translated_labels():
    groups = pd.DataFrame({"group": ["Gouvernement · Central"] * 2, "sex": ["women", "men"], "count": [4, 6],
                           "shown": ["4", "6"]})
    spec = participants_chart(groups, sex_labels={"women": "Femmes", "men": "Hommes"}, title="Présences",
                              count_title="Présences", group_title="Groupe", sex_title="Sexe").to_dict()
    assert spec["encoding"]["x"] == {"field": "count", "type": "quantitative", "title": "Présences", "stack": "zero"}
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Femmes", "Hommes"]
    assert spec["encoding"]["tooltip"][2]["field"] == "shown"  # "<5" for viewers, never the hidden number


def test_learning_gain_draws_pre_and_post_on_the_event_scale():
    scores = pd.DataFrame({"event": ["A"], "pre": [48.5], "post": [71.0], "gain": [22.5], "scale": [100.0]})
    spec = learning_gain_chart(scores, title="Progression", score_title="Note", event_title="Événement",
                               test_title="Test", pre_label="Pré-test", post_label="Post-test",
                               gain_title="Progression").to_dict()
    rule, dots, labels = spec["layer"]
    assert (rule["encoding"]["x"]["field"], rule["encoding"]["x2"]["field"]) == ("pre", "post")
    assert rule["encoding"]["x"]["scale"]["domain"] == [0, 100.0]
    assert dots["encoding"]["color"]["scale"]["domain"] == ["Pré-test", "Post-test"]
    assert labels["encoding"]["text"]["field"] == "gain"


def test_action_points_by_status_over_time_keep_status_order_and_colours():
    counts = pd.DataFrame({"day": [date(2015, 6, 30)] * 2, "status": ["done", "open"], "count": [1, 2]})
    spec = action_status_chart(counts, status_labels={"open": "Ouvert", "in_progress": "En cours",
                                                      "done": "Réalisé", "dropped": "Abandonné"},
                               title="Points d'action", date_title="Trimestre", count_title="Nombre",
                               status_title="Statut").to_dict()
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Ouvert", "En cours", "Réalisé", "Abandonné"]
    assert spec["encoding"]["y"]["stack"] == "zero" and spec["encoding"]["y"]["title"] == "Nombre"
