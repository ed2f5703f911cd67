"""Bring a database to the latest schema: `python -m db.migrate` (what `make run` does at every start)."""
from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

from db import group_outcomes
from db.engine import make_engine, session_factory
from db.settings import database_url

ALEMBIC_INI = Path(__file__).resolve().parent / "alembic.ini"


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Apply every migration up to `revision`."""
    command.upgrade(alembic_config(url), revision)


def fill_summaries(url: str | None = None) -> int:
    """Count the per-cohort outcome rows of groups that have none (a database upgraded from before them);
    return how many groups were counted. Nothing to do, and one query, on an up-to-date database."""
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session, session.begin():
            return group_outcomes.fill_missing(session)
    finally:
        engine.dispose()


def main(argv: list[str]) -> int:
    url = argv[1] if len(argv) > 1 else None
    upgrade(url)
    fill_summaries(url)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
