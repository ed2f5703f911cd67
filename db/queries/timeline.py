"""Workplan activities and milestones, as the project knew them on an as-of date."""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Milestone, WorkplanActivity


def activities(session: Session, *, project_id: int) -> pd.DataFrame:
    """Every workplan activity with its planned and actual dates, by component and start."""
    rows = session.execute(
        select(WorkplanActivity.id, WorkplanActivity.component, WorkplanActivity.code, WorkplanActivity.name,
               WorkplanActivity.responsible, WorkplanActivity.planned_start, WorkplanActivity.planned_end,
               WorkplanActivity.actual_start, WorkplanActivity.actual_end, WorkplanActivity.percent_complete,
               WorkplanActivity.version)
        .where(WorkplanActivity.project_id == project_id)
        .order_by(WorkplanActivity.component, WorkplanActivity.planned_start, WorkplanActivity.code)).all()
    return pd.DataFrame(rows, columns=["id", "component", "code", "name", "responsible", "planned_start",
                                       "planned_end", "actual_start", "actual_end", "percent_complete", "version"])


def milestones(session: Session, *, project_id: int) -> pd.DataFrame:
    """Every milestone by due date."""
    rows = session.execute(
        select(Milestone.id, Milestone.kind, Milestone.name, Milestone.due_date, Milestone.done_on)
        .where(Milestone.project_id == project_id).order_by(Milestone.due_date, Milestone.id)).all()
    return pd.DataFrame(rows, columns=["id", "kind", "name", "due_date", "done_on"])


def known_on(frame: pd.DataFrame, columns: tuple[str, ...], as_of: date) -> pd.DataFrame:
    """Blank the dates after `as_of` in `columns`: on that day they had not happened yet."""
    out = frame.copy()
    for column in columns:
        out[column] = [d if d is not None and not pd.isna(d) and d <= as_of else None for d in out[column]]
    return out
