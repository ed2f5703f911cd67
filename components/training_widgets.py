"""Pieces every training page shares: picking a group, status labels, running a write and showing its result."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from components.data import read
from components.i18n import t
from components.paging import PAGE_SIZE, search_when_long
from db.queries.cohorts import cohort_count, cohort_list
from domain.errors import ValidationError
from db.models.training import ENROLMENT_STATUSES, FOLLOW_UP_STATUSES, GROUP_STATUSES


def group_status_labels() -> dict[str, str]:
    return {s: t(f"cohorts.status.{s}") for s in GROUP_STATUSES}


def enrolment_status_labels() -> dict[str, str]:
    return {s: t(f"cohorts.enrolment_status.{s}") for s in ENROLMENT_STATUSES}


def follow_up_labels() -> dict[str, str]:
    return {s: t(f"cohorts.follow_up.{s}") for s in FOLLOW_UP_STATUSES}


def pick_group(project_id: int, *, kind: str | None = "vocational", key: str,
               label: str | None = None) -> pd.Series | None:
    """A select box over groups (code — name), with a search field above it once there are more groups than
    a page: the first PAGE_SIZE matching and the one chosen are its options, never every group of the
    project. Returns the chosen group's row (cohort_list's columns), or None when there is none."""
    search = search_when_long(
        key, total=read(cohort_count, project_id=project_id, kind=kind),
        count=lambda typed: read(cohort_count, project_id=project_id, kind=kind, search=typed),
        label=t("lists.find_group"), placeholder=t("lists.find_group_placeholder"),
        more=lambda shown, matching: t("lists.more_groups", shown=shown, total=matching))
    groups = read(cohort_list, project_id=project_id, kind=kind, search=search, limit=PAGE_SIZE)
    if groups.empty and not search:
        st.info(t("cohorts.no_group"))
        return None
    return choose_group(groups, project_id=project_id, kind=kind, key=key, label=label)


def with_chosen(groups: pd.DataFrame, *, project_id: int, kind: str | None, key: str) -> pd.DataFrame:
    """`groups` (a page of cohort_list) and, first, the group already chosen under `key` wherever it is, so
    that a choice survives paging or a new search."""
    chosen = st.session_state.get(key)
    if chosen and chosen not in set(groups.id):
        groups = pd.concat([read(cohort_list, project_id=project_id, kind=kind, group_ids=(int(chosen),)), groups])
    return groups


def choose_group(groups: pd.DataFrame, *, project_id: int, kind: str | None, key: str,
                 label: str | None = None) -> pd.Series | None:
    """A select box over `groups` (a page of cohort_list) and the group already chosen under `key` (see
    `with_chosen`). Returns the chosen group's row."""
    groups = with_chosen(groups, project_id=project_id, kind=kind, key=key)
    if groups.empty:
        st.info(t("lists.no_match"))
        return None
    labels = {int(r.id): f"{r.code} — {r.name}" for r in groups.itertuples()}
    chosen = st.selectbox(label or t("cohorts.choose_group"), list(labels), format_func=labels.get, key=key)
    return groups.set_index("id").loc[chosen].rename(chosen) if chosen is not None else None


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
