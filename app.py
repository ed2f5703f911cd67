"""The frame: page config, language, login gate and the role's navigation, rebuilt on every run."""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from components.as_of import sidebar_control as as_of_control
from components.auth import current_user, logout, must_change_password, restore_login, write_cookie
from components.data import begin_run, read_fresh
from components.door import DOOR_NOTE, every_address, landing_for, take_door_page
from components.failures import database_reachable, plain_failures, show_unreachable
from components.i18n import DEFAULT_LANGUAGE, LANG_KEY, LANGUAGES, t
from components.navigation import pages_for
from db.queries.users import accounts_with_passwords, password_hashes
from db.services.users import PUBLISHED_PASSWORDS
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


@st.cache_resource(show_spinner=False, max_entries=4)
def _accounts_with_published_passwords(hashes: tuple[tuple[str, str], ...]) -> list[str]:
    """bcrypt is slow on purpose: checked once per process and set of password hashes."""
    return accounts_with_passwords(hashes, PUBLISHED_PASSWORDS)


def refuse_published_passwords(settings: Settings) -> None:
    """Outside demo mode, no account may keep a password printed in the README."""
    if settings.demo_mode:
        return
    published = _accounts_with_published_passwords(read_fresh(password_hashes))
    if published:
        st.error(t("app.published_passwords", users=", ".join(published)), icon=":material/key_off:")
        st.stop()


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


def role_navigation(role: str) -> tuple[StreamlitPage, list[StreamlitPage]]:
    """The role's menu; an address the role may not open leads to its landing page with a note."""
    sections: dict[str, list[StreamlitPage]] = {}
    landing = None
    for spec in pages_for(role):
        page = st.Page(spec.render, title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path,
                       default=spec is landing_for(role))
        sections.setdefault(t(spec.section_key), []).append(page)
        landing = landing or page

    def not_allowed() -> None:
        st.session_state[DOOR_NOTE] = True
        st.switch_page(landing)

    allowed = {spec.url_path for spec in pages_for(role)}
    hidden = [st.Page(not_allowed, title=t("app.not_allowed_title"), url_path=url_path, visibility="hidden")
              for url_path in every_address() if url_path not in allowed]
    if hidden:
        sections.setdefault("", []).extend(hidden)
    return st.navigation(sections, expanded=True), [p for pages in sections.values() for p in pages]


def only_page(render: Callable[[], None], title_key: str,
              icon: str) -> tuple[StreamlitPage, list[StreamlitPage]]:
    """One page answering at every address, so the address (a bookmark, a reload) is kept for afterwards."""
    pages = ([st.Page(render, title=t(title_key), icon=icon, url_path="login", default=True)]
             + [st.Page(render, title=t(title_key), url_path=url_path, visibility="hidden")
                for url_path in every_address()])
    return st.navigation(pages), pages


def open_app(settings: Settings) -> None:
    """Who is there, then the pages they may open, at the address asked for."""
    refuse_published_passwords(settings)
    restore_login(settings)
    user = current_user()
    write_cookie(settings)
    if user is None:
        page, pages = only_page(lambda: login.render(settings), "login.title", ":material/login:")
    elif must_change_password():
        page, pages = only_page(lambda: login.render_password_change(settings), "login.change_title",
                                ":material/password:")
    else:
        page, pages = role_navigation(user.role)
        as_of_control()  # one as-of date for every page, kept in the session
        st.sidebar.caption(t("app.signed_in_as", name=user.name, role=t(f"role.{user.role}")))
        if st.sidebar.button(t("app.logout"), icon=":material/logout:"):
            logout()
            st.rerun()
        if st.session_state.pop(DOOR_NOTE, False):
            st.info(t("app.page_not_allowed"), icon=":material/info:")
    take_door_page(pages, page)
    if settings.demo_mode:
        st.sidebar.caption(t("app.demo_mode"))
    page.run()


begin_run()  # the data version and the signed-in user are read once per run, however many reads ask
settings = load_settings()
language_switch()
body = st.empty()  # a failure replaces whatever the page had shown so far
with plain_failures(body), body.container():
    if database_reachable():
        open_app(settings)
    else:
        show_unreachable()
