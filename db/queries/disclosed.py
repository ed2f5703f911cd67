"""Viewer-facing reads: counts of people broken down by a personal characteristic, already disclosed.

Every page, chart and file that shows such a breakdown reads it here, with `suppress=True` for a viewer
or a meeting export (see `domain.disclosure`): the raw counts of 1–4 stay inside this function.
Each returns a `Disclosed` whose frame carries, per count column `c`, `c` (<NA> when hidden), `c_shown`
and `c_hidden`.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy.orm import Session

from db.queries.business_plans import counts_by
from db.queries.cohorts import funnel_summary
from db.queries.stakeholders import participants_by_group
from domain.cohort_results import DEFAULT_THRESHOLD, STAGES
from domain.disclosure import PERSONAL_CHARACTERISTICS, Disclosed, disclose
from domain.pipeline import PHASES, phase_of


def funnel_breakdown(session: Session, *, project_id: int, as_of: date, dimension: str, suppress: bool,
                     threshold: float = DEFAULT_THRESHOLD, group_id: int | None = None,
                     kind: str = "vocational") -> Disclosed:
    """People per category of `dimension` (sex, age_band, nationality, city) and funnel stage: one row per
    category, one count column per stage (enrolled … placed). The stage totals are shown (the funnel)."""
    table = funnel_summary(session, project_id=project_id, as_of=as_of, threshold=threshold, dimension=dimension,
                           kind=kind, group_id=group_id).breakdown
    frame = pd.DataFrame([{"category": c, **row} for c, row in table.items()], columns=["category", *STAGES])
    return disclose(frame, STAGES, ["category"], suppress=suppress)


def plan_breakdown(session: Session, *, project_id: int, as_of: date, dimension: str, suppress: bool) -> Disclosed:
    """Owners (sex, nationality) or plans (city, sector) per group and phase of a plan: columns group, phase,
    count. Phase totals are shown (the stage chart) and so is each group's total (the table's last column).
    Sector is not a characteristic of a person: it is never suppressed."""
    rows = counts_by(session, project_id=project_id, as_of=as_of, dimension=dimension)
    counts: dict[tuple[str, str], int] = {}
    for group, status, n in rows.itertuples(index=False):
        if group is None:  # no nationality or city recorded: not a group of the breakdown
            continue
        counts[(group, phase_of(status))] = counts.get((group, phase_of(status)), 0) + int(n)
    phases = [p for p in PHASES if p in {phase for _, phase in counts}]
    grid = pd.DataFrame([{"group": g, "phase": p, "count": counts.get((g, p), 0)}
                         for g in sorted({group for group, _ in counts}) for p in phases],
                        columns=["group", "phase", "count"])
    return disclose(grid, ["count"], ["group"], across=["phase"], category_totals_shown=True,
                    suppress=suppress and dimension in PERSONAL_CHARACTERISTICS)


def participation_by_sex(session: Session, *, project_id: int, as_of: date, suppress: bool) -> Disclosed:
    """Attendances at stakeholder events per institution type, level and sex ("women", "men" as the
    stakeholder labels name them): columns type, level, sex, count. Totals per group and per sex are shown
    (the participants tile and its share of women)."""
    groups = participants_by_group(session, project_id=project_id, as_of=as_of)
    frame = pd.DataFrame([{"type": r.type, "level": r.level, "sex": sex, "count": int(n)}
                          for r in groups.itertuples() for sex, n in (("women", r.women), ("men", r.men))],
                         columns=["type", "level", "sex", "count"])
    return disclose(frame, ["count"], ["sex"], across=["type", "level"], category_totals_shown=True,
                    suppress=suppress)
