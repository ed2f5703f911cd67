"""When the database is out of reach or something unexpected breaks: a plain page, never a traceback.

An unreachable database gives a page that says so and tries again by itself, recovering without a restart.
Any other error gives a message with an incident id; the details go to the server log only, and never the
values of SQL parameters or database error details (which can hold names and phones).
"""
from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from components.data import engine
from components.i18n import t

LOG = logging.getLogger("fm0390.incidents")
RETRY_SECONDS = 3


def database_reachable() -> bool:
    """One cheap round trip through the pool (dead connections are replaced by the engine's pre-ping)."""
    try:
        with engine().connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except (OperationalError, InterfaceError):
        return False


def show_unreachable() -> None:
    """The plain page for a database out of reach; it checks again every few seconds and reloads the app."""
    st.title(t("failure.database_title"))
    st.warning(t("failure.database_body"), icon=":material/cloud_off:")

    @st.fragment(run_every=RETRY_SECONDS)
    def try_again() -> None:
        if database_reachable():
            st.rerun(scope="app")
        st.caption(t("failure.database_retrying", time=datetime.now().strftime("%H:%M:%S")))

    try_again()


def describe(error: BaseException) -> str:
    """The error for the log: its type, the SQL statement without values, and the stack; no database detail."""
    if isinstance(error, DBAPIError):
        first_line = str(error.orig).splitlines()[0] if str(error.orig) else ""
        head = f"{type(error).__name__} ({type(error.orig).__name__}: {first_line})\nSQL: {error.statement}"
    else:
        head = f"{type(error).__name__}: {error}"
    return head + "\n" + "".join(traceback.format_tb(error.__traceback__))


@contextmanager
def plain_failures(body: DeltaGenerator) -> Iterator[None]:
    """Turn any error raised in the block into a plain page in `body` (st.stop and st.rerun pass through)."""
    try:
        yield
    except Exception as error:  # noqa: BLE001 - the last line of defence: the user never sees a traceback
        body.empty()
        with body.container():
            if isinstance(error, (OperationalError, InterfaceError)) and not database_reachable():
                show_unreachable()
                return
            incident = uuid.uuid4().hex[:8]
            LOG.error("incident %s: %s", incident, describe(error))
            st.error(t("failure.unexpected", incident=incident), icon=":material/error:")
