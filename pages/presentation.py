"""Presentation mode: the committee's story full screen, one section per screen, for a projector at 1280×720.
No sidebar and no entry form; previous/next buttons and the arrow keys; the session's as-of date and language.
Every role may present it (viewers included): it holds the same aggregates as the deck."""
from __future__ import annotations

import streamlit as st

from components.as_of import as_of as current_as_of
from components.auth import require
from components.committee_slides import show_section
from components.data import read
from components.i18n import current_language, t
from db.actor import ADMIN, COORDINATOR, VIEWER
from db.queries.overview import project_card
from exports.committee_story import SECTIONS, build_story

STEP_KEY = "presentation_step"
# Layout only, no user data: hide the sidebar and Streamlit's header, use the whole screen, large type.
SCREEN_CSS = """<style>
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"],
button[data-testid="stExpandSidebarButton"], header[data-testid="stHeader"],
div[data-testid="stVerticalBlock"] > div:has(div[data-testid="stSelectbox"]) { display: none !important; }
.block-container, div[data-testid="stMainBlockContainer"] { max-width: 100% !important;
  padding: 1.3rem 2rem 0 2rem !important; margin-top: -1.9rem; }
div[data-testid="stVerticalBlock"] { gap: 0.6rem; }
div[data-testid="stMarkdownContainer"] p { font-size: 1.25rem; }
h3 { font-size: 2.5rem !important; padding: 0 !important; }
div[data-testid="stTable"] td, div[data-testid="stTable"] th { font-size: 0.85rem !important;
  padding: 0.15rem 0.45rem !important; line-height: 1.25 !important; }
div[data-testid="stCaptionContainer"] p { font-size: 1.05rem !important; }
h1 { font-size: 2.2rem !important; padding: 0 0 0.2rem 0 !important; }
</style>"""


def render() -> None:
    if require(ADMIN, COORDINATOR, VIEWER) is None:
        return
    card = read(project_card)
    if card is None:
        st.info(t("overview.no_project"))
        return
    st.html(SCREEN_CSS)
    story = read(build_story, lang=current_language(), as_of=current_as_of())
    step = min(max(st.session_state.get(STEP_KEY, 0), 0), len(SECTIONS) - 1)
    _controls(step, story)
    show_section(story.sections[step])


def _move(by: int) -> None:
    st.session_state[STEP_KEY] = min(max(st.session_state.get(STEP_KEY, 0) + by, 0), len(SECTIONS) - 1)


def _controls(step: int, story) -> None:
    """Previous and next (the arrow keys too), where we are, the as-of date and data version, and the
    demo data's mark: on every screen, above the fold."""
    back, position, forward = st.columns([2, 7, 2], vertical_alignment="center")
    back.button(t("presentation.previous"), icon=":material/arrow_back:", shortcut="Left", key="slide_previous",
                on_click=_move, args=(-1,), disabled=step == 0, width="stretch")
    forward.button(t("presentation.next"), icon=":material/arrow_forward:", icon_position="right", shortcut="Right",
                   key="slide_next", on_click=_move, args=(1,), disabled=step == len(SECTIONS) - 1, width="stretch")
    position.caption(f"{t('presentation.position', n=step + 1, total=len(SECTIONS))} · {story.footnote}",
                     help=t("presentation.keys"))
    if story.illustrative:
        position.markdown(f":red[**{story.illustrative}**]")
