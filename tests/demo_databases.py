"""Demo databases for page tests: migrated and seeded once, copied per test."""
from __future__ import annotations

import shutil
from pathlib import Path

from db.engine import make_engine, session_factory
from db.migrate import upgrade


def seeded_sqlite(path: Path, *, empty: bool = False) -> str:
    """Migrate an SQLite file and load the demo (or only an empty project) into it; returns its path."""
    from seed.demo import load_demo

    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    with session_factory(engine)() as s, s.begin():
        load_demo(s, empty=empty)
    engine.dispose()
    return str(path)


def private_copy(template: str, folder: Path, monkeypatch) -> str:
    """Copy a template database for one test and point the app at it (DATABASE_URL, demo mode, no login wait)."""
    path = folder / Path(template).name
    shutil.copyfile(template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DEMO_MODE", "1")
    monkeypatch.setenv("LOGIN_SLEEP_TIME", "0")
    return url
