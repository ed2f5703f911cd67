"""The door: every address answers with the login form, and the page asked for is kept for after the login.

`pages/` beside app.py makes Streamlit start each process in its old multipage mode (architecture.md):
until a session calls `st.navigation`, an address like /participants runs pages/participants.py as a script.
Each page module ends by calling `leave_old_multipage_mode` in that case, which switches the process to
`st.navigation` for good and reruns app.py, remembering the address so the visitor lands on it.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager

from components.navigation import PAGES, PageSpec, pages_for

DOOR_NOTE = "door_note"  # the address asked for is not open to the role: say so on the landing page
DOOR_PAGE = "door_page"  # the address a first visit asked for, before app.py took over


def every_address() -> list[str]:
    return [spec.url_path for spec in PAGES]


def landing_for(role: str) -> PageSpec:
    return pages_for(role)[0]


def leave_old_multipage_mode(page_file: str) -> None:
    """Run by a page module executed as a script: hand the visit over to app.py at the same address."""
    PagesManager.uses_pages_directory = False
    module = f"pages.{Path(page_file).stem}"
    st.session_state[DOOR_PAGE] = next((p.url_path for p in PAGES if p.render.__module__ == module), None)
    st.rerun()


def take_door_page(pages: list[StreamlitPage], current: StreamlitPage) -> None:
    """After a first visit handed over by `leave_old_multipage_mode`, go to the address it asked for."""
    wanted = st.session_state.pop(DOOR_PAGE, None)
    target = next((p for p in pages if p.url_path == wanted), None)
    if target is not None and target.url_path != current.url_path:
        st.switch_page(target)
