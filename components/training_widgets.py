"""Pieces every training page shares: picking a group, status labels, running a write and showing its result."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from components.i18n import t
from domain.errors import ValidationError
from db.models.training import ENROLMENT_STATUSES, FOLLOW_UP_STATUSES, GROUP_STATUSES


def group_status_labels() -> dict[str, str]:
    return {s: t(f"cohorts.status.{s}") for s in GROUP_STATUSES}


def enrolment_status_labels() -> dict[str, str]:
    return {s: t(f"cohorts.enrolment_status.{s}") for s in ENROLMENT_STATUSES}


def follow_up_labels() -> dict[str, str]:
    return {s: t(f"cohorts.follow_up.{s}") for s in FOLLOW_UP_STATUSES}


def pick_group(groups: pd.DataFrame, *, key: str, label: str | None = None,
               only_open: bool = False) -> pd.Series | None:
    """A select box over groups (code — name); returns the chosen group's row, or None when there is none."""
    shown = groups[groups["status"] != "closed"] if only_open else groups
    if shown.empty:
        st.info(t("cohorts.no_group"))
        return None
    labels = {int(r.id): f"{r.code} — {r.name}" for r in shown.itertuples()}
    chosen = st.selectbox(label or t("cohorts.choose_group"), list(labels), format_func=labels.get, key=key)
    return shown.set_index("id").loc[chosen].rename(chosen) if chosen is not None else None


def trial_run(write: Callable[[Session], object]) -> ValidationError | None:
    """Run a write and always roll it back: the refusal it would meet, or None when it would go through.

    A write session, so that on SQLite the savepoints of the write nest inside a transaction that begun
    first (a savepoint opening the transaction would commit on release)."""
    from db.engine import write_session_factory
    from components.data import engine

    with write_session_factory(engine())() as session:
        transaction = session.begin()
        try:
            write(session)
        except ValidationError as refused:
            return refused
        finally:
            transaction.rollback()
    return None
