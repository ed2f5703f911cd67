"""One settings object for the whole app, read from the environment (and Streamlit secrets, passed in).

It fails fast: outside demo mode a missing, short, published or guessable cookie key stops the app; demo
mode only runs on a demo SQLite file and signs its cookies with a random key kept beside that file.
"""
from __future__ import annotations

import os
import re
import secrets
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import make_url

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{REPO_ROOT / 'data' / 'fm0390.db'}"
SECRETS_EXAMPLE = REPO_ROOT / ".streamlit" / "secrets.toml.example"
TRUE_WORDS = {"1", "true", "yes", "on"}
MIN_KEY_LENGTH = 32
MIN_DISTINCT_KEY_CHARACTERS = 10
DEFAULT_SESSION_HOURS = 12.0
# Keys that were once public (the demo constant shipped before demo keys were generated per installation):
# anyone can sign cookies with them, so they are refused even though they are long.
PUBLISHED_KEYS = frozenset({"demo-only-cookie-signing-key-never-use-in-production"})


class SettingsError(RuntimeError):
    """The configuration is unsafe or incomplete; the app refuses to start."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    demo_mode: bool
    cookie_key: str
    cookie_name: str = "fm0390_auth"
    session_lifetime: timedelta = timedelta(hours=DEFAULT_SESSION_HOURS)

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None,
             secrets: Mapping[str, object] | None = None) -> "Settings":
        """Build settings from the environment, with `[auth]` in secrets taking precedence."""
        env = os.environ if environ is None else environ
        auth = dict(secrets.get("auth", {})) if secrets else {}
        demo = env.get("DEMO_MODE", "").strip().lower() in TRUE_WORDS
        url = database_url(env)
        if demo:
            key = demo_cookie_key(demo_database_file(url))
        else:
            key = str(auth.get("cookie_key") or env.get("AUTH_COOKIE_KEY") or "")
            check_cookie_key(key)
        return cls(database_url=url, demo_mode=demo, cookie_key=key, session_lifetime=session_lifetime(env))


def check_cookie_key(key: str) -> None:
    """Refuse a key an attacker could know or guess: missing, short, published, or of few characters."""
    if not key:
        raise SettingsError("No cookie signing key: set AUTH_COOKIE_KEY or [auth] cookie_key in "
                            ".streamlit/secrets.toml (32+ random characters), or DEMO_MODE=1 for a demo.")
    if len(key) < MIN_KEY_LENGTH:
        raise SettingsError(f"The cookie signing key must be at least {MIN_KEY_LENGTH} characters long.")
    if key in published_keys():
        raise SettingsError("The cookie signing key is a published one (the example file's placeholder or "
                            "the old demo key): generate your own.")
    if len(set(key)) < MIN_DISTINCT_KEY_CHARACTERS:
        raise SettingsError("The cookie signing key is too easy to guess (too few different characters): "
                            "generate a random one.")


def published_keys() -> frozenset[str]:
    """The old demo key and whatever placeholder `secrets.toml.example` shows."""
    keys = set(PUBLISHED_KEYS)
    if SECRETS_EXAMPLE.exists():
        keys.update(re.findall(r'^\s*cookie_key\s*=\s*"([^"]*)"', SECRETS_EXAMPLE.read_text(), re.MULTILINE))
    return frozenset(keys)


def demo_database_file(url: str) -> Path:
    """The SQLite file demo mode may run on: the default one under data/, or a test's file in the temp folder.

    Anything else (PostgreSQL, an SQLite file elsewhere) may hold real people's data: demo mode is refused.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise SettingsError("DEMO_MODE=1 runs only on the demo SQLite database; unset DEMO_MODE for "
                            f"this database ({parsed.get_backend_name()}).")
    path = Path(parsed.database).resolve()
    default = Path(make_url(DEFAULT_DATABASE_URL).database).resolve()
    if path != default and not path.is_relative_to(Path(tempfile.gettempdir()).resolve()):
        raise SettingsError(f"DEMO_MODE=1 runs only on the demo database {default}; unset DEMO_MODE for "
                            "any other database.")
    return path


def demo_cookie_key(database_file: Path) -> str:
    """A random key made once per demo installation, in a file beside the database that only its owner reads."""
    key_file = database_file.with_name(database_file.name + ".cookie-key")
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        draft = key_file.with_name(f"{key_file.name}.{os.getpid()}.tmp")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_urlsafe(48))
        try:
            os.link(draft, key_file)  # atomic: when two processes start at once, the first key wins
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    if key_file.stat().st_mode & 0o077:
        raise SettingsError(f"{key_file} is readable by other users: chmod 600 it, or delete it to get a new one.")
    key = key_file.read_text().strip()
    check_cookie_key(key)
    return key


def session_lifetime(environ: Mapping[str, str] | None = None) -> timedelta:
    """How long a login lasts: SESSION_HOURS, 12 hours by default."""
    env = os.environ if environ is None else environ
    raw = env.get("SESSION_HOURS") or DEFAULT_SESSION_HOURS
    try:
        hours = float(raw)
    except (TypeError, ValueError):
        raise SettingsError(f"SESSION_HOURS must be a number of hours, not {raw!r}.") from None
    if not 0 < hours <= 24 * 30:
        raise SettingsError("SESSION_HOURS must be more than 0 and at most 720 (30 days).")
    return timedelta(hours=hours)


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """The database in use: `DATABASE_URL`, or the SQLite file under data/."""
    env = os.environ if environ is None else environ
    return env.get("DATABASE_URL") or DEFAULT_DATABASE_URL
