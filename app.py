"""The frame: page config, language, login gate and the role's navigation, rebuilt on every run."""
from __future__ import annotations

import streamlit as st

from components.as_of import sidebar_control as as_of_control
from components.auth import build_authenticator, current_user, logout, restore_login
from components.i18n import DEFAULT_LANGUAGE, LANG_KEY, LANGUAGES, t
from components.navigation import PAGES, pages_for
from db.settings import Settings, SettingsError
from pages import login

LANG_WIDGET = "lang_choice"

st.set_page_config(page_title="FM.0390 · IOM Morocco", page_icon=":material/school:", layout="wide")


def load_settings() -> Settings:
    try:
        secrets = st.secrets.to_dict() if st.secrets.load_if_toml_exists() else {}
    except Exception:  # a malformed secrets file must not hide the real configuration error
        secrets = {}
    try:
        return Settings.load(secrets=secrets)
    except SettingsError as error:
        st.error(str(error), icon=":material/key_off:")
        st.stop()
        raise


def language_switch() -> None:
    """The chosen language lives in session state under LANG_KEY; the widget only changes it."""
    chosen = st.session_state.setdefault(LANG_KEY, DEFAULT_LANGUAGE)
    options = list(LANGUAGES)

    def keep_choice() -> None:
        st.session_state[LANG_KEY] = st.session_state[LANG_WIDGET]

    # Top right of every page, login included: the sidebar is long enough to push it out of sight.
    _, corner = st.columns([6, 1])
    corner.selectbox("Langue / Language", options, index=options.index(chosen), key=LANG_WIDGET,
                     format_func=LANGUAGES.get, on_change=keep_choice, label_visibility="collapsed")


settings = load_settings()
language_switch()
authenticator = build_authenticator(settings)
restore_login(authenticator)
user = current_user()

if user is None:
    logout(authenticator)  # a deactivated account loses its session at once
    show_login = lambda: login.render(authenticator, demo_mode=settings.demo_mode)  # noqa: E731
    # Every page's address answers with the login form, so a bookmark or reload keeps its page once the
    # login cookie is read, instead of a "page not found".
    page = st.navigation([st.Page(show_login, title=t("login.title"), icon=":material/login:", url_path="login",
                                  default=True)]
                         + [st.Page(show_login, title=t("login.title"), url_path=spec.url_path, visibility="hidden")
                            for spec in PAGES])
else:
    sections: dict[str, list[st.Page]] = {}
    for spec in pages_for(user.role):
        sections.setdefault(t(spec.section_key), []).append(
            st.Page(spec.render, title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path))
    page = st.navigation(sections, expanded=True)
    as_of_control()  # one as-of date for every page, kept in the session
    st.sidebar.caption(t("app.signed_in_as", name=user.name, role=t(f"role.{user.role}")))
    if st.sidebar.button(t("app.logout"), icon=":material/logout:"):
        logout(authenticator)
        # Stop rather than rerun: the cookie deletion must reach the browser, which then reruns the app.
        st.stop()
if settings.demo_mode:
    st.sidebar.caption(t("app.demo_mode"))
page.run()
