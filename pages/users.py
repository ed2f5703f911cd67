"""Users (admins only): add logins, reset a password, change a role, deactivate or reactivate."""
from __future__ import annotations

import streamlit as st

from components.auth import require
from components.data import read_fresh
from components.forms import apply_write, show_flash
from components.i18n import t
from db.actor import ADMIN, Actor
from db.models.access import ROLES
from db.queries.users import user_list
from db.services.users import change_role, create_user, reset_password, set_active
from domain.inputs import parse
from domain.user_inputs import ActiveChange, PasswordReset, RoleChange, UserInput


def render() -> None:
    actor = require(ADMIN)
    if actor is None:
        return
    st.title(t("users.title"))
    show_flash()
    users = read_fresh(user_list, actor=actor)
    st.dataframe(
        users.assign(role=users.role.map(lambda r: t(f"role.{r}")))
             .drop(columns=["id"]),
        hide_index=True, width="stretch",
        column_config={
            "username": t("users.username"), "name": t("users.name"), "email": t("users.email"),
            "role": t("users.role"), "active": st.column_config.CheckboxColumn(t("users.active")),
            "created_at": st.column_config.DatetimeColumn(t("users.created_at"), format="DD/MM/YYYY"),
        },
    )
    add, manage = st.tabs([t("users.add"), t("users.manage")])
    with add:
        _add_user_form(actor)
    with manage:
        _manage_user(actor, users)


def _role_labels() -> dict[str, str]:
    """Role names in the current language, computed once per run (format_func must not read state later)."""
    return {r: t(f"role.{r}") for r in ROLES}


def _add_user_form(actor: Actor) -> None:
    with st.form("add_user", clear_on_submit=False):
        username = st.text_input(t("users.username"), help=t("users.username_help"))
        slot_username = st.empty()
        name = st.text_input(t("users.name"))
        slot_name = st.empty()
        email = st.text_input(t("users.email"))
        slot_email = st.empty()
        role = st.selectbox(t("users.role"), ROLES, format_func=_role_labels().get, index=2)
        slot_role = st.empty()
        password = st.text_input(t("users.password"), type="password", help=t("users.password_help"))
        slot_password = st.empty()
        submitted = st.form_submit_button(t("users.add_submit"), type="primary")
    if submitted:
        raw = dict(username=username, name=name, email=email, password=password, role=role)
        apply_write(lambda s: create_user(s, actor=actor, given=parse(UserInput, raw)),
                    {"username": slot_username, "name": slot_name, "email": slot_email, "role": slot_role,
                     "password": slot_password},
                    lambda user: t("users.added", username=user.username))


def _manage_user(actor: Actor, users) -> None:
    if users.empty:
        return
    labels = {int(r.id): f"{r.username} — {r.name}" for r in users.itertuples()}
    user_id = st.selectbox(t("users.choose"), list(labels), format_func=labels.get, key="manage_user")
    row = users.set_index("id").loc[user_id]
    role_col, password_col, active_col = st.columns(3)
    with role_col, st.form("change_role"):
        role = st.selectbox(t("users.role"), ROLES, index=ROLES.index(row.role),
                            format_func=_role_labels().get)
        slot_role = st.empty()
        if st.form_submit_button(t("users.change_role")):
            apply_write(lambda s: change_role(s, actor=actor, given=parse(RoleChange, user_id=user_id, role=role)),
                        {"role": slot_role}, t("users.role_changed"))
    with password_col, st.form("reset_password", clear_on_submit=True):
        new_password = st.text_input(t("users.new_password"), type="password", help=t("users.password_help"))
        slot_password = st.empty()
        if st.form_submit_button(t("users.reset_password")):
            apply_write(lambda s: reset_password(s, actor=actor, given=parse(
                PasswordReset, user_id=user_id, new_password=new_password)),
                        {"new_password": slot_password}, t("users.password_reset"))
    with active_col, st.form("set_active"):
        slot_active = st.empty()
        active = bool(row.active)
        label = t("users.deactivate") if active else t("users.reactivate")
        st.caption(t("users.is_active") if active else t("users.is_inactive"))
        if st.form_submit_button(label):
            apply_write(lambda s: set_active(s, actor=actor, given=parse(ActiveChange, user_id=user_id,
                                                                         active=not active)),
                        {"active": slot_active}, t("users.saved"))


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
