"""Institutions registry (coordinators and admins): the actors that organise and attend events."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.auth import require
from components.data import read
from components.forms import apply_write, show_flash
from components.i18n import t
from components.plain_text import t_plain
from components.stakeholder_labels import institution_type_labels, level_labels
from components.tables import table
from components.versioned import EditedRecord
from db.actor import ADMIN, COORDINATOR, Actor
from db.models.project import INSTITUTION_LEVELS, INSTITUTION_TYPES
from db.queries.stakeholders import institution_list
from db.services.institutions import create_institution, update_institution
from domain.inputs import parse
from domain.stakeholder_inputs import InstitutionChange, InstitutionInput

FIELDS = ("name", "acronym", "type", "level", "city")


def render() -> None:
    actor = require(ADMIN, COORDINATOR)
    if actor is None:
        return
    st.title(t("institutions.title"))
    st.caption(t("institutions.caption"))
    show_flash()
    institutions = read(institution_list)
    types, levels = institution_type_labels(), level_labels()
    table(
        institutions.assign(type=institutions["type"].map(types), level=institutions["level"].map(levels))
                    .drop(columns=["id", "version"]),
        hide_index=True, width="stretch",
        column_config={"name": t("institutions.name"), "acronym": t("institutions.acronym"),
                       "type": t("institutions.type"), "level": t("institutions.level"),
                       "city": t("institutions.city"),
                       "is_implementing_partner": st.column_config.CheckboxColumn(t("institutions.partner"))})
    add, edit = st.tabs([t("institutions.add"), t("institutions.edit")])
    with add:
        _form(actor, None, "add_institution")
    with edit:
        if not institutions.empty:
            labels = {int(r.id): r.name for r in institutions.itertuples()}
            chosen = st.selectbox(t("institutions.choose"), list(labels), format_func=labels.get,
                                  key="institution_choice")
            _form(actor, institutions.set_index("id").loc[chosen], "edit_institution", chosen)


def _form(actor: Actor, row: pd.Series | None, key: str, institution_id: int | None = None) -> None:
    """A new institution, or the correction of one against the version loaded (a save over someone else's
    change shows theirs beside yours, and keeps what was typed)."""
    types, levels = institution_type_labels(), level_labels()
    edited = None if institution_id is None else EditedRecord("institution", institution_id)
    widget = (lambda name: f"{key}:new:{name}") if edited is None else edited.key
    loaded = None if edited is None else edited.loaded_version(int(row["version"]))  # kept until saved
    with st.form(widget("form"), clear_on_submit=row is None):
        name = st.text_input(t("institutions.name"), value="" if row is None else row["name"], key=widget("name"))
        slots = {"name": st.empty()}
        left, right = st.columns(2)
        acronym = left.text_input(t("institutions.acronym"), value="" if row is None else (row["acronym"] or ""),
                                  key=widget("acronym"))
        city = right.text_input(t("institutions.city"), value="" if row is None else (row["city"] or ""),
                                key=widget("city"))
        slots |= {"acronym": left.empty(), "city": right.empty()}
        kind = left.selectbox(t("institutions.type"), INSTITUTION_TYPES, format_func=types.get,
                              index=0 if row is None else INSTITUTION_TYPES.index(row["type"]), key=widget("type"))
        level = right.selectbox(t("institutions.level"), INSTITUTION_LEVELS, format_func=levels.get,
                                index=0 if row is None else INSTITUTION_LEVELS.index(row["level"]),
                                key=widget("level"))
        slots |= {"type": left.empty(), "level": right.empty()}
        partner = st.checkbox(t("institutions.partner"),
                              value=False if row is None else bool(row["is_implementing_partner"]),
                              key=widget("is_implementing_partner"))
        submitted = st.form_submit_button(t("institutions.save") if row is not None else t("institutions.add"),
                                          type="primary")
    if not submitted:
        return
    raw = dict(name=name, acronym=acronym, type=kind, level=level, city=city, is_implementing_partner=partner)
    if edited is None:
        apply_write(lambda s: create_institution(s, actor=actor, given=parse(InstitutionInput, raw)),
                    slots, t_plain("institutions.saved", name=name.strip()))
        return
    change = raw | {"institution_id": institution_id, "expected_version": loaded}
    labels = {"name": t("institutions.name"), "acronym": t("institutions.acronym"), "type": t("institutions.type"),
              "level": t("institutions.level"), "city": t("institutions.city"),
              "is_implementing_partner": t("institutions.partner")}
    apply_write(lambda s: update_institution(s, actor=actor, given=parse(InstitutionChange, change)),
                slots, t_plain("institutions.saved", name=name.strip()), edited=edited, mine=raw, labels=labels)


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
