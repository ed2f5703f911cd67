"""What every entry page says about the period lock, and the first date it may still take."""
from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from components.data import read
from components.i18n import day, t
from db.services.period_locks import lock_in_force


def lock_notice(project_id: int) -> date | None:
    """Say "figures locked through …" when a lock holds, and return the first date open to entry (give it
    to the page's date inputs as `min_value`); None when every period is open."""
    lock = read(lock_in_force, project_id=project_id)
    if lock is None:
        return None
    st.info(t("lock.notice", locked=day(lock.locked_through), reason=lock.reason), icon=":material/lock:")
    return lock.locked_through + timedelta(days=1)


def first_open_day(project_id: int, start: date) -> date:
    """The earliest date a form may offer: the project start, or the day after the lock."""
    lock = read(lock_in_force, project_id=project_id)
    return max(start, lock.locked_through + timedelta(days=1)) if lock else start
