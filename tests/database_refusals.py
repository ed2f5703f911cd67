"""A refusal of the database itself (a constraint no rule of the services foresees), made real with a
trigger on SQLite or PostgreSQL, for tests that an import names the refused row and writes nothing."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import text


@contextmanager
def database_refuses(session, table: str, condition: str):
    """While the block runs, the database refuses every row inserted into `table` for which `condition`
    (SQL over `NEW`, e.g. "NEW.city = 'Fès'") holds. The trigger is created and dropped in commits of its
    own through `session`."""
    if session.get_bind().dialect.name == "sqlite":
        create = [f"CREATE TRIGGER refuse BEFORE INSERT ON {table} WHEN {condition} "
                  "BEGIN SELECT RAISE(ABORT, 'refused'); END"]
        drop = ["DROP TRIGGER refuse"]
    else:
        create = [f"CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN IF {condition} THEN "
                  "RAISE EXCEPTION 'refused' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$ "
                  "LANGUAGE plpgsql",
                  f"CREATE TRIGGER refuse BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION refuse()"]
        drop = [f"DROP TRIGGER refuse ON {table}", "DROP FUNCTION refuse()"]
    for statement in create:
        session.execute(text(statement))
    session.commit()
    try:
        yield
    finally:
        session.rollback()
        for statement in drop:
            session.execute(text(statement))
        session.commit()
