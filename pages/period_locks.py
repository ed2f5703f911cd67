"""Period locks (admins only): close the reporting period through a date once its figures are signed off,
reopen it when a correction is agreed, and see every lock and reopening with who, when and why."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.data import read_fresh
from components.forms import apply_write
from components.i18n import day, moment, t
from components.period_lock import lock_notice
from components.project_page import open_project_page
from db.actor import ADMIN, Actor
from db.queries.overview import ProjectCard
from db.queries.period_locks import lock_history
from db.services.period_locks import lock_in_force, lock_period, reopen_period


def render() -> None:
    opened = open_project_page("locks.title", ADMIN)
    if opened is None:
        return
    actor, card = opened
    st.caption(t("locks.caption"))
    if lock_notice(card.id) is None:
        st.success(t("locks.all_open"), icon=":material/lock_open:")
    lock_col, reopen_col = st.columns(2)
    with lock_col:
        _lock_form(actor, card)
    with reopen_col:
        _reopen_form(actor, card)
    _history(actor, card)


def _lock_form(actor: Actor, card: ProjectCard) -> None:
    st.subheader(t("locks.lock_title"))
    with st.form("lock_period"):
        through = st.date_input(t("locks.through"), value=None, min_value=card.start_date, max_value=card.end_date,
                                format="DD/MM/YYYY", key="lock_through")
        slot_through = st.empty()
        reason = st.text_area(t("locks.reason"), key="lock_reason", height=80)
        slot_reason = st.empty()
        submitted = st.form_submit_button(t("locks.submit"), type="primary", icon=":material/lock:")
    if submitted:
        apply_write(lambda s: lock_period(s, actor=actor, project_id=card.id, locked_through=through, reason=reason),
                    {"locked_through": slot_through, "reason": slot_reason},
                    lambda lock: t("locks.done", locked=day(lock.locked_through)))


def _reopen_form(actor: Actor, card: ProjectCard) -> None:
    st.subheader(t("locks.reopen_title"))
    current = read_fresh(lock_in_force, project_id=card.id)
    if current is None:
        st.caption(t("locks.nothing_to_reopen"))
        return
    with st.form("reopen_period"):
        st.caption(t("locks.reopen_help", locked=day(current.locked_through)))
        reason = st.text_area(t("locks.reopen_reason"), key="reopen_reason", height=80)
        slot_reason = st.empty()
        slot_lock = st.empty()
        submitted = st.form_submit_button(t("locks.reopen_submit"), icon=":material/lock_open:")
    if submitted:
        apply_write(lambda s: reopen_period(s, actor=actor, project_id=card.id, reason=reason),
                    {"reopen_reason": slot_reason, "locked_through": slot_lock},
                    lambda lock: t("locks.reopened", locked=day(lock.locked_through)))


def _history(actor: Actor, card: ProjectCard) -> None:
    st.subheader(t("locks.history"))
    history = read_fresh(lock_history, project_id=card.id, actor=actor)
    if history.empty:
        st.info(t("locks.none"))
        return
    shown = history.assign(
        locked_through=[day(d) for d in history.locked_through],
        locked_at=[moment(m) for m in history.locked_at],
        reopened_at=["" if pd.isna(m) else moment(m) for m in history.reopened_at],
    ).fillna("")
    st.dataframe(shown, hide_index=True, width="stretch",
                 column_config={c: t(f"locks.col.{c}") for c in shown.columns})
