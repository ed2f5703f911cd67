"""Accounts from the server's command line, for a real deployment (no demo accounts there).

    python -m db.accounts create-admin USERNAME [--name "Full name"] [--password-stdin]
        The first admin. The password is read from stdin (--password-stdin) or generated, printed once, and
        must be changed at the first login.
    python -m db.accounts retire-published
        Deactivate every active account whose password is one printed in the README (the demo passwords):
        the app refuses to start outside demo mode while one remains.
"""
from __future__ import annotations

import argparse
import sys

from db.engine import make_engine, session_factory
from domain.errors import ValidationError
from db.services.users import create_first_admin, retire_published_accounts
from db.settings import database_url


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m db.accounts", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-admin", help="create the first admin; its password is shown once")
    create.add_argument("username")
    create.add_argument("--name", default="Administrator", help="full name shown in the app")
    create.add_argument("--password-stdin", action="store_true",
                        help="read the password from the first line of stdin instead of generating one")
    commands.add_parser("retire-published", help="deactivate accounts that use a README password")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    engine = make_engine(database_url())
    try:
        with session_factory(engine)() as session, session.begin():
            if args.command == "create-admin":
                password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
                try:
                    user, password = create_first_admin(session, username=args.username, name=args.name,
                                                        password=password)
                except ValidationError as refused:
                    print("Refused: " + "; ".join(f"{p.field}: {p.key}" for p in refused.problems), file=sys.stderr)
                    return 2
                print(f"Admin '{user.username}' created. Password (shown once, to be changed at first login):")
                print(password)
                return 0
            retired = retire_published_accounts(session)
            print(f"Deactivated: {', '.join(retired)}" if retired else "No account uses a published password.")
            return 0
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
