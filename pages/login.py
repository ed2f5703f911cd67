"""Login: the only page a visitor who is not logged in can reach."""
from __future__ import annotations

import streamlit as st
import streamlit_authenticator as stauth

from components.auth import attempt_login
from components.i18n import t


def render(authenticator: stauth.Authenticate, *, demo_mode: bool) -> None:
    st.title(t("login.title"))
    st.caption(t("app.subtitle"))
    with st.form("login", enter_to_submit=True):
        username = st.text_input(t("login.username"), key="login_username", autocomplete="username")
        password = st.text_input(t("login.password"), type="password", key="login_password",
                                 autocomplete="current-password")
        message = st.empty()
        submitted = st.form_submit_button(t("login.submit"), type="primary")
    if submitted:
        refusal = attempt_login(authenticator, username, password)
        if refusal is None:
            # No st.rerun() here: the cookie component must reach the browser first; it reruns the app itself.
            message.success(t("login.success"), icon=":material/lock_open:")
        else:
            message.error(t(refusal), icon=":material/lock:")
    if demo_mode:
        st.info(t("login.demo_hint"), icon=":material/info:")
