"""Chart builders: pure functions from data to `alt.Chart`, sharing one look."""
from __future__ import annotations

import altair as alt
import pandas as pd

from components.i18n import current_language

# IOM blue, then colours that stay distinct for colour-blind readers.
PALETTE = {"time": "#8C96A6", "budget": "#0033A0", "target": "#2E8B57"}
FONT = "Source Sans Pro, sans-serif"


# d3-format locales: axis labels and tooltips print 200 000 and 42 % in French, 200,000 and 42% in English.
NUMBER_LOCALES = {
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
    "fr": {"decimal": ",", "thousands": "\u202f", "grouping": [3], "currency": ["", "\u00a0$"], "percent": "\u202f%"},
}


def themed(chart: alt.Chart) -> alt.Chart:
    """The project's one look for every chart: fonts, no grid, legend below, numbers in the language the chart
    is built in."""
    chart = (chart.configure_axis(labelFont=FONT, titleFont=FONT, labelFontSize=12, titleFontSize=12,
                                  grid=False)
             .configure_view(strokeWidth=0)
             .configure_legend(labelFont=FONT, titleFont=FONT, orient="bottom"))
    chart.config.locale = alt.Locale(number=NUMBER_LOCALES[current_language()])
    return chart


def progress_chart(bars: pd.DataFrame, *, title: str, share_title: str, kind_title: str) -> alt.Chart:
    """Horizontal bars of shares (time elapsed, budget spent, targets met) with a rule at 100 % and at time.

    `bars` has columns label, kind, kind_label, share (0–1), detail (text for the tooltip).
    """
    order = list(bars["label"])
    base = alt.Chart(bars).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
    )
    colours = alt.Scale(domain=[bars.loc[bars.kind == k, "kind_label"].iloc[0] for k in PALETTE
                                if (bars.kind == k).any()],
                        range=[PALETTE[k] for k in PALETTE if (bars.kind == k).any()])
    share_max = max(1.0, float(bars["share"].max()) * 1.08)
    bar = base.mark_bar(height=22, cornerRadiusEnd=3).encode(
        x=alt.X("share:Q", title=share_title, axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, share_max])),
        color=alt.Color("kind_label:N", title=kind_title, scale=colours),
        tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("share:Q", format=".0%", title=share_title),
                 alt.Tooltip("detail:N", title=" ")],
    )
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(
        x="share:Q", text=alt.Text("share:Q", format=".0%"))
    full = alt.Chart(pd.DataFrame({"share": [1.0]})).mark_rule(color="#333", strokeDash=[2, 2]).encode(x="share:Q")
    elapsed = bars.loc[bars.kind == "time", "share"]
    layers = [bar, text, full]
    if not elapsed.empty:
        layers.append(alt.Chart(pd.DataFrame({"share": [float(elapsed.iloc[0])]}))
                      .mark_rule(color=PALETTE["time"], strokeWidth=2).encode(x="share:Q"))
    chart = alt.layer(*layers).properties(title=title, height=alt.Step(34))
    return themed(chart)
