"""Showing a service's refusal next to the fields it concerns, in the user's language."""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

import streamlit as st
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session
from streamlit.delta_generator import DeltaGenerator

from components.data import run_write
from components.i18n import moment, t
from components.versioned import EditedRecord, show_stale
from domain.errors import PermissionDenied, StaleRecord, ValidationError, WriteConflict
from components.plain_text import t_plain

# What a write may be refused with. The database's own constraints are the last line of defence: when one
# fires (a value too long for PostgreSQL, a duplicate the service did not foresee), the transaction is
# rolled back and the user gets a plain message instead of a traceback.
REFUSALS = (ValidationError, PermissionDenied, StaleRecord, WriteConflict, IntegrityError, DataError)
log = logging.getLogger(__name__)


def show_problems(error: ValidationError, slots: Mapping[str, DeltaGenerator]) -> None:
    """Write each problem into its field's slot; problems of other fields go in one general message."""
    general = []
    for problem in error.problems:
        message = t_plain(problem.key, **problem.params)  # a parameter may be the value the user typed
        if problem.field in slots:
            slots[problem.field].error(message, icon=":material/error:")
        else:
            general.append(message)
    if general:
        st.error("\n\n".join(general), icon=":material/error:")


def show_refusal(error: Exception, slots: Mapping[str, DeltaGenerator] | None = None) -> None:
    """Plain words for whatever a write service refused."""
    if isinstance(error, ValidationError):
        show_problems(error, slots or {})
    elif isinstance(error, PermissionDenied):
        st.error(t("auth.forbidden"), icon=":material/block:")
    elif isinstance(error, StaleRecord):
        when = moment(error.changed_at) if error.changed_at else "?"
        st.warning(t_plain("error.stale_record", name=error.changed_by, when=when), icon=":material/sync_problem:")
    elif isinstance(error, WriteConflict):
        st.error(t("error.write_conflict_retry"), icon=":material/sync_problem:")
    elif isinstance(error, (IntegrityError, DataError)):
        log.warning("database refused a write: %s", error.orig)
        st.error(t("error.database_refused"), icon=":material/error:")
    else:
        raise error


FLASH_KEY = "_flash"


def flash(message: str) -> None:
    """Keep a success message for the next run (a write is followed by st.rerun to refresh the page).

    The message is shown as Markdown: build it with `t_plain` when it names something a user typed."""
    st.session_state[FLASH_KEY] = message


def show_flash() -> None:
    """Show the message a write left for this run, in a slot every run has.

    The slot is there even when there is nothing to say: an element that comes and goes would shift all that
    follows, and Streamlit would then draw the page's forms anew beside their previous copy while it reruns."""
    slot = st.empty()
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        slot.success(message, icon=":material/check_circle:")


ROUND_PREFIX = "_round_"


def entry_round(name: str) -> int:
    """The round of an entry form (or grid, or upload) named `name`: put it in its widgets' keys.

    A successful save moves to the next round (`next_round`), so the browser draws empty widgets: popping a
    widget's key from the session state does not clear what the browser shows inside a form. A refused save
    keeps the round, and with it what was typed."""
    return st.session_state.get(ROUND_PREFIX + name, 0)


def next_round(name: str) -> None:
    st.session_state[ROUND_PREFIX + name] = entry_round(name) + 1


def apply_write(write: Callable[[Session], object], slots: Mapping[str, DeltaGenerator],
                success: str | Callable[[object], str],
                after: Callable[[object], None] | None = None, *,
                edited: EditedRecord | None = None, mine: Mapping[str, object] | None = None,
                labels: Mapping[str, str] | None = None) -> bool:
    """Run one write use case in its own transaction (retried on collisions); on success flash and rerun,
    else show the refusal by field.

    `success` is the message, or a function of what the write returned (read inside the transaction);
    `after` gets what the write returned once it is committed (to choose what the page shows next).
    For an edit form, `edited` names the record, `mine` the values typed and `labels` their labels: a save
    refused because someone else changed the record shows theirs beside `mine`, keeping the input.
    """
    def write_and_describe(session: Session) -> tuple[object, str]:
        written = write(session)
        return written, (success(written) if callable(success) else success)

    try:
        written, message = run_write(write_and_describe)
    except StaleRecord as error:
        if edited is None:
            show_refusal(error, slots)
        else:
            show_stale(error, edited, mine or {}, labels or {})
        return False
    except REFUSALS as error:
        show_refusal(error, slots)
        return False
    if edited is not None:
        edited.saved()
    if after is not None:
        after(written)
    flash(message)
    st.rerun()
    return True
