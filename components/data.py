"""The bridge from pages to db/: one engine per process, short sessions, reads cached by data version."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db.audit import data_version
from db.engine import make_engine, session_factory, write_session_factory
from db.transactions import run_in_transaction
from db.settings import database_url

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return make_engine(url)


def engine() -> Engine:
    """The process's engine for the configured DATABASE_URL."""
    return _engine(database_url())


def run_write(write: Callable[[Session], T]) -> T:
    """Run one write use case in its own transaction, retried when concurrent writers collide."""
    return run_in_transaction(write_session_factory(engine()), write)


RUN_MEMO = "_read_this_run"


def begin_run() -> None:
    """Start a script run (app.py calls it first): what `once_per_run` read in the previous run is read
    again, once. A write is always followed by a rerun, so no run sees its own stale memo."""
    st.session_state[RUN_MEMO] = {}


def once_per_run(key: Any, compute: Callable[[], T]) -> T:
    """`compute()` at most once per script run (every time when no run was begun, as in a page test)."""
    memo = st.session_state.get(RUN_MEMO)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _query_version() -> int:
    with session_factory(engine())() as session:
        return data_version(session)


def current_version() -> int:
    """The data version (db.audit), read once per run: a write from any replica refreshes every cache at the next
    rerun."""
    return once_per_run("data_version", _query_version)


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(version: int, url: str, query_name: str, _query: Callable[..., Any],
            arguments: tuple[tuple[str, Any], ...]) -> Any:
    with session_factory(_engine(url))() as session:
        return _query(session, **dict(arguments))


def read(query: Callable[..., T], **kwargs: Any) -> T:
    """Run a read query, reusing its result until the data version changes.

    Only for aggregate reads whose result is the same for every user: role-checked reads go through
    `read_fresh`.
    """
    name = f"{query.__module__}.{query.__qualname__}"
    return _cached(current_version(), database_url(), name, query, tuple(sorted(kwargs.items())))


def read_fresh(query: Callable[..., T], **kwargs: Any) -> T:
    """Run a read query now, uncached (for per-user, role-checked reads)."""
    with session_factory(engine())() as session:
        return query(session, **kwargs)
