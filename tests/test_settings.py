"""Settings fail fast: no guessable cookie key outside demo mode, demo mode only on a demo database."""
import os
import secrets
import stat
from datetime import timedelta

import pytest

from db.settings import DEFAULT_DATABASE_URL, Settings, SettingsError, published_keys

STRONG_KEY = secrets.token_urlsafe(48)
OLD_DEMO_KEY = "demo-only-cookie-signing-key-never-use-in-production"
PLACEHOLDER = "replace-me-with-a-long-random-string-of-at-least-32-characters"


def test_refuses_to_start_without_a_key_outside_demo_mode():
    with pytest.raises(SettingsError, match="AUTH_COOKIE_KEY"):
        Settings.load({})


def test_refuses_the_placeholder_key_of_the_example_secrets_file():
    assert PLACEHOLDER in published_keys()  # read from .streamlit/secrets.toml.example
    with pytest.raises(SettingsError, match="published"):
        Settings.load({"AUTH_COOKIE_KEY": PLACEHOLDER})
    with pytest.raises(SettingsError, match="published"):
        Settings.load({}, secrets={"auth": {"cookie_key": PLACEHOLDER}})


def test_refuses_the_old_demo_key_outside_demo_mode():
    with pytest.raises(SettingsError, match="published"):
        Settings.load({"AUTH_COOKIE_KEY": OLD_DEMO_KEY})


def test_refuses_a_short_key():
    with pytest.raises(SettingsError, match="32"):
        Settings.load({"AUTH_COOKIE_KEY": "short"})


@pytest.mark.parametrize("key", ["a" * 32, "ab" * 20, "abcdefgh" * 5])
def test_refuses_a_key_of_one_repeated_character_or_few_characters(key):
    with pytest.raises(SettingsError, match="guess"):
        Settings.load({"AUTH_COOKIE_KEY": key})


def test_accepts_a_random_key_and_secrets_take_precedence_over_the_environment():
    other = secrets.token_urlsafe(48)
    assert Settings.load({"AUTH_COOKIE_KEY": STRONG_KEY}).cookie_key == STRONG_KEY
    assert Settings.load({"AUTH_COOKIE_KEY": STRONG_KEY}, secrets={"auth": {"cookie_key": other}}).cookie_key == other


def test_demo_mode_is_refused_on_postgresql():
    with pytest.raises(SettingsError, match="DEMO_MODE"):
        Settings.load({"DEMO_MODE": "1", "DATABASE_URL": "postgresql+psycopg://fm:fm@127.0.0.1:5432/fm0390"})


def test_demo_mode_is_refused_on_an_sqlite_file_that_is_not_the_demo_one(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "elsewhere"))
    with pytest.raises(SettingsError, match="DEMO_MODE"):
        Settings.load({"DEMO_MODE": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'real.db'}"})


def test_demo_mode_makes_a_random_key_beside_the_database_readable_by_its_owner_only(tmp_path):
    env = {"DEMO_MODE": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}"}
    first = Settings.load(env)
    key_file = tmp_path / "demo.db.cookie-key"
    assert first.demo_mode and first.cookie_key == key_file.read_text()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.cookie_key) >= 32 and first.cookie_key not in published_keys()
    assert Settings.load(env).cookie_key == first.cookie_key  # kept for the next start
    other = tmp_path / "other"
    other.mkdir()
    assert Settings.load({"DEMO_MODE": "1", "DATABASE_URL": f"sqlite:///{other / 'demo.db'}"}).cookie_key \
        != first.cookie_key


def test_demo_mode_refuses_a_key_file_others_can_read(tmp_path):
    env = {"DEMO_MODE": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}"}
    Settings.load(env)
    os.chmod(tmp_path / "demo.db.cookie-key", 0o644)
    with pytest.raises(SettingsError, match="chmod 600"):
        Settings.load(env)


def test_session_lifetime_is_configurable_and_checked():
    assert Settings.load({"AUTH_COOKIE_KEY": STRONG_KEY}).session_lifetime == timedelta(hours=12)
    assert Settings.load({"AUTH_COOKIE_KEY": STRONG_KEY, "SESSION_HOURS": "1.5"}).session_lifetime == \
        timedelta(minutes=90)
    with pytest.raises(SettingsError, match="SESSION_HOURS"):
        Settings.load({"AUTH_COOKIE_KEY": STRONG_KEY, "SESSION_HOURS": "forever"})


def test_database_url_defaults_to_an_sqlite_file_under_data():
    assert Settings.load({"AUTH_COOKIE_KEY": STRONG_KEY}).database_url == DEFAULT_DATABASE_URL
    assert DEFAULT_DATABASE_URL.startswith("sqlite:///") and "/data/" in DEFAULT_DATABASE_URL
    url = "postgresql+psycopg://u:p@h/db"
    assert Settings.load({"AUTH_COOKIE_KEY": STRONG_KEY, "DATABASE_URL": url}).database_url == url
