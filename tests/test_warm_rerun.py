"""A warm rerun of the app asks the database three things only: is it there, who is signed in, which data
version is current; every figure, table and chart comes from the caches keyed by that version."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

HARNESS = str(Path(__file__).resolve().parent / "app_harness.py")


@pytest.fixture
def statements():
    """Every SQL statement any engine of this process sends while the test runs."""
    sent: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        sent.append(" ".join(statement.split()))

    event.listen(Engine, "before_cursor_execute", record)
    yield sent
    event.remove(Engine, "before_cursor_execute", record)


def test_a_warm_rerun_of_the_overview_reads_the_user_and_the_data_version_once(demo_url, statements):
    app = AppTest.from_file(HARNESS, default_timeout=60)
    app.session_state["authentication_status"] = True
    app.session_state["username"] = "admin"
    app.session_state["auth_issued_at"] = time.time()
    app.run()  # the landing page: the overview with its tiles and progress chart
    assert app.get("vega_lite_chart") and not app.exception
    statements.clear()
    app.run()
    assert not app.exception
    assert sum("FROM app_user" in s for s in statements) == 1
    assert sum("FROM data_version" in s for s in statements) == 1
    assert "SELECT 1" in statements and len(statements) == 3  # the third: is the database reachable
