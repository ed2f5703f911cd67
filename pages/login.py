"""Login, and the password change a user must make before anything else: the pages of a visitor not yet in."""
from __future__ import annotations

import streamlit as st

from components.auth import attempt_login, change_password, logout
from components.forms import show_problems
from components.i18n import t
from domain.errors import ValidationError
from db.settings import Settings


def render(settings: Settings) -> None:
    st.title(t("login.title"))
    st.caption(t("app.subtitle"))
    with st.form("login", enter_to_submit=True):
        username = st.text_input(t("login.username"), key="login_username", autocomplete="username")
        password = st.text_input(t("login.password"), type="password", key="login_password",
                                 autocomplete="current-password")
        message = st.empty()
        submitted = st.form_submit_button(t("login.submit"), type="primary")
    if submitted:
        refusal = attempt_login(settings, username, password)
        if refusal is None:
            st.rerun()  # the app's frame, at this same address, now that the session holds the login
        key, params = refusal
        message.error(t(key, **params), icon=":material/lock:")
    if settings.demo_mode:
        st.info(t("login.demo_hint"), icon=":material/info:")


def render_password_change(settings: Settings) -> None:
    st.title(t("login.change_title"))
    st.info(t("login.change_explained"), icon=":material/password:")
    with st.form("change_password", clear_on_submit=True):
        current = st.text_input(t("login.current_password"), type="password", key="current_password",
                                autocomplete="current-password")
        slot_current = st.empty()
        new = st.text_input(t("login.new_password"), type="password", key="new_password",
                            autocomplete="new-password", help=t("users.password_help"))
        slot_new = st.empty()
        submitted = st.form_submit_button(t("login.change_submit"), type="primary")
    if submitted:
        try:
            change_password(settings, current, new)
        except ValidationError as refused:
            show_problems(refused, {"current_password": slot_current, "new_password": slot_new})
        else:
            st.rerun()
    if st.button(t("app.logout"), icon=":material/logout:"):
        logout()
        st.rerun()


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
