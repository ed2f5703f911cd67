"""The administrators' form that edits one record's English and French wording (an indicator's name, a
result statement, a budget line's name): one write service, the version the form loaded, refusals by field."""
from __future__ import annotations

import streamlit as st

from components.forms import apply_write
from components.i18n import t
from components.versioned import EditedRecord
from db.actor import Actor
from db.services.wordings import reword, worded_kind
from domain.inputs import parse
from domain.wordings import Rewording


def wording_form(actor: Actor, kind: type[Rewording], record_id: int, *, english: str, french: str | None,
                 version: int, short: bool = False) -> None:
    """Both wordings of the record `record_id` of `kind`, editable; `short` names fit on one line."""
    worded = worded_kind(kind)
    id_field = worded.id_field
    edited = EditedRecord(f"wording_{worded.entity}", record_id)
    loaded = edited.loaded_version(version)  # kept until saved
    box = st.text_input if short else st.text_area
    with st.form(edited.key("form")):
        new_english = box(t("wording.english"), value=english, key=edited.key("english"))
        slot_english = st.empty()
        new_french = box(t("wording.french"), value=french if isinstance(french, str) else "", key=edited.key("french"),
                         help=t("wording.french_help"))
        slot_french = st.empty()
        submitted = st.form_submit_button(t("wording.save"), type="primary")
    if submitted:  # outside the form: a stale save offers a button with a callback, which no form may hold
        raw = {id_field: record_id, "english": new_english, "french": new_french, "expected_version": loaded}
        apply_write(lambda s: reword(s, actor=actor, given=parse(kind, raw)),
                    {"english": slot_english, "french": slot_french, id_field: slot_english},
                    t("wording.saved"), edited=edited,
                    mine={worded.english: new_english, worded.french: new_french or None},
                    labels={worded.english: t("wording.english"), worded.french: t("wording.french")})
