"""A viewer downloads the IATI activity file and the open-data package from the IPTT page."""
from __future__ import annotations

import io
import json
import sqlite3
import xml.etree.ElementTree as ET
import zipfile

from tests.browser.conftest import settle
from tests.browser.test_progress import _logged_in, _open, server_database


def test_viewer_downloads_the_iati_file_and_the_open_data_package(server, page):
    _logged_in(page, server, "viewer", "viewer-fm0390")
    _open(page, "Suivi des indicateurs (IPTT)", "Tableau de suivi de la performance des indicateurs (IPTT)")
    page.locator("[data-testid='stDataFrame']").first.wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Fichier d'activité IATI (XML)").click()
    xml = download.value.path().read_bytes()
    settle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Données ouvertes (ZIP de CSV)").click()
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    activity = ET.fromstring(xml).find("iati-activity")
    assert activity.findtext("iati-identifier") == "XM-DAC-47066-FM.0390"
    assert json.loads(archive.read("datapackage.json"))["resources"][0]["name"] == "iptt"
    texts = [xml.decode("utf-8")] + [archive.read(n).decode("utf-8") for n in archive.namelist()]
    with sqlite3.connect(server_database(server)) as db:
        people = [v for row in db.execute("select full_name, phone, code from participant") for v in row if v]
    assert people and [p for p in people if any(p in text for text in texts)] == []
