"""One section of the committee's story on screen, as presentation mode shows it: title, figures, table, chart,
(presentation mode puts the as-of date, data version and illustrative mark beside its controls)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from exports.committee_story import Section


def show_section(section: Section) -> None:
    st.title(section.title, anchor=False)
    if section.figures:  # big numbers a room can read, the label under each
        for column, figure in zip(st.columns(len(section.figures)), section.figures):
            column.markdown(f"### {figure.value}")
            column.caption(figure.label)
    for line in section.lines:
        st.markdown(line)
    table = None if section.table is None or not section.table.rows else pd.DataFrame(
        list(section.table.rows), columns=list(section.table.columns))
    if table is not None and section.chart is not None:
        left, right = st.columns([11, 9])
        left.table(table.set_index(table.columns[0]))
        right.altair_chart(section.chart, width="stretch")
    elif table is not None:
        st.table(table.set_index(table.columns[0]))
    elif section.chart is not None:
        st.altair_chart(section.chart, width="stretch")
