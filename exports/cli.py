"""The command line of the file exports: `python -m exports.iati --as-of 2017-02-28 > fm0390.xml`."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

from db.engine import make_engine, session_factory
from db.queries.overview import project_card
from db.settings import database_url

Build = Callable[[Session, int, date, bool], bytes]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from error


def run(name: str, description: str, build: Build, argv: list[str] | None = None) -> int:
    """Parse `--as-of`, build the file for the project in DATABASE_URL and write it to standard output
    (or to `--output`). Exits 1 with a plain message when there is no project or the build refuses."""
    parser = argparse.ArgumentParser(prog=f"python -m exports.{name}", description=description)
    parser.add_argument("--as-of", type=_day, default=date.today(), metavar="YYYY-MM-DD",
                        help="the date the figures are cut at (default: today)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of standard output")
    args = parser.parse_args(argv)
    engine = make_engine(database_url())
    try:
        with session_factory(engine)() as session:
            card = project_card(session)
            if card is None:
                print("No project in the database: load one first (python -m seed).", file=sys.stderr)
                return 1
            data = build(session, card.id, args.as_of, card.is_illustrative)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    if args.output:
        with open(args.output, "wb") as out:
            out.write(data)
    else:
        sys.stdout.buffer.write(data)
    return 0
