"""Cohorts (coordinators, admins): the list with status and fill rate; plan, correct or close a cohort."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.data import read
from components.forms import apply_write, entry_round, next_round
from components.i18n import t
from components.paging import searched_page
from components.plain_text import t_plain
from components.period_lock import first_open_day, lock_notice
from components.project_page import open_project_page
from components.tables import table
from components.training_widgets import choose_group, group_status_labels
from components.versioned import EditedRecord
from db.actor import ADMIN, COORDINATOR, Actor
from db.queries.cohorts import cohort_count, cohort_list, providers
from db.queries.overview import ProjectCard
from db.services.training_groups import close_group, create_group, update_group
from domain.inputs import parse
from domain.training_inputs import GroupChange, GroupInput

CITIES = ("Casablanca", "Rabat")


def render() -> None:
    opened = open_project_page("cohorts.title", ADMIN, COORDINATOR)
    if opened is None:
        return
    actor, card = opened
    lock_notice(card.id)
    cohorts = searched_page(
        "cohorts", "cohorts",
        count=lambda search: read(cohort_count, project_id=card.id, search=search),
        rows=lambda search, limit, offset: read(cohort_list, project_id=card.id, search=search, limit=limit,
                                                offset=offset))
    _cohort_table(cohorts)
    add, edit = st.tabs([t("cohorts.add"), t("cohorts.edit")])
    with add:
        _cohort_form(actor, card, None)
    with edit:
        chosen = choose_group(cohorts, project_id=card.id, kind="vocational", key="edit_cohort")
        if chosen is not None:
            _cohort_form(actor, card, chosen)


def _cohort_table(cohorts: pd.DataFrame) -> None:
    if cohorts.empty:
        st.info(t("cohorts.none_yet"))
        return
    statuses = group_status_labels()
    table(
        cohorts.assign(status=cohorts.status.map(statuses),
                       places=cohorts.enrolled.astype(str) + " / " + cohorts.capacity.astype(str),
                       sessions=cohorts.sessions_held.astype(str) + " / " + cohorts.planned_sessions.astype(str))
        [["code", "trade", "provider", "city", "planned_start", "planned_end", "status", "places", "fill_rate",
          "sessions", "attendance_rate"]],
        hide_index=True, width="stretch",
        column_config={
            "code": t("cohorts.code"), "trade": t("cohorts.trade"), "provider": t("cohorts.provider"),
            "city": t("cohorts.city"),
            "planned_start": st.column_config.DateColumn(t("cohorts.planned_start"), format="DD/MM/YYYY"),
            "planned_end": st.column_config.DateColumn(t("cohorts.planned_end"), format="DD/MM/YYYY"),
            "status": t("cohorts.status"), "places": t("cohorts.places"),
            "fill_rate": st.column_config.ProgressColumn(t("cohorts.fill_rate"), format="percent",
                                                         min_value=0, max_value=1),
            "sessions": t("cohorts.sessions_held"),
            "attendance_rate": st.column_config.NumberColumn(t("cohorts.attendance_rate"), format="percent"),
        })


NEW_COHORT = "new_cohort"


def _cohort_form(actor: Actor, card: ProjectCard, group: pd.Series | None) -> None:
    """One form for a new cohort (group is None) or a correction of an existing one, against the version
    it loaded: a save over someone else's change shows theirs beside the user's values."""
    partners = read(providers)
    edited = None if group is None else EditedRecord("cohort", int(group.name))
    # a created cohort leaves an empty form (a new round of widgets), so a second click cannot create it twice
    key = f"new{entry_round(NEW_COHORT) or ''}" if edited is None else edited.key("form")
    g = group if group is not None else {}
    first_open = min(first_open_day(card.id, card.start_date), card.end_date)
    version = None if edited is None else edited.loaded_version(int(group["version"]))  # kept from first open
    # A cohort already dated inside a locked period still shows its dates (the service refuses the change).
    earliest = min(first_open, g["planned_start"], g["planned_end"]) if group is not None else first_open
    with st.form(f"cohort_{key}"):
        left, right = st.columns(2)
        name = left.text_input(t("cohorts.name"), value=g.get("name", ""), key=f"{key}_name",
                               help=t("cohorts.name_help"))
        slot_name = left.empty()
        trade = right.text_input(t("cohorts.trade"), value=g.get("trade") or "", key=f"{key}_trade",
                                 help=t("cohorts.trade_help"))
        slot_trade = right.empty()
        provider_ids = list(partners)
        provider_id = left.selectbox(t("cohorts.provider"), provider_ids, format_func=partners.get,
                                     key=f"{key}_provider",
                                     index=provider_ids.index(g["provider_id"]) if group is not None else 0)
        slot_provider = left.empty()
        city_options = list(dict.fromkeys([*CITIES, *([g["city"]] if group is not None else [])]))
        city = right.selectbox(t("cohorts.city"), city_options, accept_new_options=True, key=f"{key}_city",
                               index=city_options.index(g["city"]) if group is not None else 0)
        slot_city = right.empty()
        start = left.date_input(t("cohorts.planned_start"), value=g["planned_start"] if group is not None else None,
                                min_value=earliest, max_value=card.end_date, format="DD/MM/YYYY",
                                key=f"{key}_start")
        slot_start = left.empty()
        end = right.date_input(t("cohorts.planned_end"), value=g["planned_end"] if group is not None else None,
                               min_value=earliest, max_value=card.end_date, format="DD/MM/YYYY",
                               key=f"{key}_end")
        slot_end = right.empty()
        a, b, c = st.columns(3)
        sessions = a.number_input(t("cohorts.planned_sessions"), min_value=0, step=1, key=f"{key}_sessions",
                                  value=int(g.get("planned_sessions", 12)))
        slot_sessions = a.empty()
        hours = b.number_input(t("cohorts.planned_hours"), min_value=0, step=1, key=f"{key}_hours",
                               value=int(g.get("planned_hours", 48)))
        slot_hours = b.empty()
        capacity = c.number_input(t("cohorts.capacity"), min_value=0, step=1, key=f"{key}_capacity",
                                  value=int(g.get("capacity", 20)))
        slot_capacity = c.empty()
        submitted = st.form_submit_button(t("cohorts.save") if group is not None else t("cohorts.create"),
                                          type="primary", key=f"{key}_submit")
    slots = {"name": slot_name, "trade": slot_trade, "provider_id": slot_provider, "city": slot_city,
             "planned_start": slot_start, "planned_end": slot_end, "planned_sessions": slot_sessions,
             "planned_hours": slot_hours, "capacity": slot_capacity}
    fields = dict(kind="vocational", name=name, trade=trade, provider_id=provider_id, city=city,
                  planned_start=start, planned_end=end, planned_sessions=sessions, planned_hours=hours,
                  capacity=capacity)
    if submitted and group is None:
        apply_write(lambda s: create_group(s, actor=actor, project_id=card.id, given=parse(GroupInput, fields)),
                    slots, lambda created: t_plain("cohorts.created", name=created.name),
                    after=lambda _created: next_round(NEW_COHORT))
    elif submitted:
        change = dict(fields, group_id=edited.record_id, expected_version=version)
        apply_write(lambda s: update_group(s, actor=actor, given=parse(GroupChange, change)), slots,
                    t_plain("cohorts.saved", code=group["code"]), edited=edited, mine=fields, labels=_labels())
    if group is not None and group["status"] != "closed":
        st.caption(t("cohorts.close_help"))
        if st.button(t("cohorts.close"), key=f"close_{group.name}", icon=":material/lock:"):
            apply_write(lambda s: close_group(s, actor=actor, group_id=int(group.name)), {},
                        t_plain("cohorts.closed", code=group["code"]))


def _labels() -> dict[str, str]:
    """The form's fields in the user's words, for showing stored values beside the user's."""
    return {"name": t("cohorts.name"), "trade": t("cohorts.trade"), "provider_id": t("cohorts.provider"),
            "city": t("cohorts.city"), "planned_start": t("cohorts.planned_start"),
            "planned_end": t("cohorts.planned_end"), "planned_sessions": t("cohorts.planned_sessions"),
            "planned_hours": t("cohorts.planned_hours"), "capacity": t("cohorts.capacity")}


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
