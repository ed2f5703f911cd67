"""One engine per process, built from a database URL, with SQLite tuned for several readers and one writer."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from db import commit_hooks  # noqa: F401  (its session events: summaries and data version at every commit)
from db.settings import database_url

SQLITE_BUSY_TIMEOUT_MS = 10_000
POSTGRES_CONNECT_TIMEOUT_S = 5  # an unreachable server answers "unreachable" quickly instead of hanging a page


def make_engine(url: str | None = None) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout on every connection.

    `hide_parameters`: an error or log line shows the SQL but never the values (names, phones)."""
    url = url or database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, hide_parameters=True)
        event.listen(engine, "connect", _tune_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    # pre_ping: after the server restarts, dead pooled connections are replaced instead of failing a page.
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, hide_parameters=True,
                         connect_args={"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S})


def _tune_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_sqlite(connection) -> None:
    """A write use case takes SQLite's write lock at once (BEGIN IMMEDIATE), so writers queue one at a time
    behind the busy timeout and every rule they read-then-check holds. Without it the driver begins only at
    the first INSERT or UPDATE: two writers could both read a rule's inputs, then one fail mid-use-case.
    Other connections keep the driver's behaviour (reads always see the latest commit)."""
    if connection.get_execution_options().get(WRITING, False):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


WRITING = "fm0390_writing"
def begin_for_savepoints(session: Session) -> None:
    """Make sure the session's database transaction has really begun before `begin_nested()`.

    pysqlite starts no transaction before a SAVEPOINT, so releasing the first savepoint would commit
    everything; PostgreSQL needs nothing."""
    connection = session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Short sessions, one per unit of work; objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


def write_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for write use cases: on SQLite they begin with the write lock held (see _begin_sqlite)."""
    return sessionmaker(engine.execution_options(**{WRITING: True}), expire_on_commit=False)
