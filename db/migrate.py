"""Bring a database to the latest schema: `python -m db.migrate [URL]` (what `make run` does at every start).

`python -m db.migrate --rebuild-summaries [URL]` also recounts every per-cohort outcome row: run it once all
replicas run code that keeps them (after a rolling upgrade from before migration 0015, a replica still on
the old code may have written without recounting)."""
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


def fill_summaries(url: str | None = None, *, rebuild: bool = False) -> int:
    """Count the per-cohort outcome rows of groups that have none (a database upgraded from before them), or
    of every group with `rebuild`; return how many groups were counted (none, in one query, on an up-to-date
    database)."""
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session, session.begin():
            if rebuild:
                return group_outcomes.rebuild(session)
            return group_outcomes.fill_missing(session)
    finally:
        engine.dispose()


def main(argv: list[str]) -> int:
    rebuild = "--rebuild-summaries" in argv[1:]
    urls = [a for a in argv[1:] if a != "--rebuild-summaries"]
    url = urls[0] if urls else None
    upgrade(url)
    fill_summaries(url, rebuild=rebuild)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
