"""The opening every project page shares: the role gate, the project, the title and any pending flash."""
from __future__ import annotations

import streamlit as st

from components.auth import require
from components.data import read
from components.forms import show_flash
from components.i18n import t
from db.actor import Actor
from db.queries.overview import ProjectCard, project_card


def open_project_page(title_key: str, *roles: str, dashboard: bool = False) -> tuple[Actor, ProjectCard] | None:
    """Gate the page to `roles`, show its title, and return the user and the project; None when the page
    must stop (refused, or no project loaded yet, which is said in plain words).

    A `dashboard` (a page of figures a committee may be shown) says so when the data is illustrative."""
    actor = require(*roles)
    if actor is None:
        return None
    st.title(t(title_key))
    card = read(project_card)
    if card is None:
        st.info(t("overview.no_project"))
        return None
    if dashboard and card.is_illustrative:
        st.warning(t("common.illustrative"), icon=":material/science:")
    show_flash()
    return actor, card
