"""Chart builders for the training cohorts: the funnel, breakdowns and attendance over time and by cohort.

Pure functions: the page passes translated titles; a count hidden for viewers arrives as None and is
drawn as no bar, with its "<5" label kept in the `shown` column.
"""
from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from components.charts import themed

PROJECT_AXIS = (date(2014, 7, 1), date(2017, 2, 28))
WHOLE_NUMBERS = alt.Axis(format="d", tickMinStep=1)  # people are counted whole
STAGE_COLOURS = ["#0033A0", "#3F6FC4", "#5B92E5", "#2E8B57", "#F2A900"]


def funnel_chart(stages: pd.DataFrame, *, title: str, count_title: str) -> alt.Chart:
    """Horizontal bars from enrolled down to placed; `stages` has stage, label, count (None if hidden), shown."""
    order = list(stages["label"])
    base = alt.Chart(stages).encode(y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)))
    bars = base.mark_bar(height=26, cornerRadiusEnd=3).encode(
        x=alt.X("count:Q", title=count_title, scale=alt.Scale(domainMin=0), axis=WHOLE_NUMBERS),
        color=alt.Color("label:N", sort=order, legend=None,
                        scale=alt.Scale(domain=order, range=STAGE_COLOURS[:len(order)])),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("shown:N", title=count_title)])
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(
        x=alt.X("count:Q"), text="shown:N")
    return themed(alt.layer(bars, text).properties(title=title, height=alt.Step(36)))


def breakdown_chart(table: pd.DataFrame, *, title: str, count_title: str, stage_title: str) -> alt.Chart:
    """Grouped bars per category of one dimension; `table` has category, stage_label, count, shown."""
    stage_order = list(dict.fromkeys(table["stage_label"]))
    category_order = list(dict.fromkeys(table["category"]))
    return themed(alt.Chart(table).mark_bar().encode(
        y=alt.Y("category:N", sort=category_order, title=None),
        yOffset=alt.YOffset("stage_label:N", sort=stage_order),
        x=alt.X("count:Q", title=count_title, scale=alt.Scale(domainMin=0), axis=WHOLE_NUMBERS),
        color=alt.Color("stage_label:N", sort=stage_order, title=stage_title,
                        scale=alt.Scale(domain=stage_order, range=STAGE_COLOURS[:len(stage_order)])),
        tooltip=[alt.Tooltip("category:N", title=" "), alt.Tooltip("stage_label:N", title=stage_title),
                 alt.Tooltip("shown:N", title=count_title)],
    ).properties(title=title))


def attendance_by_cohort_chart(cohorts: pd.DataFrame, *, title: str, rate_title: str,
                               threshold: float) -> alt.Chart:
    """Attendance rate per cohort with a rule at the completion threshold; `cohorts` has code, rate."""
    bars = alt.Chart(cohorts).mark_bar(cornerRadiusEnd=3, color="#0033A0").encode(
        y=alt.Y("code:N", sort=list(cohorts["code"]), title=None),
        x=alt.X("rate:Q", title=rate_title, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("code:N", title=" "), alt.Tooltip("rate:Q", format=".0%", title=rate_title)])
    rule = alt.Chart(pd.DataFrame({"rate": [threshold]})).mark_rule(color="#D22630", strokeDash=[4, 3]).encode(
        x="rate:Q")
    return themed(alt.layer(bars, rule).properties(title=title, height=alt.Step(26)))


def attendance_over_time_chart(months: pd.DataFrame, *, title: str, rate_title: str, month_title: str,
                               threshold: float) -> alt.Chart:
    """Monthly attendance rate on the project's 2014–2017 axis; `months` has month (a date) and rate."""
    frame = months.assign(month=pd.to_datetime(months["month"]))
    axis = alt.Scale(domain=[pd.Timestamp(PROJECT_AXIS[0]).isoformat(), pd.Timestamp(PROJECT_AXIS[1]).isoformat()])
    line = alt.Chart(frame).mark_line(point=True, color="#0033A0").encode(
        x=alt.X("month:T", title=month_title, scale=axis, axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("rate:Q", title=rate_title, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("month:T", format="%m/%Y", title=month_title),
                 alt.Tooltip("rate:Q", format=".0%", title=rate_title)])
    rule = alt.Chart(pd.DataFrame({"rate": [threshold]})).mark_rule(color="#D22630", strokeDash=[4, 3]).encode(
        y="rate:Q")
    return themed(alt.layer(line, rule).properties(title=title, height=260))
