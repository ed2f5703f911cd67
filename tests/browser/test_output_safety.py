"""A formula typed as a name comes out of the table's own "Download as CSV" as inert text."""
from __future__ import annotations

import csv
import io

from db.engine import make_engine, session_factory
from db.services.institutions import create_institution
from domain.inputs import parse
from domain.stakeholder_inputs import InstitutionInput
from tests.browser.conftest import log_in, settle
from tests.factories import COORDINATOR_ACTOR

FORMULA = '=HYPERLINK("http://x","y")'


def test_a_hyperlink_name_downloaded_as_csv_is_neutralised(writable_server, tmp_path, page):
    engine = make_engine(f"sqlite:///{tmp_path / 'writable.db'}")
    with session_factory(engine)() as s, s.begin():
        create_institution(s, actor=COORDINATOR_ACTOR, given=parse(
            InstitutionInput, name=FORMULA, acronym=None, type="ngo", level="local", city=None))
    engine.dispose()
    # Chromium would open its "save as" dialog (File System Access API); without it the table downloads.
    page.add_init_script("window.showSaveFilePicker = undefined;")
    log_in(page, writable_server, "coordinator", "coord-fm0390")
    page.goto(f"{writable_server.url}/institutions")
    settle(page)
    table = page.locator("[data-testid='stDataFrame']").first
    table.wait_for()
    table.hover()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as CSV").first.click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    names = [cell for row in rows[1:] for cell in row if "HYPERLINK" in cell]
    assert names == ["'" + FORMULA], rows[:3]
