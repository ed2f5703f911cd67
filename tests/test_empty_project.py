"""A fresh project (`python -m seed --empty-project`): every page opens for admin and viewer without a crash."""
from __future__ import annotations

import pytest

from components.navigation import PAGES
from db.actor import ADMIN, VIEWER
from tests.demo_databases import private_copy, seeded_sqlite
from tests.page_harness import page_as


@pytest.fixture(scope="module")
def empty_template(tmp_path_factory) -> str:
    return seeded_sqlite(tmp_path_factory.mktemp("empty") / "empty.db", empty=True)


@pytest.fixture
def empty_url(empty_template, tmp_path, monkeypatch) -> str:
    """A private copy of a freshly migrated database holding only an empty project, set as DATABASE_URL."""
    return private_copy(empty_template, tmp_path, monkeypatch)


@pytest.mark.parametrize("role", [ADMIN, VIEWER])
@pytest.mark.parametrize("spec", PAGES, ids=lambda s: s.url_path)
def test_every_page_renders_on_an_empty_project(empty_url, spec, role):
    page = page_as(spec.url_path, role)
    page.run()
    assert not page.exception, [e.message for e in page.exception]
