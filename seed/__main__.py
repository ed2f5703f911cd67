"""`python -m seed`: load the illustrative demo dataset into DATABASE_URL, once."""
from __future__ import annotations

import argparse
import sys
import time

from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import Project
from db.settings import database_url
from seed.demo import PROJECT_CODE, find_project, load_demo, summary

DESCRIPTION = (f"Load the ILLUSTRATIVE demo data of project {PROJECT_CODE} into DATABASE_URL (migrate it "
               "first: python -m db.migrate). Does nothing when the project is already there.")
SCALE_HELP = ("benchmark volume: also add N-1 synthetic copies of the eight vocational cohorts (women, "
              "enrolments, sessions, attendance, follow-ups, training expenditures), of the entrepreneurship "
              "groups with the 18 business plans, and of the 13 stakeholder events, under the same project. "
              "The default 1 gives the demo's exact totals (135 women reached, 41 placed, USD ~195,000 "
              "spent); with N>1 women reached, placed and spending all grow.")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m seed", description=DESCRIPTION)
    parser.add_argument("--if-empty", action="store_true",
                        help="load only when the database holds no project at all (what `make run` does)")
    parser.add_argument("--empty-project", action="store_true",
                        help="for a real deployment: write only the project and reference data "
                             "(institutions, exchange rates); no activity data and no demo account (create the "
                             "first admin with: python -m db.accounts create-admin USERNAME)")
    parser.add_argument("--scale", type=_positive, default=1, metavar="N", help=SCALE_HELP)
    return parser.parse_args(argv)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be an integer of at least 1")
    return value


def main(argv: list[str] | None = None) -> int:
    """Load the demo in one transaction, then print what it holds."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    engine = make_engine(database_url())
    try:
        started = time.perf_counter()
        with session_factory(engine)() as s, s.begin():
            existing = find_project(s)
            if existing is not None:
                print(f"Project {PROJECT_CODE} is already loaded (id {existing.id}); nothing to do.")
                return 0
            if args.if_empty and s.scalar(select(Project.id).limit(1)) is not None:
                print("The database already holds a project; nothing to do (--if-empty).")
                return 0
            project = load_demo(s, scale=args.scale, empty=args.empty_project,
                                demo_accounts=not args.empty_project)
        elapsed = time.perf_counter() - started
        with session_factory(engine)() as s:
            print(summary(s, project))
        what = f"demo data, scale {args.scale}"
        if args.empty_project:
            what = "project and reference data (no account: python -m db.accounts create-admin USERNAME)"
        print(f"Loaded {what} in {elapsed:.1f} s.")
        return 0
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
