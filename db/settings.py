"""One settings object for the whole app, read from the environment (and Streamlit secrets, passed in)."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{REPO_ROOT / 'data' / 'fm0390.db'}"
# Only ever accepted in demo mode: a real deployment must set its own key.
DEMO_COOKIE_KEY = "demo-only-cookie-signing-key-never-use-in-production"
TRUE_WORDS = {"1", "true", "yes", "on"}


class SettingsError(RuntimeError):
    """The configuration is unsafe or incomplete; the app refuses to start."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    demo_mode: bool
    cookie_key: str
    cookie_name: str = "fm0390_auth"
    cookie_expiry_days: float = 1.0
    login_sleep_time: float = 0.7

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None,
             secrets: Mapping[str, object] | None = None) -> "Settings":
        """Build settings from the environment, with `[auth]` in secrets taking precedence for the key."""
        env = os.environ if environ is None else environ
        auth = dict(secrets.get("auth", {})) if secrets else {}
        demo = env.get("DEMO_MODE", "").strip().lower() in TRUE_WORDS
        key = str(auth.get("cookie_key") or env.get("AUTH_COOKIE_KEY") or "")
        if not key or key == DEMO_COOKIE_KEY:
            if not demo:
                raise SettingsError(
                    "No cookie signing key: set AUTH_COOKIE_KEY or [auth] cookie_key in "
                    ".streamlit/secrets.toml (32+ random characters), or DEMO_MODE=1 for a demo."
                )
            key = DEMO_COOKIE_KEY
        if len(key) < 32:
            raise SettingsError("The cookie signing key must be at least 32 characters long.")
        return cls(
            database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            demo_mode=demo,
            cookie_key=key,
            login_sleep_time=float(env.get("LOGIN_SLEEP_TIME", "0.7")),
        )


def database_url(environ: Mapping[str, str] | None = None) -> str:
    """The database in use: `DATABASE_URL`, or the SQLite file under data/."""
    env = os.environ if environ is None else environ
    return env.get("DATABASE_URL") or DEFAULT_DATABASE_URL
