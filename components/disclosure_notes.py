"""What a viewer reads where counts were hidden (see domain.disclosure): one wording for every page."""
from __future__ import annotations

import streamlit as st

from components.i18n import num, t


def suppressed_note() -> None:
    """Under a chart or table whose small counts were hidden."""
    st.caption(t("disclosure.note"))


def all_hidden_note(total: int) -> None:
    """Instead of a chart whose every count is hidden: its total and why nothing is drawn."""
    st.info(t("disclosure.all_hidden", total=num(total)), icon=":material/visibility_off:")


def incomplete_note(total: int) -> None:
    """Instead of a breakdown that the totals shown elsewhere would give away, cell by cell."""
    st.info(t("disclosure.incomplete", total=num(total)), icon=":material/visibility_off:")
