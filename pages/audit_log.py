"""Audit log (admins only): who changed what, when."""
from __future__ import annotations

import streamlit as st

from components.auth import require
from components.data import read_fresh
from components.i18n import t
from components.tables import table
from db.actor import ADMIN
from db.queries.audit import audit_trail, audited_entities


def render() -> None:
    actor = require(ADMIN)
    if actor is None:
        return
    st.title(t("audit.title"))
    st.caption(t("audit.caption"))
    entities = read_fresh(audited_entities, actor=actor)
    every = t("audit.all")
    entity = st.selectbox(t("audit.entity"), [None, *entities], format_func=lambda e: every if e is None else e)
    trail = read_fresh(audit_trail, actor=actor, entity=entity)
    if trail.empty:
        st.info(t("audit.empty"))
        return
    table(trail, hide_index=True, width="stretch", column_config={
        "at": st.column_config.DatetimeColumn(t("audit.at"), format="DD/MM/YYYY HH:mm"),
        "actor": t("audit.actor"), "action": t("audit.action"), "entity": t("audit.entity"),
        "entity_id": st.column_config.NumberColumn(t("audit.entity_id"), format="%d"),
        "detail": t("audit.detail"),
    })


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
