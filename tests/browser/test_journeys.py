"""What a person sees in a real browser: the login gate, the overview's figures, the role's menu."""
from __future__ import annotations

import os
import re
import shutil

from playwright.sync_api import expect

from components.navigation import PAGES
from tests.browser.conftest import COOKIE_NAME, ROOT, log_in, screenshot, settle

PAGE_PATHS = ["", "login"] + [spec.url_path for spec in PAGES]
PROJECT_DATA = re.compile(
    r"\b135\b|\b41\b|Femmes touchées|Women reached|CAS-\d|RAB-\d|BP-\d|Karim|Amina|Vue d'ensemble du projet"
    r"|L'Heure Joyeuse|Orient-Occident|MCMREAM|195[\s,\u202f]?4\d\d|IPTT|Cohortes|Budget")


def test_no_page_url_shows_project_data_without_logging_in(fresh_server, page):
    """On a fresh server, every address answers with the login form and shows no project data."""
    for path in reversed(PAGE_PATHS):  # a page's address first: the one Streamlit's old mode would run directly
        page.goto(f"{fresh_server.url}/{path}")
        settle(page)
        text = page.locator("[data-testid='stApp']").inner_text()
        assert not PROJECT_DATA.search(text), f"/{path} leaked: {text[:300]}"
        expect(page.get_by_role("button", name="Se connecter")).to_have_count(1)
    screenshot(page, "direct-url-logged-out")


def test_a_wrong_password_is_refused_in_plain_words(server, page):
    log_in(page, server, "coordinator", "not-the-password")
    expect(page.get_by_text("Le nom d'utilisateur ou le mot de passe est incorrect.")).to_be_visible()
    log_in(page, server, "", "")
    expect(page.get_by_text("Saisissez votre nom d'utilisateur et votre mot de passe.")).to_be_visible()
    screenshot(page, "login-refused-fr")


def test_coordinator_logs_in_and_sees_the_overview_with_135_and_41(server, page):
    log_in(page, server, "coordinator", "coord-fm0390")
    page.get_by_role("heading", name="Vue d'ensemble du projet").wait_for()
    page.locator("[data-testid='stMetric']").nth(4).wait_for()
    settle(page)
    tiles = page.locator("[data-testid='stMetric']").all_inner_texts()
    assert any("Femmes touchées" in t and re.search(r"\b135\b", t) for t in tiles), tiles
    assert any("Insérées dans l'emploi" in t and re.search(r"\b41\b", t) for t in tiles), tiles
    page.locator("[data-testid='stVegaLiteChart']").first.wait_for()
    expect(page.get_by_text("Données de démonstration illustratives", exact=False)).to_be_visible()
    shot = screenshot(page, "overview-coordinator-fr")
    if os.environ.get("UPDATE_README_SCREENSHOT"):
        shutil.copyfile(shot, ROOT / "docs" / "overview.png")
    assert page.locator("[data-testid='stSidebarNav']").get_by_text("Utilisateurs").count() == 0


def test_language_switch_is_kept_across_pages(server, page):
    log_in(page, server, "admin", "admin-fm0390")
    page.get_by_role("combobox", name=re.compile(r"Langue . Language")).click()
    page.get_by_role("option", name="English").click()
    settle(page)
    page.get_by_role("heading", name="Project overview").wait_for()
    screenshot(page, "overview-admin-en")
    page.locator("[data-testid='stSidebarNav']").get_by_text("Users").click()
    settle(page)
    page.get_by_role("heading", name="Users").wait_for()
    screenshot(page, "users-admin-en")


def test_viewer_cannot_open_the_admin_pages_by_url(server, page):
    log_in(page, server, "viewer", "viewer-fm0390")
    page.get_by_role("heading", name="Vue d'ensemble du projet").wait_for()
    for path in ("users", "audit"):
        page.goto(f"{server.url}/{path}")
        settle(page)
        assert page.get_by_role("heading", name="Utilisateurs").count() == 0
        assert page.get_by_role("heading", name="Journal d'audit").count() == 0


def test_a_reload_keeps_the_login_and_the_page_and_logout_ends_it(server, page):
    log_in(page, server, "admin", "admin-fm0390")
    expect(page.get_by_role("heading", name="Vue d'ensemble du projet")).to_be_visible()
    page.goto(f"{server.url}/users")  # a bookmark: the signed cookie logs the browser back in on this page
    settle(page)
    expect(page.get_by_role("heading", name="Utilisateurs")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()
    settle(page)
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    page.wait_for_function(f"() => !document.cookie.includes({COOKIE_NAME!r} + '=')")  # the cookie is gone
    page.reload()
    settle(page)
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    assert page.get_by_role("heading", name="Utilisateurs").count() == 0
    assert page.url.endswith("/users")  # the address is kept for the next login
