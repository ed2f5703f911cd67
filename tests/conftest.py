"""Shared fixtures: a freshly migrated database per test, on SQLite and (when configured) PostgreSQL."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from db.engine import make_engine, session_factory
from db.migrate import upgrade
from db.models import Base
from tests.demo_databases import private_copy, seeded_sqlite

# Tests never assert times: Hypothesis' per-example deadline and its "too slow" check fail a correct test
# on a loaded 2-core machine (seen once on test_cohort_results), so neither is used.
settings.register_profile("no_timing", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("no_timing")

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def pytest_report_header(config) -> str:
    return f"database backends: {', '.join(BACKENDS)}" + ("" if PG_URL else " (set TEST_DATABASE_URL for PostgreSQL)")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> str:
    """One migrated SQLite file per test run; each test gets its own copy."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return str(path)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The throw-away PostgreSQL database, emptied and migrated once per run."""
    engine = make_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    upgrade(PG_URL)
    return PG_URL


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    """URL of an empty, fully migrated database for this test."""
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> str:
    """One migrated SQLite file with the demo data loaded, per test run."""
    return seeded_sqlite(tmp_path_factory.mktemp("demo") / "demo.db")


@pytest.fixture
def demo_url(demo_template, tmp_path, monkeypatch) -> str:
    """A private copy of the demo database, set as DATABASE_URL (for AppTest): write to it freely."""
    return private_copy(demo_template, tmp_path, monkeypatch)


@pytest.fixture
def engine(db_url) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    """A session for arranging and re-reading; services under test get their own transaction."""
    with session_factory(engine)() as s:
        yield s
