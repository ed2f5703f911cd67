"""The history of period locks, for the administrators who close and reopen reporting periods."""
from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.actor import ADMIN, Actor, require_role
from db.models import PeriodLock

HISTORY_COLUMNS = ["locked_through", "reason", "locked_by", "locked_at", "reopened_at", "reopened_by",
                   "reopen_reason"]


def lock_history(session: Session, *, project_id: int, actor: Actor) -> pd.DataFrame:
    """Every lock of the project, latest first: through which date, why, who and when; reopened or not."""
    require_role(actor, ADMIN)
    rows = session.execute(
        select(PeriodLock.locked_through, PeriodLock.reason, PeriodLock.locked_by, PeriodLock.locked_at,
               PeriodLock.reopened_at, PeriodLock.reopened_by, PeriodLock.reopen_reason)
        .where(PeriodLock.project_id == project_id)
        .order_by(PeriodLock.id.desc())).all()
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS)
