"""Two Streamlit processes on one database: a change saved through one shows in the other at its next rerun."""
from __future__ import annotations

import shutil

from playwright.sync_api import expect

from tests.browser.conftest import _start_server, _stop, log_in, screenshot, settle


def test_a_user_added_on_one_replica_appears_on_the_other(demo_database, tmp_path, page, browser):
    copy = tmp_path / "shared.db"
    shutil.copyfile(demo_database.removeprefix("sqlite:///"), copy)
    url = f"sqlite:///{copy}"
    first, second = _start_server(url, tmp_path / "a.log"), _start_server(url, tmp_path / "b.log")
    try:
        other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        for pg, server in ((page, first), (other, second)):
            log_in(pg, server, "admin", "admin-fm0390")
            expect(pg.get_by_role("heading", name="Vue d'ensemble du projet")).to_be_visible()
            pg.goto(f"{server.url}/users")
            settle(pg)
            expect(pg.get_by_role("heading", name="Utilisateurs")).to_be_visible()
        # The second replica has now cached its reads; add a user through the first one.
        form = page.locator("[data-testid='stForm']").filter(has=page.get_by_role("button", name="Ajouter"))
        form.get_by_role("textbox", name="Nom d'utilisateur").fill("replica.check")
        form.get_by_role("textbox", name="Nom complet").fill("Replica Check")
        form.get_by_role("textbox", name="Mot de passe").fill("long-enough-password")
        form.get_by_role("button", name="Ajouter").click()
        settle(page)
        expect(page.get_by_text("Utilisateur « replica.check » ajouté", exact=False)).to_be_visible()
        other.reload()
        settle(other)
        expect(other.get_by_role("heading", name="Utilisateurs")).to_be_visible()
        expect(other.locator("[data-testid='stDataFrame']")).to_contain_text("replica.check")
        screenshot(other, "users-second-replica")
        other.context.close()
    finally:
        _stop(first)
        _stop(second)
