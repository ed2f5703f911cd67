"""Progress pages in a real browser: a coordinator records an expenditure; a viewer exports the IPTT."""
from __future__ import annotations

import re
import sqlite3
from io import BytesIO

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot, settle


def _logged_in(page, server, username: str, password: str) -> None:
    """Log in; a server started for this test alone can miss the first submit while it warms up."""
    landing = page.get_by_role("heading", name="Vue d'ensemble du projet")
    for _attempt in range(3):
        log_in(page, server, username, password)
        try:
            landing.wait_for(timeout=10_000)
            return
        except Exception:  # still on the login page: submit again
            continue
    landing.wait_for()


def _open(page, title: str, heading: str) -> None:
    page.locator("[data-testid='stSidebarNav']").get_by_text(title, exact=True).click()
    settle(page)
    page.get_by_role("heading", name=heading).wait_for()
    settle(page)


def _tile(page, label: str) -> str:
    tile = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    tile.wait_for()
    return tile.locator("[data-testid='stMetricValue']").inner_text()


def test_coordinator_records_an_expenditure_and_sees_budget_and_overview_change(writable_server, page):
    _logged_in(page, writable_server, "coordinator", "coord-fm0390")
    settle(page)
    before = _tile(page, "Dépensé (USD)")
    assert re.sub(r"\D", "", before) == "195449"
    _open(page, "Budget", "Budget")
    page.locator("[data-testid='stVegaLiteChart']").first.wait_for()
    assert re.sub(r"\D", "", _tile(page, "Dépensé")) == "195449"
    screenshot(page, "progress-budget-coordinator-fr")
    form = page.locator("[data-testid='stForm']").filter(has_text="Enregistrer la dépense")
    form.get_by_role("spinbutton", name="day, Date de paiement").click()
    page.keyboard.type("04052016")
    page.keyboard.press("Escape")
    form.get_by_role("textbox", name="Description", exact=True).fill("Appels de suivi des stagiaires")
    form.get_by_role("textbox", name="Montant", exact=True).fill("981")
    form.get_by_role("button", name="Enregistrer la dépense").click()
    settle(page)
    # 981 MAD at the 2016 rate of 9.81 MAD per USD = 100 USD.
    expect(page.get_by_text("Dépense enregistrée", exact=False)).to_be_visible()
    assert re.sub(r"\D", "", _tile(page, "Dépensé")) == "195549"
    screenshot(page, "progress-budget-after-expenditure-fr")
    _open(page, "Vue d'ensemble", "Vue d'ensemble du projet")
    assert re.sub(r"\D", "", _tile(page, "Dépensé (USD)")) == "195549"
    expect(page.get_by_text("Indicateurs par rapport à leurs cibles")).to_be_visible()
    screenshot(page, "progress-overview-after-expenditure-fr")


def test_viewer_opens_the_iptt_and_exports_it_without_personal_data(server, page):
    _logged_in(page, server, "viewer", "viewer-fm0390")
    _open(page, "Suivi des indicateurs (IPTT)",
          "Tableau de suivi de la performance des indicateurs (IPTT)")
    page.locator("[data-testid='stDataFrame']").first.wait_for()
    page.locator("[data-testid='stVegaLiteChart']").first.wait_for()
    screenshot(page, "progress-iptt-viewer-fr")
    with page.expect_download() as download:
        page.get_by_role("button", name="Exporter l'IPTT (XLSX)").click()
    data = download.value.path().read_bytes()
    sheet = load_workbook(BytesIO(data)).active
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert "Durée du projet" in text and "2014-07 – 2014-12" in text
    database = server_database(server)
    with sqlite3.connect(database) as db:
        people = [v for row in db.execute("select full_name, phone, code from participant") for v in row if v]
    assert people and [p for p in people if p in text] == []


def test_timeline_and_framework_render_for_a_viewer(server, page):
    _logged_in(page, server, "viewer", "viewer-fm0390")
    _open(page, "Calendrier", "Calendrier")
    page.locator("[data-testid='stVegaLiteChart']").first.wait_for()
    screenshot(page, "progress-timeline-viewer-fr")
    _open(page, "Cadre de résultats", "Cadre de résultats")
    screenshot(page, "progress-framework-viewer-fr")


def server_database(server) -> str:
    """The SQLite file the server runs on, read from its process environment."""
    import os

    environ = open(f"/proc/{server.process.pid}/environ", "rb").read().split(b"\0")
    url = next(e for e in environ if e.startswith(b"DATABASE_URL=")).decode().split("=", 1)[1]
    assert url.startswith("sqlite:///")
    return url.removeprefix("sqlite:///") if os.path.exists(url.removeprefix("sqlite:///")) else url


def test_the_sidebar_as_of_date_is_kept_across_pages(server, page):
    _logged_in(page, server, "viewer", "viewer-fm0390")
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_role("spinbutton", name="day, Situation au").click()
    page.keyboard.type("31122015")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    settle(page)
    expect(page.get_by_text("Chiffres au 31 décembre 2015", exact=False)).to_be_visible()
    _open(page, "Budget", "Budget")
    expect(page.get_by_text("Dépenses par rapport au plan au 31 décembre 2015", exact=False)).to_be_visible()
    _open(page, "Calendrier", "Calendrier")
    expect(page.get_by_text("tel qu'on le connaissait au 31 décembre 2015", exact=False)).to_be_visible()
    screenshot(page, "progress-timeline-end-2015-fr")
