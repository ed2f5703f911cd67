"""Micro-enterprise pipeline: where the business plans stand, how they move, the money, and enterprise survival."""
from __future__ import annotations

import streamlit as st

from components import enterprise_charts as charts
from components import pipeline_figures as figures
from components.as_of import as_of
from components.chart_cache import show_chart
from components.data import read
from components.disclosure_notes import all_hidden_note, incomplete_note, suppressed_note
from components.i18n import day, num, pct, t
from components.kpi import Tile, tile_row
from components.project_page import open_project_page
from components.tables import table
from db.actor import ADMIN, COORDINATOR, VIEWER
from db.queries.business_plans import (
    DIMENSIONS, OWNER_DIMENSIONS, enterprise_statuses, pipeline_money, reached_counts, status_counts,
    transition_dates,
)
from db.queries.disclosed import plan_breakdown
from domain.pipeline import conversions, median_days_in_stage, money_steps, stage_counts, survival


def render() -> None:
    opened = open_project_page("enterprise.pipeline.title", ADMIN, COORDINATOR, VIEWER, dashboard=True)
    if opened is None:
        return
    actor, card = opened
    cut = as_of()
    st.caption(t("enterprise.pipeline.caption", date=day(cut)))
    counts = stage_counts(read(status_counts, project_id=card.id, as_of=cut))
    reached = read(reached_counts, project_id=card.id, as_of=cut)
    paid = read(pipeline_money, project_id=card.id, as_of=cut)
    _tiles(counts, reached, paid)
    if not sum(counts.values()):
        st.info(t("enterprise.no_data"))
        return
    left, right = st.columns(2)
    show_chart(charts.stage_chart, figures.stage_frame(counts), where=left, title=t("enterprise.chart.stages"),
               count_title=t("enterprise.chart.plans"))
    show_chart(charts.conversion_chart, figures.conversion_frame(conversions(reached), detail=actor.sees_personal_data),
               where=right, title=t("enterprise.chart.conversion"), rate_title=t("enterprise.chart.rate"))
    right.caption(t("enterprise.chart.conversion_help"))
    medians = median_days_in_stage(read(transition_dates, project_id=card.id, as_of=cut))
    left, right = st.columns(2)
    show_chart(charts.days_chart, figures.days_frame(medians), where=left, title=t("enterprise.chart.days"),
               days_title=t("enterprise.chart.days_axis"))
    left.caption(t("enterprise.chart.days_help"))
    steps = money_steps(requested_usd=paid.requested_usd, approved_usd=paid.approved_usd,
                        disbursed_usd=paid.disbursed_usd, budget_usd=paid.budget_usd)
    show_chart(charts.money_chart, figures.money_frame(steps), where=right, title=t("enterprise.chart.money"),
               usd_title=t("enterprise.chart.usd"))
    observed = [(m, s) for m, s, n in read(enterprise_statuses, project_id=card.id, as_of=cut) for _ in range(n)]
    survived = figures.survival_frame(survival(observed))
    if not survived.empty:
        show_chart(charts.survival_chart, survived, title=t("enterprise.chart.survival"),
                   rate_title=t("enterprise.chart.survival_axis"))
    _breakdown(card.id, cut, suppress=not actor.sees_personal_data)


def _tiles(counts, reached, paid) -> None:
    """Plans and enterprises: counts without a personal breakdown, shown to every role (domain.md)."""
    launched = reached.get("launched", 0)
    operating = counts["launched"] + counts["operating_6m"]
    tile_row([
        Tile(t("enterprise.tile.plans"), num(sum(counts.values())), help=t("enterprise.tile.plans_help")),
        Tile(t("enterprise.tile.approved"), num(reached.get("approved", 0)), help=t("enterprise.tile.approved_help")),
        Tile(t("enterprise.tile.launched"), num(launched), help=t("enterprise.tile.launched_help")),
        Tile(t("enterprise.tile.operating"), num(operating), help=t("enterprise.tile.operating_help")),
        Tile(t("enterprise.tile.disbursed"), num(paid.disbursed_usd), help=t("enterprise.tile.disbursed_help"),
             delta=t("enterprise.tile.of_line", share=pct(float(paid.disbursed_usd / paid.budget_usd)
                                                           if paid.budget_usd else None))),
    ])


def _breakdown(project_id: int, cut, *, suppress: bool) -> None:
    labels = {d: t(f"enterprise.by.{d}") for d in DIMENSIONS}
    dimension = st.radio(t("enterprise.breakdown.choose"), DIMENSIONS, format_func=labels.get, horizontal=True,
                         key="enterprise_breakdown")
    disclosed = read(plan_breakdown, project_id=project_id, as_of=cut, dimension=dimension, suppress=suppress)
    owners = dimension in OWNER_DIMENSIONS
    if not disclosed.complete:
        incomplete_note(disclosed.total)
        return
    if disclosed.all_hidden and not disclosed.frame.empty:
        all_hidden_note(disclosed.total)
        return
    chart_rows, table_ = figures.breakdown_frames(disclosed, dimension)
    if not chart_rows.empty:
        show_chart(charts.breakdown_chart, chart_rows,
                   title=t("enterprise.chart.breakdown", dimension=labels[dimension].lower()),
                   count_title=t("enterprise.chart.owners") if owners else t("enterprise.chart.plans"),
                   phase_title=t("enterprise.chart.phase"), phase_labels=figures.phase_labels())
    st.caption(t("enterprise.breakdown.owners_note") if owners else t("enterprise.breakdown.plans_note"))
    table(table_, hide_index=True, width="stretch")
    if disclosed.suppressed:
        suppressed_note()


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
