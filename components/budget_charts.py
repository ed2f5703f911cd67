"""Budget charts: cumulative planned vs actual spending, and spending by line against its budget."""
from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from components.charts import PALETTE, themed

SERIES_COLOURS = ["#8C96A6", PALETTE["budget"]]


def cumulative_chart(curve: pd.DataFrame, *, as_of: date, title: str, x_title: str, y_title: str,
                     series_title: str) -> alt.Chart:
    """Cumulative planned vs actual USD by quarter, with a rule at the as-of date.

    `curve` has columns quarter (date), series (translated label), usd (running total); planned first.
    """
    data = curve.assign(quarter=pd.to_datetime(curve["quarter"]))
    order = list(dict.fromkeys(curve["series"]))
    lines = alt.Chart(data).mark_line(point=True, interpolate="monotone").encode(
        x=alt.X("quarter:T", title=x_title, axis=alt.Axis(format="%Y-%m")),
        y=alt.Y("usd:Q", title=y_title, axis=alt.Axis(format=",.0f")),
        color=alt.Color("series:N", title=series_title, sort=order,
                        scale=alt.Scale(domain=order, range=SERIES_COLOURS[:len(order)])),
        tooltip=[alt.Tooltip("series:N", title=series_title), alt.Tooltip("quarter:T", format="%Y-%m", title=x_title),
                 alt.Tooltip("usd:Q", format=",.0f", title=y_title)],
    )
    rule = alt.Chart(pd.DataFrame({"as_of": [pd.Timestamp(as_of)]})).mark_rule(
        color="#C8102E", strokeDash=[4, 3]).encode(x="as_of:T")
    return themed(alt.layer(lines, rule).properties(title=title, height=320))


def lines_chart(lines: pd.DataFrame, *, title: str, x_title: str, measure_title: str) -> alt.Chart:
    """Per line: budget, planned to date and spent, as grouped horizontal bars.

    `lines` has columns line (label), measure (translated), usd.
    """
    order = list(dict.fromkeys(lines["measure"]))
    chart = alt.Chart(lines).mark_bar().encode(
        y=alt.Y("line:N", title=None, sort=list(dict.fromkeys(lines["line"])), axis=alt.Axis(labelLimit=300)),
        yOffset=alt.YOffset("measure:N", sort=order),
        x=alt.X("usd:Q", title=x_title, axis=alt.Axis(format=",.0f")),
        color=alt.Color("measure:N", title=measure_title, sort=order,
                        scale=alt.Scale(domain=order, range=["#D0D5DD", "#8C96A6", PALETTE["budget"]][:len(order)])),
        tooltip=[alt.Tooltip("line:N", title=" "), alt.Tooltip("measure:N", title=measure_title),
                 alt.Tooltip("usd:Q", format=",.0f", title=x_title)],
    )
    return themed(chart.properties(title=title))
