"""Overview: the project's identity card, headline figures and progress against time and budget."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.auth import require
from components.charts import progress_chart
from components.data import read
from components.i18n import day, money, num, pct, t
from components.kpi import Tile, tile_row
from db.actor import ADMIN, COORDINATOR, VIEWER
from db.queries.overview import (
    HEADLINE_MEASURES, ProjectCard, headline_targets, headlines, last_data_date, project_card,
)
from domain.progress import progress_bars, share_of, time_elapsed_share

AS_OF_KEY = "as_of_date"


def render() -> None:
    if require(ADMIN, COORDINATOR, VIEWER) is None:
        return
    card = read(project_card)
    if card is None:
        st.info(t("overview.no_project"))
        return
    st.title(t("overview.title"))
    if card.is_illustrative:
        st.warning(t("common.illustrative"), icon=":material/science:")
    as_of = _as_of_control(card)
    _identity_card(card)
    figures = read(headlines, project_id=card.id, as_of=as_of)
    targets = read(headline_targets, project_id=card.id)
    _headline_tiles(card, figures, targets)
    _progress(card, figures, targets, as_of)


def _as_of_control(card: ProjectCard) -> date:
    """One date for the whole page; kept in the session so it survives page changes."""
    default = read(last_data_date, project_id=card.id) or card.end_date
    default = min(max(default, card.start_date), card.end_date)
    kept = st.session_state.get(AS_OF_KEY, default)
    chosen = st.date_input(t("overview.as_of"), value=kept, min_value=card.start_date,
                           max_value=card.end_date, help=t("overview.as_of_help"), format="DD/MM/YYYY")
    st.session_state[AS_OF_KEY] = chosen
    return chosen


def _identity_card(card: ProjectCard) -> None:
    with st.expander(t("overview.identity"), expanded=False):
        st.markdown(f"**{card.title}**")
        rows = [
            (t("project.code"), card.code), (t("project.prima_id"), card.prima_id),
            (t("project.type"), card.project_type), (t("project.fund"), card.fund),
            (t("project.region"), card.region), (t("project.member_state"), card.member_state),
            (t("project.coverage"), card.coverage),
            (t("project.period"), f"{day(card.start_date)} – {day(card.end_date)}"),
            (t("project.budget"), money(card.budget_usd)), (t("project.target_group"), card.target_group),
        ]
        st.table(pd.DataFrame(rows, columns=[t("project.field"), t("project.value")]).set_index(
            t("project.field")))


def _of_target(value: float, target) -> str | None:
    share = share_of(value, target)
    return None if share is None else t("overview.of_target", share=pct(share), target=num(target))


def _headline_tiles(card: ProjectCard, figures, targets) -> None:
    tiles = [
        Tile(t(f"measure.{m}"), num(figures.measure(m)), help=t(f"measure.{m}.help"),
             delta=_of_target(figures.measure(m), targets.get(m)))
        for m in HEADLINE_MEASURES
    ]
    tiles.append(Tile(t("overview.spent"), num(figures.spent_usd), help=t("overview.spent_help",
                                                                           budget=money(card.budget_usd)),
                      delta=t("overview.of_budget", share=pct(share_of(figures.spent_usd, card.budget_usd)))))
    tile_row(tiles)


def _progress(card: ProjectCard, figures, targets, as_of: date) -> None:
    bars = progress_bars(start=card.start_date, end=card.end_date, as_of=as_of, spent=figures.spent_usd,
                         budget=card.budget_usd, actuals={m: figures.measure(m) for m in HEADLINE_MEASURES},
                         targets=targets)
    frame = pd.DataFrame([{
        "label": t(b.key), "kind": b.kind, "kind_label": t(f"progress.kind.{b.kind}"), "share": b.share,
        "detail": _bar_detail(b),
    } for b in bars])
    chart = progress_chart(frame, title=t("progress.title", date=day(as_of)), share_title=t("progress.share"),
                           kind_title=t("progress.kind"))
    st.altair_chart(chart, width="stretch")
    elapsed = time_elapsed_share(card.start_date, card.end_date, as_of)
    st.caption(t("progress.caption", elapsed=pct(elapsed)))


def _bar_detail(bar) -> str:
    if bar.kind == "time":
        return t("progress.detail.time", done=num(bar.actual), total=num(bar.target))
    if bar.kind == "budget":
        return t("progress.detail.budget", done=money(bar.actual), total=money(bar.target))
    return t("progress.detail.target", done=num(bar.actual), total=num(bar.target))
