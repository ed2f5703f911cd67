"""IPTT chart: each indicator's % of its LOP target met, coloured by on-track status, band at 85–115 %."""
from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts import themed

STATUS_COLOURS = {"on_track": "#2E8B57", "above": "#0033A0", "below": "#C8102E", "not_reporting": "#8C96A6"}


def lop_met_chart(rows: pd.DataFrame, *, title: str, share_title: str, status_title: str) -> alt.Chart:
    """`rows` has columns label, met (0–1, NaN when blank), status, status_label."""
    data = rows.fillna({"met": 0.0})
    present = [s for s in STATUS_COLOURS if (data.status == s).any()]
    labels = [data.loc[data.status == s, "status_label"].iloc[0] for s in present]
    band = alt.Chart(pd.DataFrame({"low": [0.85], "high": [1.15]})).mark_rect(opacity=0.12, color="#2E8B57").encode(
        x="low:Q", x2="high:Q")
    bars = alt.Chart(data).mark_bar(height=18).encode(
        y=alt.Y("label:N", sort=list(data["label"]), title=None, axis=alt.Axis(labelLimit=360)),
        x=alt.X("met:Q", title=share_title, axis=alt.Axis(format="%")),
        color=alt.Color("status_label:N", title=status_title,
                        scale=alt.Scale(domain=labels, range=[STATUS_COLOURS[s] for s in present])),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("met:Q", format=".0%", title=share_title),
                 alt.Tooltip("status_label:N", title=status_title)])
    return themed(alt.layer(band, bars).properties(title=title, height=alt.Step(28)))
