"""A real `streamlit run` and Debian's Chromium driven by Playwright. Skipped, with the reason, without Chromium."""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from seed.app_process import AppProcess, start_app, stop_app

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
DEMO_PASSWORDS = {("admin", "admin-fm0390"), ("coordinator", "coord-fm0390"), ("viewer", "viewer-fm0390")}
COOKIE_NAME = "fm0390_auth"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"browser tests need Debian's chromium at {CHROMIUM} "
                                   "(apt-get install chromium; .ci/run installs it)")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


def _seeded_sqlite(path: Path) -> str:
    url = f"sqlite:///{path}"
    env = os.environ | {"DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "db.migrate"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "-m", "seed", "--if-empty"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return url


class Server:
    def __init__(self, url: str, process: subprocess.Popen, log: Path, database_url: str):
        self.url, self.process, self.log, self.database_url = url, process, log, database_url


def _start_server(database_url: str, log: Path, extra_env: dict[str, str] | None = None) -> Server:
    app = start_app({"DATABASE_URL": database_url, "DEMO_MODE": "1"} | (extra_env or {}), log)
    return Server(app.url, app.process, log, database_url)


def _stop(server: Server) -> None:
    stop_app(AppProcess(server.url, server.process, server.log))


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory) -> str:
    return _seeded_sqlite(tmp_path_factory.mktemp("browser") / "demo.db")


@pytest.fixture(scope="session")
def server(demo_database, tmp_path_factory) -> Iterator[Server]:
    """One server for the journeys."""
    s = _start_server(demo_database, tmp_path_factory.mktemp("logs") / "streamlit.log")
    yield s
    _stop(s)


@pytest.fixture
def writable_server(demo_database, tmp_path) -> Iterator[Server]:
    """A server on a private copy of the demo database, for journeys that write (others keep 135 and 41)."""
    import shutil

    copy = tmp_path / "writable.db"
    shutil.copyfile(demo_database.removeprefix("sqlite:///"), copy)
    s = _start_server(f"sqlite:///{copy}", tmp_path / "streamlit.log")
    yield s
    _stop(s)


@pytest.fixture
def fresh_server(demo_database, tmp_path) -> Iterator[Server]:
    """A server no session has yet visited: Streamlit still routes /<page> straight to pages/<page>.py."""
    s = _start_server(demo_database, tmp_path / "streamlit.log")
    yield s
    _stop(s)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=20_000)  # two cores shared with a server per test: be patient, not flaky

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


def settle(page) -> None:
    """Wait until Streamlit has finished running the script (the app frame says so; no fixed pause)."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30_000)
    page.wait_for_function(
        "() => !document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=30_000)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, server: Server, username: str, password: str, *, expect_success: bool | None = None,
           path: str = "") -> None:
    """Log in through the form, with one click. With good credentials, wait until the app shows the logged-in
    frame and the browser holds the login cookie (so a reload or a bookmark finds it)."""
    from playwright.sync_api import expect

    if expect_success is None:
        expect_success = (username, password) in DEMO_PASSWORDS
    page.goto(f"{server.url}/{path}")
    settle(page)
    page.get_by_label("Nom d'utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    settle(page)
    if not expect_success:
        return
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    page.wait_for_function(f"() => document.cookie.includes({COOKIE_NAME!r} + '=')")
    settle(page)


def login_cookie(page) -> dict | None:
    """The login cookie the browser holds, if any."""
    return next((c for c in page.context.cookies() if c["name"] == COOKIE_NAME), None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test leaves a full-page screenshot of what the user saw, for the person reading CI."""
    outcome = yield
    report = outcome.get_result()
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and page is not None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(ARTIFACTS / f"FAILED-{item.name}.png"), full_page=True)
        except Exception:  # noqa: BLE001 - a closed page must not hide the test's own failure
            pass
