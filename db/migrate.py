"""Bring a database to the latest schema: `python -m db.migrate` (what `make run` does at every start)."""
from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

from db.settings import database_url

ALEMBIC_INI = Path(__file__).resolve().parent / "alembic.ini"


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Apply every migration up to `revision`."""
    command.upgrade(alembic_config(url), revision)


def main(argv: list[str]) -> int:
    upgrade(argv[1] if len(argv) > 1 else None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
