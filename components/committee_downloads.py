"""The deck and report buttons: built only when clicked (a callable download), for a meeting or the as-of date,
in the session's language. Every role may download: the files hold aggregates only."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.data import engine
from components.i18n import current_language, day, t
from db.engine import session_factory
from db.queries.overview import ProjectCard
from exports.committee_story import build_story
from exports.deck import build_deck
from exports.report import build_report

AS_OF = 0
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def download_buttons(card: ProjectCard, as_of: date, held: pd.DataFrame) -> None:
    st.subheader(t("committee.downloads"))
    choices = {AS_OF: t("committee.story_as_of", date=day(as_of))}
    choices |= {int(r.id): t("committee.meeting_label", date=day(r.held_on), place=r.place) for r in held.itertuples()}
    chosen = st.selectbox(t("committee.story_for"), list(choices), format_func=choices.get, key="story_for")
    lang, bind = current_language(), engine()
    meeting_id = None if chosen == AS_OF else chosen
    stem = f"{card.code}_{(as_of if meeting_id is None else 'meeting-' + str(meeting_id))}_{lang}"

    def story():
        with session_factory(bind)() as session:
            return build_story(session, lang=lang, as_of=as_of, meeting_id=meeting_id)

    left, right = st.columns(2)
    left.download_button(t("committee.deck"), data=lambda: build_deck(story()), file_name=f"{stem}.pptx", mime=PPTX,
                         icon=":material/slideshow:", on_click="ignore", key="download_deck")
    right.download_button(t("committee.report"), data=lambda: build_report(story()), file_name=f"{stem}.pdf",
                          mime="application/pdf", icon=":material/picture_as_pdf:", on_click="ignore",
                          key="download_report")
    st.caption(t("committee.downloads_help"))
