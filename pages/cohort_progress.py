"""Cohort progress (every role): the funnel from enrolment to employment, its breakdown by sex, age band,
nationality and city, and attendance by cohort and over time. The funnel counts women per stage and is
shown to everyone; its breakdown by a personal characteristic is disclosed to viewers (domain.disclosure)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.as_of import as_of as current_as_of
from components.chart_cache import show_chart
from components.cohort_charts import (
    attendance_by_cohort_chart, attendance_over_time_chart, breakdown_chart, funnel_chart,
)
from components.data import read
from components.disclosure_notes import all_hidden_note, incomplete_note, suppressed_note
from components.i18n import current_language, day, num, pct, t
from components.kpi import Tile, tile_row
from components.project_page import open_project_page
from components.tables import table
from components.training_widgets import with_chosen
from components.paging import PAGE_SIZE, search_when_long
from db.actor import ADMIN, COORDINATOR, VIEWER
from db.queries.cohorts import attendance_by_month, cohort_count, cohort_list, funnel_summary
from db.queries.disclosed import funnel_breakdown
from domain.cohort_results import (
    DEFAULT_THRESHOLD, DIMENSIONS, STAGES, THRESHOLD_STEPS, attendance_by_group, monthly_attendance,
)
from domain.countries import country_name

ALL = 0
GROUP_KEY = "progress_group"


def render() -> None:
    opened = open_project_page("progress_cohorts.title", ADMIN, COORDINATOR, VIEWER, dashboard=True)
    if opened is None:
        return
    actor, card = opened
    as_of = current_as_of()
    cohorts = _cohort_choices(card.id)
    left, right = st.columns([3, 2])
    labels = {ALL: t("progress_cohorts.all_cohorts")}
    labels |= {int(r.id): f"{r.code} — {r.name}" for r in cohorts.itertuples()}
    group_id = left.selectbox(t("progress_cohorts.cohort"), list(labels), format_func=labels.get, key=GROUP_KEY)
    threshold = right.slider(t("progress_cohorts.threshold"), min_value=THRESHOLD_STEPS[0],
                             max_value=THRESHOLD_STEPS[-1], step=THRESHOLD_STEPS[1] - THRESHOLD_STEPS[0],
                             value=round(DEFAULT_THRESHOLD * 100), format="%d %%", key="progress_threshold",
                             help=t("progress_cohorts.threshold_help")) / 100
    # Counted in SQL: no per-enrolment row reaches the page or the cache.
    scope = {"project_id": card.id, "as_of": as_of, "threshold": threshold, "group_id": group_id or None}
    summary = read(funnel_summary, **scope)
    st.caption(t("progress_cohorts.caption", date=day(as_of)))
    if not summary.stages[0].count:
        st.info(t("progress_cohorts.no_enrolment"))
        return
    stages = summary.stages
    _tiles(stages, summary.attendance_rate)
    stage_labels = {s: t(f"progress_cohorts.stage.{s}", threshold=pct(threshold)) for s in STAGES}
    frame = pd.DataFrame([{"stage": s.key, "label": stage_labels[s.key], "count": s.count, "shown": num(s.count)}
                          for s in stages])
    show_chart(funnel_chart, frame, title=t("progress_cohorts.funnel_title"), count_title=t("progress_cohorts.people"))
    st.caption(t("progress_cohorts.funnel_note"))
    _breakdown(scope, stage_labels, suppress=not actor.sees_personal_data)
    _attendance(card.id, as_of, threshold, group_id, cohorts)


def _cohort_choices(project_id: int) -> pd.DataFrame:
    """The cohorts the picker offers: all of them while they fit a page, else the first page matching a search
    field, and the one chosen wherever it is (a choice survives a new search)."""
    search = search_when_long(
        GROUP_KEY, total=read(cohort_count, project_id=project_id),
        count=lambda typed: read(cohort_count, project_id=project_id, search=typed),
        label=t("lists.find_group"), placeholder=t("lists.find_group_placeholder"),
        more=lambda shown, matching: t("lists.more_groups", shown=shown, total=matching))
    cohorts = read(cohort_list, project_id=project_id, search=search, limit=PAGE_SIZE)
    return with_chosen(cohorts, project_id=project_id, kind="vocational", key=GROUP_KEY)


def _tiles(stages, rate: float | None) -> None:
    """Women per stage: counts without a personal breakdown, shown to every role (domain.md)."""
    by_key = {s.key: s for s in stages}
    tile_row([
        Tile(t("progress_cohorts.tile.enrolled"), num(by_key["enrolled"].count)),
        Tile(t("progress_cohorts.tile.attendance"), pct(rate), help=t("progress_cohorts.tile.attendance_help")),
        Tile(t("progress_cohorts.tile.completed"), num(by_key["completed"].count),
             delta=pct(by_key["completed"].share)),
        Tile(t("progress_cohorts.tile.certified"), num(by_key["certified"].count),
             delta=pct(by_key["certified"].share)),
        Tile(t("progress_cohorts.tile.placed"), num(by_key["placed"].count), delta=pct(by_key["placed"].share),
             help=t("progress_cohorts.tile.placed_help")),
    ])


def _category_label(dimension: str, category: str) -> str:
    if category == "unknown":
        return t("progress_cohorts.unknown")
    if dimension == "sex":
        return t(f"cohorts.sex.{category}")
    if dimension == "age_band":
        return t(f"progress_cohorts.age.{category}")
    if dimension == "nationality":
        return country_name(category, current_language())
    return category


def _breakdown(scope: dict, stage_labels: dict[str, str], *, suppress: bool) -> None:
    st.subheader(t("progress_cohorts.breakdown"))
    dimensions = {d: t(f"progress_cohorts.dimension.{d}") for d in DIMENSIONS}
    dimension = st.segmented_control(t("progress_cohorts.by"), list(dimensions), format_func=dimensions.get,
                                     default="sex", required=True, key="progress_dimension")
    disclosed = read(funnel_breakdown, **scope, dimension=dimension, suppress=suppress)
    enrolled = disclosed.column_totals["enrolled"]
    if not disclosed.complete:
        incomplete_note(enrolled)
        return
    if disclosed.all_hidden:
        all_hidden_note(enrolled)
        return
    rows = [{"category": _category_label(dimension, r["category"]), "stage_label": stage_labels[s],
             "count": r[s], "shown": r[f"{s}_shown"] if r[f"{s}_hidden"] else num(int(r[s]))}
            for r in disclosed.frame.to_dict("records") for s in STAGES]
    long = pd.DataFrame(rows)
    show_chart(breakdown_chart, long, title=t("progress_cohorts.breakdown_title", by=dimensions[dimension]),
               count_title=t("progress_cohorts.people"), stage_title=t("progress_cohorts.stage"))
    wide = long.pivot(index="category", columns="stage_label", values="shown").reindex(
        index=list(dict.fromkeys(long["category"])), columns=list(stage_labels.values()))
    table(wide.rename_axis(index=dimensions[dimension], columns=None).reset_index())
    if suppress:
        suppressed_note()


def _attendance(project_id: int, as_of, threshold: float, group_id: int, cohorts: pd.DataFrame) -> None:
    st.subheader(t("progress_cohorts.attendance"))
    sessions = read(attendance_by_month, project_id=project_id, as_of=as_of)
    if group_id:
        sessions = sessions[sessions["code"] == cohorts.set_index("id").loc[group_id, "code"]]
    if sessions.empty:
        st.info(t("progress_cohorts.no_session"))
        return
    left, right = st.columns(2)
    show_chart(attendance_by_cohort_chart, attendance_by_group(sessions), where=left,
               title=t("progress_cohorts.by_cohort_title"), rate_title=t("cohorts.attendance_rate"),
               threshold=threshold)
    show_chart(attendance_over_time_chart, monthly_attendance(sessions), where=right,
               title=t("progress_cohorts.over_time_title"), rate_title=t("cohorts.attendance_rate"),
               month_title=t("progress_cohorts.month"), threshold=threshold)
    st.caption(t("progress_cohorts.attendance_note", threshold=pct(threshold)))


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
