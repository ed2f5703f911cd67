"""The one as-of date of the app: chosen in the sidebar, kept in the session, read by every page."""
from __future__ import annotations

from datetime import date

import streamlit as st

from components.data import read
from components.i18n import t
from db.queries.overview import last_data_date, project_card

AS_OF_KEY = "as_of_date"
WIDGET_KEY = "as_of_widget"


def default_as_of(start: date, end: date, project_id: int) -> date:
    """The last date with data, kept inside the project period."""
    last = read(last_data_date, project_id=project_id) or end
    return min(max(last, start), end)


def as_of() -> date | None:
    """The as-of date every figure is cut at (None when there is no project yet)."""
    card = read(project_card)
    if card is None:
        return None
    kept = st.session_state.get(AS_OF_KEY)
    if kept is None:
        kept = default_as_of(card.start_date, card.end_date, card.id)
        st.session_state[AS_OF_KEY] = kept
    return min(max(kept, card.start_date), card.end_date)


def sidebar_control() -> None:
    """The sidebar date input; changing it changes the kept date, so every page follows."""
    current = as_of()
    if current is None:
        return
    card = read(project_card)

    def keep() -> None:
        st.session_state[AS_OF_KEY] = st.session_state[WIDGET_KEY]

    st.session_state[WIDGET_KEY] = current
    st.sidebar.date_input(t("overview.as_of"), min_value=card.start_date, max_value=card.end_date,
                          key=WIDGET_KEY, on_change=keep, help=t("overview.as_of_help"), format="DD/MM/YYYY")
