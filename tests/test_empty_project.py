"""A fresh project (`python -m seed --empty-project`): every page opens for admin and viewer without a crash."""
from __future__ import annotations

import pytest

from components.navigation import PAGES
from db.actor import ADMIN, VIEWER
from db.engine import make_engine, session_factory
from db.migrate import upgrade
from tests.page_harness import page_as


@pytest.fixture(scope="module")
def empty_template(tmp_path_factory) -> str:
    from seed.demo import load_demo

    path = tmp_path_factory.mktemp("empty") / "empty.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    with session_factory(engine)() as s, s.begin():
        load_demo(s, empty=True)
    engine.dispose()
    return str(path)


@pytest.fixture
def empty_url(empty_template, tmp_path, monkeypatch) -> str:
    """A private copy of a freshly migrated database holding only an empty project, set as DATABASE_URL."""
    import shutil

    path = tmp_path / "empty.db"
    shutil.copyfile(empty_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DEMO_MODE", "1")
    monkeypatch.setenv("LOGIN_SLEEP_TIME", "0")
    return url


@pytest.mark.parametrize("role", [ADMIN, VIEWER])
@pytest.mark.parametrize("spec", PAGES, ids=lambda s: s.url_path)
def test_every_page_renders_on_an_empty_project(empty_url, spec, role):
    page = page_as(spec.url_path, role)
    page.run()
    assert not page.exception, [e.message for e in page.exception]
