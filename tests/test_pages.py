"""AppTest: every page for every role, the login form, and what a viewer can and cannot reach."""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.i18n import translate
from components.navigation import PAGES, pages_for
from db.actor import ADMIN, COORDINATOR, VIEWER
from seed.demo import DEMO_ACCOUNTS
from tests.page_harness import page_as

HARNESS = str(Path(__file__).resolve().parent / "app_harness.py")
PASSWORDS = {username: password for username, password, _role, _name in DEMO_ACCOUNTS}


@pytest.fixture
def app(demo_url) -> AppTest:
    return AppTest.from_file(HARNESS, default_timeout=60)


def _as(app: AppTest, username: str, lang: str = "en") -> AppTest:
    """Start a session already logged in (the login form itself is tested separately)."""
    app.session_state["authentication_status"] = True
    app.session_state["username"] = username
    app.session_state["auth_issued_at"] = time.time()
    app.session_state["lang"] = lang
    return app


def _texts(app: AppTest) -> str:
    parts = [e.value for e in (*app.title, *app.markdown, *app.caption, *app.info, *app.warning, *app.error)]
    parts += [m.label + " " + m.value for m in app.metric]
    for frame in app.dataframe:
        parts.append(frame.value.to_string())
    for table in app.table:
        parts.append(table.value.to_string())
    return "\n".join(str(p) for p in parts)


ADMIN_ONLY = {"users", "audit", "period-locks"}
# The heading each page shows (its menu label is often shorter).
PAGE_TITLE_KEYS = {
    "overview": "overview.title", "iptt": "iptt.title", "results-framework": "framework.title",
    "timeline": "timeline.title", "budget": "budget.title", "cohort-progress": "progress_cohorts.title",
    "cohorts": "cohorts.title", "participants": "participants.title", "training-sessions": "training_sessions.title",
    "cohort-results": "cohort_results.title", "cohort-import": "cohort_import.title",
    "capacity-building": "capacity.title",
    "stakeholder-events": "events.title", "institutions": "institutions.title",
    "enterprise-pipeline": "enterprise.pipeline.title", "business-plans": "enterprise.plans.title",
    "entrepreneurship-training": "entrepreneurship.title", "users": "users.title", "audit": "audit.title",
    "committee": "committee.title", "period-locks": "locks.title",
    "presentation": "story.at_glance",  # presentation mode opens on its first section
}


def test_admins_get_every_page_and_coordinators_all_but_administration():
    assert [p.url_path for p in pages_for(ADMIN)] == [p.url_path for p in PAGES]
    assert {p.url_path for p in pages_for(COORDINATOR)} == {p.url_path for p in PAGES} - ADMIN_ONLY
    assert pages_for(ADMIN)[0].url_path == pages_for(VIEWER)[0].url_path == "overview"
    assert pages_for("stranger") == []


@pytest.mark.parametrize("spec", pages_for(VIEWER), ids=lambda s: s.url_path)
def test_pages_open_to_viewers_have_no_data_entry_form(demo_url, spec):
    """A viewer's pages are dashboards: filters and downloads, never a form that writes or an editable grid."""
    page = page_as(spec.url_path, VIEWER)
    page.run()
    assert not page.exception
    assert [b.label for b in page.button if b.proto.is_form_submitter] == []
    assert page.get("arrow_data_frame") == [] or all(
        not e.proto.editing_mode for e in page.get("arrow_data_frame"))
    assert spec.url_path not in ADMIN_ONLY


def test_logged_out_visitor_gets_the_login_page_only(app):
    app.run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Connexion"]
    assert not app.metric


