"""Chart builders for capacity building: pure functions from prepared frames to `alt.Chart`.

Every title and label comes in as a parameter, already translated by the page.
"""
from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from components.charts import themed

# One colour per event type and per action-point status, kept across charts and languages.
EVENT_COLOURS = {"training": "#0033A0", "workshop": "#2E8B57", "policy_dialogue": "#E07B00",
                 "study_visit": "#7B4FA0", "steering_committee": "#8C96A6"}
SEX_COLOURS = {"women": "#C2185B", "men": "#0033A0"}
STATUS_COLOURS = {"open": "#E07B00", "in_progress": "#F2C14E", "done": "#2E8B57", "dropped": "#8C96A6"}


def _scale(labels: dict[str, str], colours: dict[str, str]) -> alt.Scale:
    """Colour scale over translated labels, in the fixed order of `colours`."""
    keys = [k for k in colours if k in labels]
    return alt.Scale(domain=[labels[k] for k in keys], range=[colours[k] for k in keys])


def events_timeline_chart(events: pd.DataFrame, *, period: tuple[date, date], type_labels: dict[str, str],
                          title: str, date_title: str, type_title: str, participants_title: str,
                          event_title: str) -> alt.Chart:
    """Each event as a dot on the project timeline, one row per type, sized by its participants.

    `events` has columns title, event_type, start_date, participants; only those reach the browser (an
    event's women and men could be 1–4: they never leave the server).
    """
    events = events[["title", "event_type", "start_date", "participants"]]
    frame = events.assign(type_label=events["event_type"].map(type_labels),
                          start=pd.to_datetime(events["start_date"]))
    x = alt.X("start:T", title=date_title,
              scale=alt.Scale(domain=[period[0].isoformat(), period[1].isoformat()]),
              axis=alt.Axis(format="%m/%Y", tickCount={"interval": "month", "step": 6}))
    chart = alt.Chart(frame).mark_circle(opacity=0.85, stroke="white", strokeWidth=1).encode(
        x=x,
        y=alt.Y("type_label:N", title=None, sort=[type_labels[k] for k in EVENT_COLOURS if k in type_labels],
                axis=alt.Axis(labelLimit=240)),
        size=alt.Size("participants:Q", title=participants_title, scale=alt.Scale(range=[60, 900])),
        color=alt.Color("type_label:N", title=type_title, scale=_scale(type_labels, EVENT_COLOURS), legend=None),
        tooltip=[alt.Tooltip("title:N", title=event_title), alt.Tooltip("start:T", title=date_title, format="%d/%m/%Y"),
                 alt.Tooltip("participants:Q", title=participants_title)],
    ).properties(title=title, height=alt.Step(44))
    return themed(chart)


def participants_chart(groups: pd.DataFrame, *, sex_labels: dict[str, str], title: str, count_title: str,
                       group_title: str, sex_title: str) -> alt.Chart:
    """Stacked bars of attendances per institution type and level, split by sex.

    `groups` has columns group (translated "type · level"), sex (women/men), count, shown (the count as the
    reader may see it, from `domain.disclosure`); a hidden cell arrives with count <NA> and is not drawn.
    """
    groups = groups[["group", "sex", "count", "shown"]]
    frame = groups.assign(sex_label=groups["sex"].map(sex_labels), shown=groups["shown"].astype(str))
    order = list(dict.fromkeys(frame["group"]))
    chart = alt.Chart(frame).mark_bar(height=20).encode(
        y=alt.Y("group:N", title=group_title, sort=order, axis=alt.Axis(labelLimit=260)),
        x=alt.X("count:Q", title=count_title, stack="zero"),
        color=alt.Color("sex_label:N", title=sex_title, scale=_scale(sex_labels, SEX_COLOURS)),
        order=alt.Order("sex:N", sort="descending"),
        tooltip=[alt.Tooltip("group:N", title=group_title), alt.Tooltip("sex_label:N", title=sex_title),
                 alt.Tooltip("shown:N", title=count_title)],
    ).properties(title=title, height=alt.Step(30))
    return themed(chart)


def learning_gain_chart(scores: pd.DataFrame, *, title: str, score_title: str, event_title: str,
                        test_title: str, pre_label: str, post_label: str, gain_title: str) -> alt.Chart:
    """A dumbbell per event: pre-test and post-test average on the event's scale, joined by the gain.

    `scores` has columns event (label), pre, post, gain (points), scale.
    """
    order = list(scores["event"])
    long = pd.concat([scores.assign(test=pre_label, score=scores["pre"]),
                      scores.assign(test=post_label, score=scores["post"])], ignore_index=True)
    y = alt.Y("event:N", title=None, sort=order, axis=alt.Axis(labelLimit=420))
    top = float(scores["scale"].max()) if not scores.empty else 100.0
    x_scale = alt.Scale(domain=[0, top])
    rule = alt.Chart(scores).mark_rule(strokeWidth=3, color="#8C96A6").encode(
        y=y, x=alt.X("pre:Q", title=score_title, scale=x_scale), x2="post:Q",
        tooltip=[alt.Tooltip("event:N", title=event_title), alt.Tooltip("gain:Q", title=gain_title, format="+.1f")])
    dots = alt.Chart(long).mark_circle(size=140, opacity=1).encode(
        y=y, x=alt.X("score:Q", title=score_title, scale=x_scale),
        color=alt.Color("test:N", title=test_title,
                        scale=alt.Scale(domain=[pre_label, post_label], range=["#8C96A6", "#0033A0"])),
        tooltip=[alt.Tooltip("event:N", title=event_title), alt.Tooltip("test:N", title=test_title),
                 alt.Tooltip("score:Q", title=score_title, format=".1f")])
    labels = alt.Chart(scores).mark_text(align="left", dx=10, fontSize=12).encode(
        y=y, x=alt.X("post:Q", scale=x_scale), text=alt.Text("gain:Q", format="+.1f"))
    return themed(alt.layer(rule, dots, labels).properties(title=title, height=alt.Step(36)))


def action_status_chart(counts: pd.DataFrame, *, status_labels: dict[str, str], title: str, date_title: str,
                        count_title: str, status_title: str) -> alt.Chart:
    """Stacked bars: how many action points were in each status at the end of each quarter.

    `counts` has columns day, status, count.
    """
    frame = counts.assign(status_label=counts["status"].map(status_labels), day=pd.to_datetime(counts["day"]),
                          rank=counts["status"].map({s: i for i, s in enumerate(STATUS_COLOURS)}))
    chart = alt.Chart(frame).mark_bar(size=18).encode(
        x=alt.X("day:T", title=date_title, axis=alt.Axis(format="%Y-%m")),
        y=alt.Y("count:Q", title=count_title, stack="zero", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("status_label:N", title=status_title, scale=_scale(status_labels, STATUS_COLOURS)),
        order=alt.Order("rank:Q"),
        tooltip=[alt.Tooltip("day:T", title=date_title, format="%d/%m/%Y"),
                 alt.Tooltip("status_label:N", title=status_title), alt.Tooltip("count:Q", title=count_title)],
    ).properties(title=title, height=300)
    return themed(chart)
