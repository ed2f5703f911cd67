"""Participant register (coordinators, admins): pseudonymous codes, attributes, consent, optional name and phone."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.data import read_fresh
from components.forms import apply_write
from components.versioned import EditedRecord
from components.i18n import current_language, t
from components.paging import searched_page
from components.plain_text import t_plain
from components.project_page import open_project_page
from components.tables import table
from db.actor import ADMIN, COORDINATOR, Actor
from db.models.training import SEXES
from db.queries.overview import ProjectCard
from db.queries.participants import participant_register, possible_duplicates, register_size
from db.services.participants import register_participant, update_participant
from domain.inputs import parse
from domain.participant_inputs import ParticipantChange, ParticipantInput
from domain.countries import country_codes, country_name

CITIES = ("Casablanca", "Rabat")


def render() -> None:
    opened = open_project_page("participants.title", ADMIN, COORDINATOR)
    if opened is None:
        return
    actor, card = opened
    st.caption(t("participants.caption"))
    register = _register_page(actor, card.id)
    _register_table(register)
    add, edit = st.tabs([t("participants.add"), t("participants.edit")])
    with add:
        _participant_form(actor, card, None)
    with edit:
        if register.empty:
            st.info(t("participants.none_yet"))
        else:
            labels = {int(r.id): r.code + (f" — {r.full_name}" if getattr(r, "full_name", None) else "")
                      for r in register.itertuples()}
            chosen = st.selectbox(t("participants.choose"), list(labels), format_func=labels.get,
                                  key="edit_participant")
            _participant_form(actor, card, register.set_index("id").loc[chosen].rename(chosen))


def _register_page(actor: Actor, project_id: int) -> pd.DataFrame:
    """One page of the register, searched by code or name: the whole register never goes to the browser."""
    return searched_page(
        "register", "participants",
        count=lambda search: read_fresh(register_size, actor=actor, project_id=project_id, search=search),
        rows=lambda search, limit, offset: read_fresh(participant_register, actor=actor, project_id=project_id,
                                                      search=search, limit=limit, offset=offset))


def _country_labels() -> dict[str, str]:
    lang = current_language()
    return {c: f"{country_name(c, lang)} ({c})" for c in country_codes()}


def _register_table(register: pd.DataFrame) -> None:
    if register.empty:
        st.info(t("participants.none_yet"))
        return
    countries = _country_labels()
    sexes = {s: t(f"cohorts.sex.{s}") for s in SEXES}
    shown = register.drop(columns=["id", "version"]).assign(nationality=register.nationality.map(countries),
                                                 sex=register.sex.map(sexes))
    personal = [c for c in ("full_name", "phone") if c in shown]
    shown[personal] = shown[personal].astype(object).where(shown[personal].notna(), "–")
    table(shown, hide_index=True, width="stretch", column_config={
        "code": t("participants.code"), "sex": t("participants.sex"),
        "birth_year": st.column_config.NumberColumn(t("participants.birth_year"), format="%d"),
        "nationality": t("participants.nationality"), "city": t("participants.city"),
        "children_count": t("participants.children"),
        "year_regularized": st.column_config.NumberColumn(t("participants.year_regularized"), format="%d"),
        "consent_recorded": st.column_config.CheckboxColumn(t("participants.consent")),
        "registered_on": st.column_config.DateColumn(t("participants.registered_on"), format="DD/MM/YYYY"),
        "enrolments": t("participants.enrolments"), "full_name": t("participants.full_name"),
        "phone": t("participants.phone"),
    })


def _participant_form(actor: Actor, card: ProjectCard, person: pd.Series | None) -> None:
    """Widgets outside a form so a possible duplicate is flagged while typing, before anything is saved."""
    edited = None if person is None else EditedRecord("participant", int(person.name))
    key = "new" if edited is None else edited.key("form")
    p = person if person is not None else {}
    countries = _country_labels()
    sexes = {s: t(f"cohorts.sex.{s}") for s in SEXES}
    left, right = st.columns(2)
    full_name = left.text_input(t("participants.full_name"), value=p.get("full_name") or "", key=f"{key}_name",
                                help=t("participants.personal_help"))
    slot_name = left.empty()
    phone = right.text_input(t("participants.phone"), value=p.get("phone") or "", key=f"{key}_phone",
                             help=t("participants.personal_help"))
    sex = left.radio(t("participants.sex"), SEXES, format_func=sexes.get, horizontal=True, key=f"{key}_sex",
                     index=SEXES.index(p["sex"]) if person is not None else 0)
    slot_sex = left.empty()
    birth_year = right.number_input(t("participants.birth_year"), min_value=1940, max_value=2010, step=1,
                                    value=int(p["birth_year"]) if person is not None and pd.notna(p["birth_year"])
                                    else None, key=f"{key}_birth")
    slot_birth = right.empty()
    codes = list(countries)
    nationality = left.selectbox(t("participants.nationality"), codes, format_func=countries.get,
                                 index=codes.index(p["nationality"]) if person is not None else None,
                                 key=f"{key}_nat", placeholder=t("participants.nationality_placeholder"))
    slot_nationality = left.empty()
    cities = list(dict.fromkeys([*CITIES, *([p["city"]] if person is not None else [])]))
    city = right.selectbox(t("participants.city"), cities, accept_new_options=True, key=f"{key}_city",
                           index=cities.index(p["city"]) if person is not None else 0)
    slot_city = right.empty()
    children = left.number_input(t("participants.children"), min_value=0, max_value=20, step=1,
                                 value=int(p.get("children_count", 0)), key=f"{key}_children")
    year_regularized = right.number_input(
        t("participants.year_regularized"), min_value=2000, max_value=card.end_date.year, step=1,
        value=int(p["year_regularized"]) if person is not None and pd.notna(p["year_regularized"]) else None,
        key=f"{key}_regularized")
    slot_regularized = right.empty()
    registered_on = left.date_input(t("participants.registered_on"), min_value=card.start_date,
                                    max_value=card.end_date, format="DD/MM/YYYY", key=f"{key}_registered",
                                    value=p["registered_on"] if person is not None else None)
    slot_registered = left.empty()
    consent = right.checkbox(t("participants.consent"), value=bool(p.get("consent_recorded", False)),
                             key=f"{key}_consent", help=t("participants.consent_help"))
    slot_consent = right.empty()
    duplicates = read_fresh(possible_duplicates, project_id=card.id, full_name=full_name, birth_year=birth_year,
                            nationality=nationality, exclude_id=int(person.name) if person is not None else None)
    confirm = False
    if duplicates:
        st.warning(t_plain("participants.duplicate_warning", codes=", ".join(duplicates)), icon=":material/group:")
        confirm = st.checkbox(t("participants.confirm_duplicate"), key=f"{key}_confirm")
    slots = {"full_name": slot_name, "sex": slot_sex, "birth_year": slot_birth, "nationality": slot_nationality,
             "city": slot_city, "year_regularized": slot_regularized, "registered_on": slot_registered,
             "consent_recorded": slot_consent}
    fields = dict(sex=sex, nationality=nationality, city=city, registered_on=registered_on, birth_year=birth_year,
                  children_count=int(children), year_regularized=year_regularized, consent_recorded=consent,
                  full_name=full_name, phone=phone, confirm_duplicate=confirm)
    if person is None:
        if st.button(t("participants.register"), type="primary", key=f"{key}_save"):
            apply_write(lambda s: register_participant(s, actor=actor, project_id=card.id,
                                                       given=parse(ParticipantInput, fields)), slots,
                        lambda person: t("participants.registered", code=person.code))
        return
    version = edited.loaded_version(int(person["version"]))
    if st.button(t("participants.save"), type="primary", key=f"{key}_save"):
        change = dict(fields, participant_id=edited.record_id, expected_version=version)
        apply_write(lambda s: update_participant(s, actor=actor, given=parse(ParticipantChange, change)), slots,
                    t("participants.saved", code=person["code"]), edited=edited, mine=fields,
                    labels=_labels())


def _labels() -> dict[str, str]:
    """The form's fields in the user's words, for showing stored values beside the user's."""
    return {"full_name": t("participants.full_name"), "phone": t("participants.phone"),
            "sex": t("participants.sex"), "birth_year": t("participants.birth_year"),
            "nationality": t("participants.nationality"), "city": t("participants.city"),
            "children_count": t("participants.children"), "year_regularized": t("participants.year_regularized"),
            "registered_on": t("participants.registered_on"), "consent_recorded": t("participants.consent")}


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
