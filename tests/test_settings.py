"""Settings fail fast: no default cookie key outside demo mode."""
import pytest

from db.settings import DEFAULT_DATABASE_URL, DEMO_COOKIE_KEY, Settings, SettingsError

STRONG_KEY = "k" * 40


def test_refuses_to_start_without_a_key_outside_demo_mode():
    with pytest.raises(SettingsError, match="AUTH_COOKIE_KEY"):
        Settings.load({})


def test_refuses_the_demo_key_outside_demo_mode():
    with pytest.raises(SettingsError):
        Settings.load({"AUTH_COOKIE_KEY": DEMO_COOKIE_KEY})


def test_refuses_a_short_key():
    with pytest.raises(SettingsError, match="32"):
        Settings.load({"AUTH_COOKIE_KEY": "short"})


def test_demo_mode_falls_back_to_the_demo_key():
    settings = Settings.load({"DEMO_MODE": "1"})
    assert (settings.demo_mode, settings.cookie_key) == (True, DEMO_COOKIE_KEY)


def test_secrets_take_precedence_over_the_environment():
    settings = Settings.load({"AUTH_COOKIE_KEY": STRONG_KEY}, secrets={"auth": {"cookie_key": "s" * 40}})
    assert settings.cookie_key == "s" * 40


def test_database_url_defaults_to_an_sqlite_file_under_data():
    assert Settings.load({"AUTH_COOKIE_KEY": STRONG_KEY}).database_url == DEFAULT_DATABASE_URL
    assert DEFAULT_DATABASE_URL.startswith("sqlite:///") and "/data/" in DEFAULT_DATABASE_URL
    url = "postgresql+psycopg://u:p@h/db"
    assert Settings.load({"AUTH_COOKIE_KEY": STRONG_KEY, "DATABASE_URL": url}).database_url == url
