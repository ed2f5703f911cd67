"""Period locks in a real browser: an administrator locks the period through 31/12/2015 with the committee's
reason; a coordinator's result for the first half of 2015 is refused with that reason shown; once the
administrator reopens the period, the same result goes through."""
from __future__ import annotations

import sqlite3

from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot, settle

REASON = "Comité de pilotage du 20 janvier 2016"


def _open(page, server, path: str, title: str) -> None:
    page.goto(f"{server.url}/{path}")
    settle(page)
    page.get_by_role("heading", name=title).first.wait_for()


def _choose(page, label: str, option: str) -> None:
    box = page.locator("[data-testid='stSelectbox']").filter(has=page.get_by_text(label, exact=True))
    box.locator("input").click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")


def _report_first_half_of_2015(page) -> None:
    page.get_by_text("Saisir un résultat").click()
    _choose(page, "Indicateur", "1b ·")
    _choose(page, "Période", "01/2015")
    page.get_by_label("Valeur", exact=True).fill("38")
    page.get_by_role("button", name="Enregistrer le résultat").click()
    settle(page)


def _results_of_first_half_of_2015(database: str) -> list[tuple]:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT r.value FROM indicator_result r JOIN indicator i ON i.id = r.indicator_id "
                          "WHERE i.code = '1b' AND r.period_start = '2015-01-01' AND r.dimension = 'total'").fetchall()


def test_a_locked_period_refuses_a_coordinators_result_with_the_reason_until_it_is_reopened(
        writable_server, browser, page, tmp_path):
    server = writable_server
    database = str(tmp_path / "writable.db")

    log_in(page, server, "admin", "admin-fm0390")
    _open(page, server, "period-locks", "Verrouillage des périodes")
    page.get_by_label("day, Verrouillée jusqu'au (inclus)", exact=True).click()
    page.keyboard.type("31122015")
    page.keyboard.press("Tab")
    page.get_by_label("Motif ou réunion du comité").fill(REASON)
    page.get_by_role("button", name="Verrouiller la période").click()
    settle(page)
    expect(page.get_by_text("Les chiffres sont désormais verrouillés jusqu'au 31 décembre 2015.")).to_be_visible()
    expect(page.locator("[data-testid='stDataFrame']")).to_be_visible()
    screenshot(page, "period-locks-locked")

    coordinator = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR").new_page()
    coordinator.set_default_timeout(20_000)
    try:
        log_in(coordinator, server, "coordinator", "coord-fm0390")
        _open(coordinator, server, "results-framework", "Cadre de résultats")
        expect(coordinator.get_by_text(REASON).first).to_be_visible()  # the lock notice
        _report_first_half_of_2015(coordinator)
        refusal = coordinator.locator("[data-testid='stAlert']").filter(has_text="verrouillés jusqu'au 2015-12-31")
        expect(refusal).to_contain_text(REASON)
        screenshot(coordinator, "period-locks-refused")
        assert _results_of_first_half_of_2015(database) == []

        page.get_by_label("Motif de la réouverture").fill("Résultat du premier semestre 2015 oublié, accord du bailleur")
        page.get_by_role("button", name="Rouvrir").click()
        settle(page)
        expect(page.get_by_text("Le verrouillage jusqu'au 31 décembre 2015 est levé.")).to_be_visible()

        _open(coordinator, server, "results-framework", "Cadre de résultats")
        _report_first_half_of_2015(coordinator)
        expect(coordinator.get_by_text("Le résultat est enregistré.")).to_be_visible()
        screenshot(coordinator, "period-locks-reopened")
        assert _results_of_first_half_of_2015(database) == [(38,)]
    finally:
        coordinator.context.close()
