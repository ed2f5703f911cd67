"""Sessions and attendance (coordinators, admins): enrol participants into a group, then record each session
with the attendance of everyone enrolled in one grid, saved in one transaction."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.data import read, read_fresh
from components.forms import apply_write
from components.i18n import num, t
from components.paging import pick_people
from components.period_lock import first_open_day, lock_notice
from components.project_page import open_project_page
from components.tables import table
from components.training_widgets import enrolment_status_labels, pick_group
from db.actor import ADMIN, COORDINATOR, Actor
from db.queries.cohorts import group_roster, group_sessions
from db.queries.participants import participant_choices, register_size
from db.services.enrolments import enrol
from db.services.training_sessions import record_session
from domain.inputs import parse
from domain.training_inputs import EnrolmentInput, SessionInput


def render() -> None:
    opened = open_project_page("training_sessions.title", ADMIN, COORDINATOR)
    if opened is None:
        return
    actor, card = opened
    lock_notice(card.id)
    kinds = {"vocational": t("cohorts.kind.vocational"), "entrepreneurship": t("cohorts.kind.entrepreneurship")}
    kind = st.segmented_control(t("training_sessions.kind"), list(kinds), format_func=kinds.get, default="vocational",
                                key="sessions_kind", required=True)
    group = pick_group(card.id, kind=kind, key="sessions_group")
    if group is None:
        return
    roster = read_fresh(group_roster, actor=actor, group_id=int(group.name))
    st.caption(t("training_sessions.group_caption", enrolled=num(int(group["enrolled"])),
                 capacity=num(int(group["capacity"])),
                 held=num(int(group["sessions_held"])), planned=num(int(group["planned_sessions"]))))
    record, enrolment, held = st.tabs([t("training_sessions.record"), t("training_sessions.enrol"),
                                       t("training_sessions.held")])
    first_open = first_open_day(card.id, card.start_date)
    with record:
        _session_form(actor, group, roster, first_open)
    with enrolment:
        _enrol_form(actor, card.id, group, roster, first_open)
    with held:
        _sessions_table(int(group.name))


def _who(row) -> str:
    name = getattr(row, "full_name", None)
    return f"{row.code} — {name}" if name else row.code


def _session_form(actor: Actor, group: pd.Series, roster: pd.DataFrame, first_open: date) -> None:
    if group["status"] == "closed":
        st.info(t("training_sessions.group_closed"))
        return
    earliest = max(group["planned_start"], first_open)
    if earliest > group["planned_end"]:
        st.info(t("training_sessions.group_locked"), icon=":material/lock:")
        return
    active = roster[roster.status != "dropped_out"]
    if active.empty:
        st.info(t("training_sessions.nobody_enrolled"))
        return
    left, middle, right = st.columns([2, 3, 1])
    session_date = left.date_input(t("training_sessions.date"), value=None, min_value=earliest,
                                   max_value=group["planned_end"], format="DD/MM/YYYY", key="session_date")
    slot_date = left.empty()
    topic = middle.text_input(t("training_sessions.topic"), key="session_topic")
    slot_topic = middle.empty()
    hours = right.number_input(t("training_sessions.hours"), min_value=0.0, max_value=12.0, step=0.5, value=4.0,
                               key="session_hours")
    slot_hours = right.empty()
    grid = pd.DataFrame({"participant_id": active.participant_id, "who": [_who(r) for r in active.itertuples()],
                         "present": True})
    edited = st.data_editor(grid, hide_index=True, width="stretch", key=f"grid_{group.name}",
                            disabled=["participant_id", "who"], column_order=["who", "present"],
                            column_config={"who": t("training_sessions.participant"),
                                           "present": st.column_config.CheckboxColumn(t("training_sessions.present"))})
    slot_marks = st.empty()
    st.caption(t("training_sessions.grid_help", present=num(int(edited["present"].sum())), total=num(len(edited))))
    if st.button(t("training_sessions.save"), type="primary", key="save_session"):
        marks = {int(r.participant_id): bool(r.present) for r in edited.itertuples()}
        fields = dict(session_date=session_date, topic=topic, hours=hours, marks=marks)
        apply_write(lambda s: record_session(s, actor=actor, group_id=int(group.name),
                                             given=parse(SessionInput, fields)),
                    {"session_date": slot_date, "topic": slot_topic, "hours": slot_hours, "marks": slot_marks},
                    t("training_sessions.saved", present=num(sum(marks.values())), total=num(len(marks))))


def _enrol_form(actor: Actor, project_id: int, group: pd.Series, roster: pd.DataFrame, first_open: date) -> None:
    statuses = enrolment_status_labels()
    if not roster.empty:
        table(roster.assign(status=roster.status.map(statuses))
                     [[c for c in ("code", "full_name", "enrolled_on", "status") if c in roster]],
                     hide_index=True, width="stretch", column_config={
                         "code": t("participants.code"), "full_name": t("participants.full_name"),
                         "enrolled_on": st.column_config.DateColumn(t("training_sessions.enrolled_on"),
                                                                    format="DD/MM/YYYY"),
                         "status": t("training_sessions.status")})
    if group["status"] == "closed":
        return
    group_id = int(group.name)
    # Searched in SQL: the options are the women picked and the first matches, never the whole register.
    chosen = pick_people(
        "enrol_who", t("training_sessions.who_to_enrol"), placeholder=t("training_sessions.who_placeholder"),
        choices=lambda search, picked: read_fresh(participant_choices, actor=actor, project_id=project_id,
                                                  search=search, chosen=picked, not_in_group=group_id),
        count=lambda search: read_fresh(register_size, actor=actor, project_id=project_id, search=search,
                                        not_in_group=group_id))
    slot_who = st.empty()
    with st.form("enrol"):
        enrolled_on = st.date_input(t("training_sessions.enrolled_on"), min_value=first_open,
                                    value=max(min(group["planned_start"], date.today()), first_open),
                                    format="DD/MM/YYYY", key="enrol_date")
        slot_date = st.empty()
        reason = st.text_input(t("training_sessions.over_capacity_reason"),
                               help=t("training_sessions.over_capacity_help"),
                               key="enrol_reason")
        slot_reason = st.empty()
        submitted = st.form_submit_button(t("training_sessions.enrol_submit"), type="primary", key="enrol_submit")
    if submitted:
        def enrol_all(s) -> None:
            # One transaction: if one enrolment is refused, none is written.
            for participant_id in chosen:
                given = parse(EnrolmentInput, participant_id=participant_id, enrolled_on=enrolled_on,
                              over_capacity_reason=reason)
                enrol(s, actor=actor, group_id=int(group.name), given=given)
        if not chosen:
            slot_who.error(t("error.required"))
        else:
            apply_write(enrol_all, {"participant_id": slot_who, "enrolled_on": slot_date,
                                    "over_capacity_reason": slot_reason},
                        t("training_sessions.enrolled", count=num(len(chosen))))


def _sessions_table(group_id: int) -> None:
    sessions = read(group_sessions, group_id=group_id)
    if sessions.empty:
        st.info(t("training_sessions.none_yet"))
        return
    table(sessions.drop(columns=["id"]), hide_index=True, width="stretch", column_config={
        "session_date": st.column_config.DateColumn(t("training_sessions.date"), format="DD/MM/YYYY"),
        "topic": t("training_sessions.topic"),
        "hours": st.column_config.NumberColumn(t("training_sessions.hours"), format="%.1f"),
        "present": t("training_sessions.present_count"), "marked": t("training_sessions.marked_count")})


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
