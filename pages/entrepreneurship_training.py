"""Entrepreneurship training (TRIE, CREE, GERME): the groups, completion per module, and a new group.

Groups are training groups of the entrepreneurship kind: enrolments, sessions and attendance are recorded
with the same machinery as the vocational cohorts (page "Sessions and attendance").
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.as_of import as_of
from components.data import read
from components.forms import apply_write
from components.i18n import day, num, pct, t
from components.paging import searched_page
from components.period_lock import first_open_day, lock_notice
from components.plain_text import t_plain
from components.project_page import open_project_page
from components.tables import table
from components.training_widgets import group_status_labels
from db.actor import ADMIN, COORDINATOR, Actor
from db.models.training import MODULES
from db.queries.business_plans import module_completion
from db.queries.cohorts import cohort_count, cohort_list, providers
from db.queries.overview import ProjectCard
from db.services.training_groups import create_group
from domain.inputs import parse
from domain.training_inputs import GroupInput
from domain.pipeline import completion_share

CITIES = ("Casablanca", "Rabat")


def render() -> None:
    opened = open_project_page("entrepreneurship.title", ADMIN, COORDINATOR)
    if opened is None:
        return
    actor, card = opened
    st.caption(t("entrepreneurship.caption"))
    lock_notice(card.id)
    _completion(card, as_of())
    _groups(card.id)
    with st.expander(t("entrepreneurship.new"), icon=":material/add:"):
        _new_group_form(actor, card)


def _completion(card: ProjectCard, cut) -> None:
    st.subheader(t("entrepreneurship.completion", date=day(cut)))
    modules = read(module_completion, project_id=card.id, as_of=cut)
    if modules.empty:
        st.info(t("entrepreneurship.none_yet"))
        return
    table(pd.DataFrame([{
        t("entrepreneurship.col.module"): t(f"entrepreneurship.module.{m.module.lower()}"),
        t("entrepreneurship.col.groups"): num(m.groups), t("entrepreneurship.col.enrolled"): num(m.enrolled),
        t("entrepreneurship.col.completed"): num(m.completed),
        t("entrepreneurship.col.dropped_out"): num(m.dropped_out),
        t("entrepreneurship.col.completion"): pct(completion_share(int(m.completed), int(m.enrolled))),
    } for m in modules.itertuples()]), hide_index=True, width="stretch")


def _groups(project_id: int) -> None:
    st.subheader(t("entrepreneurship.groups"))
    kind = "entrepreneurship"
    groups = searched_page(
        "entrepreneurship_groups", "entrepreneurship.groups",
        count=lambda search: read(cohort_count, project_id=project_id, kind=kind, search=search),
        rows=lambda search, limit, offset: read(cohort_list, project_id=project_id, kind=kind, search=search,
                                                limit=limit, offset=offset))
    if groups.empty:
        st.info(t("entrepreneurship.none_yet"))
        return
    statuses = group_status_labels()
    table(
        groups.assign(status=groups.status.map(statuses),
                      sessions=groups.sessions_held.astype(str) + " / " + groups.planned_sessions.astype(str))
        [["code", "module", "name", "provider", "city", "planned_start", "planned_end", "status", "enrolled",
          "sessions", "attendance_rate"]],
        hide_index=True, width="stretch",
        column_config={
            "code": t("entrepreneurship.col.code"), "module": t("entrepreneurship.col.module"),
            "name": t("entrepreneurship.col.name"), "provider": t("entrepreneurship.col.provider"),
            "city": t("entrepreneurship.col.city"),
            "planned_start": st.column_config.DateColumn(t("entrepreneurship.col.start"), format="DD/MM/YYYY"),
            "planned_end": st.column_config.DateColumn(t("entrepreneurship.col.end"), format="DD/MM/YYYY"),
            "status": t("entrepreneurship.col.status"), "enrolled": t("entrepreneurship.col.enrolled"),
            "sessions": t("entrepreneurship.col.sessions"),
            "attendance_rate": st.column_config.NumberColumn(t("entrepreneurship.col.attendance"), format="percent"),
        })
    st.caption(t("entrepreneurship.sessions_hint"))


def _new_group_form(actor: Actor, card: ProjectCard) -> None:
    """Plan a TRIE, CREE or GERME group through the shared training-group service."""
    partners = read(providers)
    modules = {m: t(f"entrepreneurship.module.{m.lower()}") for m in MODULES}
    first_open = min(first_open_day(card.id, card.start_date), card.end_date)
    with st.form("new_entrepreneurship_group"):
        left, right = st.columns(2)
        module = left.selectbox(t("entrepreneurship.col.module"), MODULES, format_func=modules.get, key="eg_module")
        slot_module = left.empty()
        name = right.text_input(t("entrepreneurship.col.name"), key="eg_name")
        slot_name = right.empty()
        provider_id = left.selectbox(t("entrepreneurship.col.provider"), list(partners), format_func=partners.get,
                                     key="eg_provider")
        slot_provider = left.empty()
        city = right.selectbox(t("entrepreneurship.col.city"), CITIES, accept_new_options=True, key="eg_city")
        slot_city = right.empty()
        start = left.date_input(t("entrepreneurship.col.start"), value=None, min_value=first_open,
                                max_value=card.end_date, format="DD/MM/YYYY", key="eg_start")
        slot_start = left.empty()
        end = right.date_input(t("entrepreneurship.col.end"), value=None, min_value=first_open,
                               max_value=card.end_date, format="DD/MM/YYYY", key="eg_end")
        slot_end = right.empty()
        a, b, c = st.columns(3)
        sessions = a.number_input(t("entrepreneurship.planned_sessions"), min_value=0, step=1, value=5, key="eg_sessions")
        slot_sessions = a.empty()
        hours = b.number_input(t("entrepreneurship.planned_hours"), min_value=0, step=1, value=30, key="eg_hours")
        slot_hours = b.empty()
        capacity = c.number_input(t("entrepreneurship.capacity"), min_value=0, step=1, value=20, key="eg_capacity")
        slot_capacity = c.empty()
        submitted = st.form_submit_button(t("entrepreneurship.create"), type="primary")
    if submitted:
        fields = dict(kind="entrepreneurship", module=module, name=name, provider_id=provider_id, city=city,
                      planned_start=start, planned_end=end, planned_sessions=sessions, planned_hours=hours,
                      capacity=capacity)
        apply_write(lambda s: create_group(s, actor=actor, project_id=card.id, given=parse(GroupInput, fields)),
                    {"module": slot_module, "name": slot_name, "provider_id": slot_provider, "city": slot_city,
                     "planned_start": slot_start, "planned_end": slot_end, "planned_sessions": slot_sessions,
                     "planned_hours": slot_hours, "capacity": slot_capacity},
                    lambda created: t_plain("entrepreneurship.created", name=created.name))


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
