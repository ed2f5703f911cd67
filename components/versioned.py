"""Editing a record someone else may be editing too: the form keeps the version it loaded, and a save
refused as stale shows who changed it, the stored values beside the user's, and keeps what was typed."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.i18n import moment, t
from components.plain_text import t_plain
from domain.errors import StaleRecord


@dataclass(frozen=True)
class EditedRecord:
    """One record open in one form. Widget keys made with `key()` belong to it, so that discarding the
    user's values (to load the stored ones) resets exactly these widgets."""

    form: str
    record_id: int

    def key(self, name: str) -> str:
        return f"{self.form}:{self.record_id}:{name}"

    @property
    def _version_key(self) -> str:
        return f"_loaded_version:{self.form}:{self.record_id}"

    def loaded_version(self, current: int) -> int:
        """The version the form loaded: kept across reruns until a save succeeds or the user takes theirs."""
        return st.session_state.setdefault(self._version_key, current)

    def saved(self) -> None:
        """After a successful save the form loads the record afresh."""
        st.session_state.pop(self._version_key, None)

    def accept_version(self, version: int) -> None:
        """The user has seen the stored values: a new save goes over `version`."""
        st.session_state[self._version_key] = version

    def discard_input(self, version: int) -> None:
        """Drop the user's values: the widgets show the stored record again."""
        prefix = f"{self.form}:{self.record_id}:"
        for name in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
            del st.session_state[name]
        st.session_state.pop(self._version_key, None)


def show_stale(error: StaleRecord, edited: EditedRecord, mine: Mapping[str, object],
               labels: Mapping[str, str]) -> None:
    """Say who changed the record and when, show stored and typed values side by side, and offer to load
    the stored values; saving again goes over the version now shown (the user has compared)."""
    when = moment(error.changed_at) if error.changed_at else "?"
    st.warning(t_plain("error.stale_record", name=error.changed_by, when=when), icon=":material/sync_problem:")
    rows = [{t("form.stale_field"): labels.get(name, name), t("form.stale_stored"): _shown(error.stored.get(name)),
             t("form.stale_yours"): _shown(mine.get(name))}
            for name in labels if _shown(error.stored.get(name)) != _shown(mine.get(name))]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    edited.accept_version(error.version)
    st.button(t("form.stale_take_theirs"), key=edited.key("_discard"), on_click=edited.discard_input,
              args=(error.version,), icon=":material/undo:")


def _shown(value: object) -> str:
    return "" if value is None else str(value)
