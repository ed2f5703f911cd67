"""The workplan Gantt chart: planned bars, actual bars on top, slipped ones in red, an as-of rule."""
from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from components.charts import themed

PLANNED, ON_TIME, SLIPPED = "#D0D5DD", "#0033A0", "#C8102E"


def gantt_chart(bars: pd.DataFrame, milestones: pd.DataFrame, *, as_of: date, title: str, time_title: str,
                state_title: str, milestone_row: str) -> alt.Chart:
    """A Gantt over the project period, milestones as diamonds on their own last row (`milestone_row`).

    `bars`: label, kind ("planned"/"actual"), kind_label, start, end, state_label, slipped (bool), detail.
    `milestones`: label, due (date), state_label.
    """
    data = bars.assign(start=pd.to_datetime(bars["start"]), end=pd.to_datetime(bars["end"]))
    order = list(dict.fromkeys(bars["label"])) + [milestone_row]
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=360))
    planned = alt.Chart(data[data.kind == "planned"]).mark_bar(height=16, color=PLANNED).encode(
        y=y, x=alt.X("start:T", title=time_title, axis=alt.Axis(format="%Y-%m")), x2="end:T",
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("kind_label:N", title=" "),
                 alt.Tooltip("start:T", format="%d/%m/%Y"), alt.Tooltip("end:T", format="%d/%m/%Y")])
    done = data[data.kind == "actual"]
    states = sorted(dict.fromkeys(zip(done["slipped"], done["state_label"])))  # on time first, then slipped
    actual = alt.Chart(done).mark_bar(height=7).encode(
        y=y, x="start:T", x2="end:T",
        color=alt.Color("state_label:N", title=state_title,
                        scale=alt.Scale(domain=[label for _, label in states],
                                        range=[SLIPPED if slipped else ON_TIME for slipped, _ in states])),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("detail:N", title=" "),
                 alt.Tooltip("start:T", format="%d/%m/%Y"), alt.Tooltip("end:T", format="%d/%m/%Y")])
    rule = alt.Chart(pd.DataFrame({"as_of": [pd.Timestamp(as_of)]})).mark_rule(
        color="#C8102E", strokeDash=[4, 3], strokeWidth=2).encode(x="as_of:T")
    layers = [planned, actual, rule]
    if not milestones.empty:
        marks = milestones.assign(due=pd.to_datetime(milestones["due"]), row=milestone_row)
        layers.append(alt.Chart(marks).mark_point(shape="diamond", size=90, filled=True, color="#333").encode(
            x="due:T", y=alt.Y("row:N", sort=order, title=None),
            tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("due:T", format="%d/%m/%Y"),
                                alt.Tooltip("state_label:N", title=" ")]))
    return themed(alt.layer(*layers).properties(title=title, height=alt.Step(26)))
