"""A real deployment's first admin, and PostgreSQL stopped and started again under a logged-in browser.

The PostgreSQL here is a private instance made for this test (initdb in a temporary folder, its own port),
never the shared server other work uses.
"""
from __future__ import annotations

import glob
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from seed.app_process import free_port
from tests.browser.conftest import ROOT, _start_server, _stop, settle

PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
FIRST_PASSWORD = "first-admin-pass-1"
OWN_PASSWORD = "my-own-admin-pass-2"


class PrivatePostgres:
    """initdb + pg_ctl in a temporary folder (as the postgres user when the tests run as root)."""

    def __init__(self, folder: Path, port: int):
        self.folder, self.port = folder, port
        self.data = folder / "data"
        self.url = f"postgresql+psycopg://fm@127.0.0.1:{port}/fm0390"

    def _run(self, *command: str) -> None:
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*as_postgres, *command], check=True, cwd=self.folder, stdout=subprocess.DEVNULL)

    def create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self._run(f"{PG_BIN[-1]}/initdb", "-D", str(self.data), "-U", "fm", "--auth=trust", "-E", "UTF8")
        self.start()
        self._run(f"{PG_BIN[-1]}/createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "fm", "fm0390")

    def start(self) -> None:
        self._run(f"{PG_BIN[-1]}/pg_ctl", "-D", str(self.data), "-w", "-l", str(self.folder / "pg.log"), "-o",
                  f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1", "start")

    def stop(self) -> None:
        self._run(f"{PG_BIN[-1]}/pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop")


@pytest.fixture
def postgres() -> Iterator[PrivatePostgres]:
    if not PG_BIN or not shutil.which("runuser"):
        pytest.skip("needs PostgreSQL's initdb and pg_ctl under /usr/lib/postgresql/*/bin")
    folder = Path(tempfile.mkdtemp(prefix="fm0390-pg-"))
    folder.chmod(0o755)
    instance = PrivatePostgres(folder, free_port())
    instance.create()
    yield instance
    try:
        instance.stop()
    except subprocess.CalledProcessError:
        pass
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def deployment(postgres, tmp_path) -> Iterator:
    """A real deployment's steps from the README: migrate, an empty project, the first admin; no demo mode."""
    env = os.environ | {"DATABASE_URL": postgres.url}
    env.pop("DEMO_MODE", None)
    subprocess.run([sys.executable, "-m", "db.migrate"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "-m", "seed", "--empty-project"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    made = subprocess.run([sys.executable, "-m", "db.accounts", "create-admin", "director", "--name", "Director",
                           "--password-stdin"], cwd=ROOT, env=env, check=True, input=FIRST_PASSWORD + "\n",
                          capture_output=True, text=True)
    assert made.stdout.splitlines()[-1] == FIRST_PASSWORD
    server = _start_server(postgres.url, tmp_path / "streamlit.log",
                           {"DEMO_MODE": "0", "AUTH_COOKIE_KEY": secrets.token_urlsafe(48)})
    yield server
    _stop(server)


def test_the_first_admin_changes_the_password_then_survives_a_database_restart(postgres, deployment, page):
    page.goto(deployment.url)
    settle(page)
    page.get_by_label("Nom d'utilisateur").fill("director")
    page.get_by_label("Mot de passe").fill(FIRST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    settle(page)
    # Before anything else, the first admin chooses a password of their own.
    expect(page.get_by_role("heading", name="Choisissez votre mot de passe")).to_be_visible()
    page.get_by_role("textbox", name="Mot de passe actuel").fill(FIRST_PASSWORD)
    page.get_by_role("textbox", name="Nouveau mot de passe").fill(OWN_PASSWORD)
    page.get_by_role("button", name="Changer mon mot de passe").click()
    settle(page)
    expect(page.get_by_role("heading", name="Vue d'ensemble du projet")).to_be_visible()

    postgres.stop()
    page.locator("[data-testid='stSidebarNav']").get_by_text("IPTT").click()
    expect(page.get_by_role("heading", name="Base de données injoignable")).to_be_visible()
    text = page.locator("[data-testid='stApp']").inner_text()
    assert "OperationalError" not in text and "Traceback" not in text and str(postgres.port) not in text

    postgres.start()  # the page notices by itself, without a reload, and the login is kept
    expect(page.get_by_role("heading", name="Base de données injoignable")).to_have_count(0)
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    expect(page.get_by_role("heading", name="IPTT", exact=False)).to_be_visible()
