"""Overview: the project's identity card, headline figures and progress against time and budget."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.as_of import as_of as current_as_of
from components import progress_labels
from components.chart_cache import show_chart
from components.charts import progress_chart
from components.data import read
from components.i18n import day, money, num, pct, t
from components.kpi import Tile, tile_row
from components.plain_text import plain, t_plain
from components.project_page import open_project_page
from components.tables import table
from db.actor import ADMIN, COORDINATOR, VIEWER
from db.queries.overview import (
    HEADLINE_MEASURES, ProjectCard, headline_targets, headlines,
)
from db.queries.iptt import iptt
from db.queries.timeline import known_on, milestones
from domain.iptt import status_counts
from domain.progress import progress_bars, share_of, time_elapsed_share
from domain.timeline import MilestoneDates, milestone_state


def render() -> None:
    opened = open_project_page("overview.title", ADMIN, COORDINATOR, VIEWER, dashboard=True)
    if opened is None:
        return
    card = opened[1]
    as_of = current_as_of()
    st.caption(t("overview.as_of_caption", date=day(as_of)))
    _identity_card(card)
    figures = read(headlines, project_id=card.id, as_of=as_of)
    targets = read(headline_targets, project_id=card.id)
    _headline_tiles(card, figures, targets)
    _progress(card, figures, targets, as_of)
    _on_track(card, as_of)
    _milestones(card, as_of)


def _identity_card(card: ProjectCard) -> None:
    with st.expander(t("overview.identity"), expanded=False):
        st.markdown(f"**{plain(card.title)}**")
        rows = [
            (t("project.code"), card.code), (t("project.prima_id"), card.prima_id),
            (t("project.type"), card.project_type), (t("project.fund"), card.fund),
            (t("project.region"), card.region), (t("project.member_state"), card.member_state),
            (t("project.coverage"), card.coverage),
            (t("project.period"), f"{day(card.start_date)} – {day(card.end_date)}"),
            (t("project.budget"), money(card.budget_usd)), (t("project.target_group"), card.target_group),
        ]
        table(pd.DataFrame(rows, columns=[t("project.field"), t("project.value")]))


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
    show_chart(progress_chart, frame, title=t("progress.title", date=day(as_of)), share_title=t("progress.share"),
               kind_title=t("progress.kind"))
    elapsed = time_elapsed_share(card.start_date, card.end_date, as_of)
    st.caption(t("progress.caption", elapsed=pct(elapsed)))


def _bar_detail(bar) -> str:
    if bar.kind == "time":
        return t("progress.detail.time", done=num(bar.actual), total=num(bar.target))
    if bar.kind == "budget":
        return t("progress.detail.budget", done=money(bar.actual), total=money(bar.target))
    return t("progress.detail.target", done=num(bar.actual), total=num(bar.target))


def _on_track(card: ProjectCard, as_of: date) -> None:
    """How many indicators are on track, above, below or not reporting on `as_of`."""
    st.subheader(t("overview.on_track"))
    counts = status_counts([line.row for line in read(iptt, project_id=card.id, as_of=as_of)])
    labels = progress_labels.statuses()
    tile_row([Tile(labels[s], num(n), help=t("overview.on_track_help")) for s, n in counts.items()])


def _milestones(card: ProjectCard, as_of: date) -> None:
    """Milestones late on `as_of`, and those due in the next 90 days."""
    marks = known_on(read(milestones, project_id=card.id), ("done_on",), as_of)
    states = [milestone_state(MilestoneDates(r.due_date, r.done_on), as_of) for r in marks.itertuples()]
    late = [(r, s) for r, s in zip(marks.itertuples(), states) if s == "late"]
    upcoming = [(r, s) for r, s in zip(marks.itertuples(), states) if s == "upcoming"]
    left, right = st.columns(2)
    with left:
        st.subheader(t("timeline.milestone.late"))
        for r, _ in late:
            st.error(t_plain("overview.milestone_late", name=r.name, due=day(r.due_date)), icon=":material/schedule:")
        if not late:
            st.caption(t("overview.no_late"))
    with right:
        st.subheader(t("timeline.milestone.upcoming"))
        for r, _ in upcoming:
            st.info(t_plain("overview.milestone_due", name=r.name, due=day(r.due_date)), icon=":material/event:")
        if not upcoming:
            st.caption(t("overview.no_upcoming"))


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
