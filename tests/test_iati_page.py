"""The IPTT page offers the public files (IATI activity file, open-data package) to every role."""
from __future__ import annotations

import pytest

from tests.page_harness import page_as


def _downloads(app) -> list[str]:
    return [button.proto.label for button in app.get("download_button")]


@pytest.mark.parametrize("role", ["viewer", "coordinator", "admin"])
def test_every_role_can_download_the_iati_file_and_the_open_data_package(demo_url, role):
    app = page_as("iptt", role)
    app.run()
    assert not app.exception
    assert {"IATI activity file (XML)", "Open-data package (ZIP of CSV)"} <= set(_downloads(app))


def test_the_buttons_speak_french(demo_url):
    app = page_as("iptt", "viewer", lang="fr")
    app.run()
    assert {"Fichier d'activité IATI (XML)", "Données ouvertes (ZIP de CSV)"} <= set(_downloads(app))


def test_without_a_reporting_organisation_identifier_the_page_says_why_there_is_no_iati_file(demo_url):
    from sqlalchemy import update

    from db.engine import make_engine
    from db.models import Project

    engine = make_engine(demo_url)
    with engine.begin() as connection:
        connection.execute(update(Project).values(reporting_org_ref=""))
    engine.dispose()
    app = page_as("iptt", "viewer")
    app.run()
    assert "IATI activity file (XML)" not in _downloads(app)
    assert "Open-data package (ZIP of CSV)" in _downloads(app)
    assert any("no reporting organisation identifier" in c.value for c in app.caption)
