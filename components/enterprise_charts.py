"""Charts of the micro-enterprise pipeline: pure functions from small frames to `alt.Chart`.

Every title and label arrives already translated from the page.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from components.charts import PALETTE, themed

BAR = PALETTE["budget"]
# One colour per phase of a plan, distinct for colour-blind readers.
PHASE_COLOURS = {"in_preparation": "#8C96A6", "approved": "#5B8DEF", "running": "#0033A0",
                 "rejected": "#D98C2B", "closed": "#A23B3B"}


def _bars(frame: pd.DataFrame, *, category: str, value: str, title: str, value_title: str,
          value_format: str, text_column: str) -> alt.Chart:
    """Horizontal bars in the frame's order, each labelled with its formatted value."""
    order = list(frame[category])
    base = alt.Chart(frame).encode(y=alt.Y(f"{category}:N", sort=order, title=None,
                                           axis=alt.Axis(labelLimit=260)))
    bars = base.mark_bar(color=BAR, height=20, cornerRadiusEnd=3).encode(
        x=alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(format=value_format)),
        tooltip=[alt.Tooltip(f"{category}:N", title=" "), alt.Tooltip(f"{text_column}:N", title=value_title)])
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(x=f"{value}:Q", text=f"{text_column}:N")
    return themed(alt.layer(bars, text).properties(title=title, height=alt.Step(28)))


def stage_chart(frame: pd.DataFrame, *, title: str, count_title: str) -> alt.Chart:
    """Plans per stage. `frame`: stage_label, count, count_text."""
    return _bars(frame, category="stage_label", value="count", title=title, value_title=count_title,
                 value_format="d", text_column="count_text")


def conversion_chart(frame: pd.DataFrame, *, title: str, rate_title: str) -> alt.Chart:
    """Share of plans going on from one stage to the next. `frame`: step_label, rate (0–1), rate_text."""
    return _bars(frame, category="step_label", value="rate", title=title, value_title=rate_title,
                 value_format="%", text_column="rate_text")


def days_chart(frame: pd.DataFrame, *, title: str, days_title: str) -> alt.Chart:
    """Median days spent in each stage. `frame`: stage_label, days, days_text."""
    return _bars(frame, category="stage_label", value="days", title=title, value_title=days_title,
                 value_format="d", text_column="days_text")


def money_chart(frame: pd.DataFrame, *, title: str, usd_title: str) -> alt.Chart:
    """USD requested, approved and paid out beside the start-up line. `frame`: step_label, usd, usd_text."""
    return _bars(frame, category="step_label", value="usd", title=title, value_title=usd_title,
                 value_format=",d", text_column="usd_text")


def survival_chart(frame: pd.DataFrame, *, title: str, rate_title: str) -> alt.Chart:
    """Share of enterprises still operating 3, 6 and 12 months after launch. `frame`: months_label, rate, rate_text."""
    return _bars(frame, category="months_label", value="rate", title=title, value_title=rate_title,
                 value_format="%", text_column="rate_text")


def breakdown_chart(frame: pd.DataFrame, *, title: str, count_title: str, phase_title: str,
                    phase_labels: dict[str, str]) -> alt.Chart:
    """Stacked bars per group (sex, nationality, city or sector), coloured by phase.

    `frame`: group_label, phase, phase_label, count. Suppressed cells are left out by the page.
    """
    phases = [p for p in PHASE_COLOURS if p in phase_labels]
    colours = alt.Scale(domain=[phase_labels[p] for p in phases], range=[PHASE_COLOURS[p] for p in phases])
    chart = alt.Chart(frame).mark_bar(height=20).encode(
        y=alt.Y("group_label:N", title=None, sort="-x", axis=alt.Axis(labelLimit=260)),
        x=alt.X("sum(count):Q", title=count_title, axis=alt.Axis(format="d")),
        color=alt.Color("phase_label:N", title=phase_title, scale=colours, sort=[phase_labels[p] for p in phases],
                        legend=alt.Legend(labelLimit=0, columns=3)),
        order=alt.Order("phase_order:Q"),
        tooltip=[alt.Tooltip("group_label:N", title=" "), alt.Tooltip("phase_label:N", title=phase_title),
                 alt.Tooltip("count:Q", title=count_title)],
    ).properties(title=title, height=alt.Step(28))
    return themed(chart)