@pytest.mark.parametrize("username", ["admin", "coordinator", "viewer"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_landing_page_renders_for_every_role_in_both_languages(app, username, lang):
    _as(app, username, lang).run()
    assert not app.exception
    titles = [t.value for t in app.title]
    assert titles == (["Project overview"] if lang == "en" else ["Vue d'ensemble du projet"])
    figures = {m.label: m.value for m in app.metric}
    assert figures[{"en": "Women reached", "fr": "Femmes touchées"}[lang]] == "135"
    assert figures[{"en": "Placed in work", "fr": "Insérées dans l'emploi"}[lang]] == "41"
    assert app.get("vega_lite_chart"), "the progress chart is missing"


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("role", [ADMIN, COORDINATOR, VIEWER])
@pytest.mark.parametrize("spec", PAGES, ids=lambda s: s.url_path)
def test_every_page_for_every_role_renders_or_refuses(demo_url, role, spec, lang):
    """Each page function run on its own: the allowed roles see it, the others get a refusal and no data."""
    page = page_as(spec.url_path, role, lang)
    page.run()
    assert not page.exception
    refusal = translate("auth.forbidden", lang)
    if role in spec.roles:
        title = translate(PAGE_TITLE_KEYS[spec.url_path], lang)
        assert [t.value for t in page.title] == [title], spec.url_path
        assert refusal not in [e.value for e in page.error]
        leftover_keys = [v for v in _texts(page).split() if re.fullmatch(r"[a-z_]+\.[a-z_.]+", v)]
        assert leftover_keys == [], f"untranslated keys on {spec.url_path}: {leftover_keys}"
    else:
        assert [e.value for e in page.error] == [refusal]
        assert not page.title and not page.dataframe and not page.metric


def test_page_functions_refuse_a_visitor_who_is_not_logged_in(demo_url):
    for spec in PAGES:
        page = page_as(spec.url_path, None, lang="fr")
        page.run()
        assert not page.exception
        assert [w.value for w in page.warning] == ["Veuillez vous connecter pour voir cette page."]
        assert not page.metric and not page.dataframe


@pytest.mark.parametrize("username,password,message", [
    ("", "", "Saisissez votre nom d'utilisateur et votre mot de passe."),
    ("coordinator", "", "Saisissez votre nom d'utilisateur et votre mot de passe."),
    ("coordinator", "wrong-password", "Le nom d'utilisateur ou le mot de passe est incorrect."),
    ("nobody", "whatever-it-is", "Le nom d'utilisateur ou le mot de passe est incorrect."),
])
def test_bad_login_gets_a_clear_message(app, username, password, message):
    app.run()
    app.text_input(key="login_username").input(username)
    app.text_input(key="login_password").input(password)
    app.button[0].click().run()
    assert not app.exception
    assert [e.value for e in app.error] == [message]
    assert [t.value for t in app.title] == ["Connexion"]


def test_coordinator_logs_in_with_the_form_and_reaches_the_overview(app):
    app.run()
    app.text_input(key="login_username").input("Coordinator")
    app.text_input(key="login_password").input(PASSWORDS["coordinator"])
    app.button[0].click().run()  # one click, one run: the login reruns straight into the app
    assert not app.exception
    assert [t.value for t in app.title] == ["Vue d'ensemble du projet"]
    assert app.session_state["username"] == "coordinator"


def test_viewer_sees_aggregates_only(app):
    _as(app, "viewer").run()
    text = _texts(app)
    from db.engine import make_engine, session_factory
    from db.models import Participant
    from sqlalchemy import select

    engine = make_engine(os.environ["DATABASE_URL"])
    with session_factory(engine)() as s:
        names = [n for n in s.scalars(select(Participant.full_name)) if n]
        phones = [p for p in s.scalars(select(Participant.phone)) if p]
        codes = list(s.scalars(select(Participant.code)))
    engine.dispose()
    assert names and phones
    leaked = [v for v in (*names, *phones, *codes) if v in text]
    assert leaked == []


def test_admin_adds_a_user_and_a_bad_one_is_refused_next_to_its_field(app):
    users = page_as("users", "admin")
    users.run()
    form_inputs = {t.label: t for t in users.text_input}
    form_inputs["Username"].input("x")
    form_inputs["Full name"].input("Someone")
    form_inputs["Password"].input("short")
    next(b for b in users.button if b.label == "Add user").click().run()
    errors = [e.value for e in users.error]
    assert "The password must have at least 8 characters." in errors
    assert any(e.startswith("Use 3 to 60 lowercase letters") for e in errors)
    before = len(users.dataframe[0].value)
    form_inputs = {t.label: t for t in users.text_input}
    form_inputs["Username"].input("newcoord")
    form_inputs["Password"].input("long-enough-password")
    next(b for b in users.button if b.label == "Add user").click().run()
    assert not users.exception
    assert len(users.dataframe[0].value) == before + 1
    assert ("User 'newcoord' added. Give them their password in person; they choose their own at the first "
            "login.") in [s.value for s in users.success]
