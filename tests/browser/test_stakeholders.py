"""A coordinator records a workshop with participation from two institutions and sees the dashboard change."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import Institution
from pages.stakeholder_events import COUNT_WIDTH, NAME_WIDTH

from tests.browser.conftest import log_in, screenshot, settle

ROW_HEIGHT = 35  # st.data_editor's default row height, in pixels
WORKSHOP = "Atelier : inclusion des femmes migrantes dans les programmes sociaux de Fès"


def _log_in_as_coordinator(page, server) -> None:
    """Log in and wait for the landing page; one more try when the cookie round trip was lost (seen rarely)."""
    for attempt in range(2):
        log_in(page, server, "coordinator", "coord-fm0390")
        try:
            page.get_by_role("heading", name="Vue d'ensemble du projet").wait_for(timeout=10_000)
            break
        except Exception:
            if attempt:
                raise
    settle(page)


def _open(page, server, path: str, heading: str) -> None:
    """Open a page by its address (the menu folds long sections) and wait for its title."""
    page.goto(f"{server.url}/{path}")
    settle(page)
    page.get_by_role("heading", name=heading).wait_for()
    settle(page)


def _tiles(page) -> dict[str, int]:
    """The dashboard's headline tiles as numbers, by label."""
    page.locator("[data-testid='stMetric']").nth(3).wait_for()
    figures = {}
    for text in page.locator("[data-testid='stMetric']").all_inner_texts():
        label, value = [line for line in text.splitlines() if line.strip()][:2]
        figures[label.strip()] = int(re.sub(r"\D", "", value))
    return figures


def _type_date(page, label: str, day: str, month: str, year: str) -> None:
    """Streamlit's date input is three spin buttons (day, month, year) that move on as digits are typed."""
    for part, value in (("day", day), ("month", month), ("year", year)):
        page.get_by_role("spinbutton", name=f"{part}, {label}").click()
        page.keyboard.type(value)


def _grid_rows(database: Path) -> list[str]:
    """Institution names in the order the participation grid lists them (the page's own ordering)."""
    engine = make_engine(f"sqlite:///{database}")
    with session_factory(engine)() as s:
        names = list(s.scalars(select(Institution.name).order_by(Institution.name)))
    engine.dispose()
    return names


def _type_in_grid(page, row: int, column: str, value: int, totals: str) -> None:
    """st.data_editor draws on a canvas: select the cell by position, type, commit with Enter.

    The grid moves when the page above it changes (the "event recorded" message goes at the first rerun)
    and the canvas can take a first click as focus only, so the cell is measured afresh on each try and
    the page's live totals line says when the value has landed.
    """
    for attempt in range(3):
        grid = page.locator("[data-testid='stDataFrame']:visible").first
        box = grid.bounding_box()
        x = box["x"] + NAME_WIDTH + COUNT_WIDTH * (0.5 if column == "women" else 1.5)
        y = box["y"] + ROW_HEIGHT * (row + 1.5)  # the header is one row high
        page.mouse.click(x, y)
        page.keyboard.type(str(value))
        page.keyboard.press("Enter")
        settle(page)
        try:
            expect(page.get_by_text(totals)).to_be_visible(timeout=5_000)
            return
        except AssertionError:
            if attempt == 2:
                raise


def test_coordinator_records_a_workshop_with_two_institutions_and_sees_the_dashboard_change(writable_server, page,
                                                                                          tmp_path):
    _log_in_as_coordinator(page, writable_server)
    _open(page, writable_server, "capacity-building", "Renforcement des capacités des acteurs marocains")
    before = _tiles(page)
    screenshot(page, "stakeholders-dashboard-before")

    _open(page, writable_server, "stakeholder-events", "Événements des acteurs")
    page.get_by_label("Intitulé").fill(WORKSHOP)
    _type_date(page, "Premier jour", "20", "09", "2016")
    _type_date(page, "Dernier jour", "21", "09", "2016")
    page.get_by_label("Ville").fill("Fès")
    page.get_by_role("button", name="Enregistrer l'événement").click()
    settle(page)
    expect(page.get_by_text("Événement enregistré", exact=False)).to_be_visible()  # and the grid is open
    grid = page.locator("[data-testid='stDataFrame']:visible").first
    grid.wait_for()
    expect(page.get_by_text("Totaux de la grille : 0 femmes, 0 hommes, 0 participants.")).to_be_visible()
    screenshot(page, "stakeholders-participation-grid")
    rows = _grid_rows(tmp_path / "writable.db")  # the writable server's database (same tmp_path as the fixture)
    typed = [("Entraide Nationale", "women", 6), ("Entraide Nationale", "men", 2),
             ("Association Amal pour les femmes migrantes", "women", 4)]
    women = men = 0
    for name, column, value in typed:
        women, men = (women + value, men) if column == "women" else (women, men + value)
        _type_in_grid(page, rows.index(name), column, value,
                      f"Totaux de la grille : {women} femmes, {men} hommes, {women + men} participants.")
    screenshot(page, "stakeholders-grid-typed")
    page.get_by_role("button", name="Enregistrer la participation").click()
    settle(page)
    expect(page.get_by_text("Participation enregistrée : 12 participants.")).to_be_visible()

    _open(page, writable_server, "capacity-building", "Renforcement des capacités des acteurs marocains")
    after = _tiles(page)
    assert after["Événements tenus"] == before["Événements tenus"] + 1
    assert after["Participants"] == before["Participants"] + 12
    # a workshop with a ministry and a Moroccan NGO: all 12 count as officials trained, as on the overview
    assert after["Acteurs formés"] == before["Acteurs formés"] + 12
    expect(page.locator("[data-testid='stVegaLiteChart']")).to_have_count(4)
    # The events table is a virtualised canvas: only the rows in view are in the DOM, so the new event is
    # checked through the tiles above rather than by reading the table's text.
    screenshot(page, "stakeholders-dashboard-after")
    page.locator("[data-testid='stVegaLiteChart']").nth(1).scroll_into_view_if_needed()
    screenshot(page, "stakeholders-dashboard-charts")
    page.locator("[data-testid='stVegaLiteChart']").nth(3).scroll_into_view_if_needed()
    screenshot(page, "stakeholders-dashboard-action-points")
