"""Capacity building dashboard (every role): reach by institution, learning gains and action points."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.as_of import as_of as current_as_of
from components.chart_cache import show_chart
from components.data import read
from components.disclosure_notes import all_hidden_note, suppressed_note
from components.i18n import day, num, pct, t
from components.kpi import Tile, tile_row
from components.project_page import open_project_page
from components.stakeholder_charts import (
    action_status_chart, events_timeline_chart, learning_gain_chart, participants_chart,
)
from components.stakeholder_labels import (
    event_type_labels, institution_type_labels, level_labels, sex_labels, status_labels,
)
from components.tables import table
from db.actor import ADMIN, COORDINATOR, VIEWER
from db.queries.disclosed import participation_by_sex
from db.queries.overview import ProjectCard
from db.queries.stakeholders import (
    action_point_changes, action_points, capacity_summary, event_list, participants_by_group,
)
from domain.capacity_building import (
    learning_gain, participation_totals, quarter_ends, share_of_women, status_counts_over_time,
)


def render() -> None:
    opened = open_project_page("capacity.title", ADMIN, COORDINATOR, VIEWER, dashboard=True)
    if opened is None:
        return
    actor, card = opened
    st.caption(t("capacity.caption"))
    as_of = current_as_of()
    st.caption(t("capacity.as_of_caption", date=day(as_of)))
    summary = read(capacity_summary, project_id=card.id, as_of=as_of)
    groups = read(participants_by_group, project_id=card.id, as_of=as_of)
    totals = participation_totals(groups.to_dict("records"), ("type", "level"))
    tile_row([
        Tile(t("capacity.events"), num(summary.events), help=t("capacity.events_help")),
        Tile(t("capacity.participants"), num(summary.participants), help=t("capacity.participants_help"),
             delta=t("capacity.women_share", share=pct(share_of_women(totals)))),
        Tile(t("measure.officials_trained"), num(summary.officials_trained), help=t("capacity.officials_help")),
        Tile(t("capacity.pending"), num(summary.pending_action_points), help=t("capacity.pending_help"),
             delta=t("capacity.overdue_count", count=num(summary.overdue_action_points))),
    ])
    points = read(action_points, project_id=card.id, as_of=as_of)
    _overdue(points, as_of)
    events = read(event_list, project_id=card.id, as_of=as_of)
    _timeline(card, events)
    suppress = not actor.sees_personal_data
    _participants(read(participation_by_sex, project_id=card.id, as_of=as_of, suppress=suppress), suppress)
    _learning(events)
    _action_status(card, as_of)
    _tables(events, points)


def _overdue(points: pd.DataFrame, as_of: date) -> None:
    late = points[points["overdue"]]
    if late.empty:
        st.success(t("capacity.none_overdue", date=day(as_of)), icon=":material/task_alt:")
        return
    st.error(t("capacity.overdue_banner", count=num(len(late)), date=day(as_of)), icon=":material/alarm:")
    labels = status_labels()
    table(
        late.assign(status=late["status"].map(labels), days_late=[(as_of - d).days for d in late["due_date"]])
            [["text", "owner", "due_date", "days_late", "status", "event"]],
        hide_index=True, width="stretch",
        column_config={"text": t("capacity.action_point"), "owner": t("capacity.owner"),
                       "due_date": st.column_config.DateColumn(t("capacity.due_date"), format="DD/MM/YYYY"),
                       "days_late": st.column_config.NumberColumn(t("capacity.days_late")),
                       "status": t("capacity.status"), "event": t("capacity.event")})


def _timeline(card: ProjectCard, events: pd.DataFrame) -> None:
    if events.empty:
        st.info(t("capacity.no_events"))
        return
    show_chart(events_timeline_chart, events, period=(card.start_date, card.end_date),
               type_labels=event_type_labels(), title=t("capacity.chart.timeline"), date_title=t("capacity.date"),
               type_title=t("capacity.event_type"), participants_title=t("capacity.participants"),
               event_title=t("capacity.event"))


def _participants(disclosed, suppress: bool) -> None:
    if disclosed.frame.empty:
        st.info(t("capacity.no_participation"))
        return
    if disclosed.all_hidden:
        all_hidden_note(disclosed.total)
        return
    types, levels = institution_type_labels(), level_labels()
    frame = disclosed.frame
    rows = pd.DataFrame({"group": [f"{types[a]} · {levels[b]}" for a, b in zip(frame["type"], frame["level"])],
                         "sex": frame["sex"], "count": frame["count"],
                         "shown": [s if hidden else num(int(s)) for s, hidden in zip(frame["count_shown"],
                                                                                  frame["count_hidden"])]})
    show_chart(participants_chart, rows, sex_labels=sex_labels(), title=t("capacity.chart.participants"),
               count_title=t("capacity.attendances"), group_title=t("capacity.institution_group"),
               sex_title=t("capacity.sex"))
    if suppress:
        suppressed_note()


def _learning(events: pd.DataFrame) -> None:
    tested = events.dropna(subset=["pre_test_avg", "post_test_avg"])
    if tested.empty:
        st.info(t("capacity.no_scores"))
        return
    gains = [learning_gain(r.pre_test_avg, r.post_test_avg, r.score_scale) for r in tested.itertuples()]
    scores = pd.DataFrame({
        "event": [f"{day(r.start_date)} · {r.title[:48]}" for r in tested.itertuples()],
        "pre": [float(g.pre) for g in gains], "post": [float(g.post) for g in gains],
        "gain": [float(g.points) for g in gains], "scale": [float(g.scale) for g in gains]})
    show_chart(learning_gain_chart, scores, title=t("capacity.chart.learning"), score_title=t("capacity.score"),
               event_title=t("capacity.event"), test_title=t("capacity.test"),
               pre_label=t("capacity.pre_test"), post_label=t("capacity.post_test"),
               gain_title=t("capacity.gain"))
    st.caption(t("capacity.learning_note"))


def _action_status(card: ProjectCard, as_of: date) -> None:
    changes = read(action_point_changes, project_id=card.id, as_of=as_of)
    if changes.empty:
        return
    histories: dict[int, list] = {}
    for r in changes.itertuples():
        histories.setdefault(int(r.action_point_id), []).append((r.to_status, r.changed_on))
    counts = pd.DataFrame(status_counts_over_time(histories, quarter_ends(card.start_date, as_of)),
                          columns=["day", "status", "count"])
    show_chart(action_status_chart, counts, status_labels=status_labels(), title=t("capacity.chart.actions"),
               date_title=t("capacity.quarter_end"), count_title=t("capacity.action_points"),
               status_title=t("capacity.status"))


def _tables(events: pd.DataFrame, points: pd.DataFrame) -> None:
    types, statuses = event_type_labels(), status_labels()
    events_tab, points_tab = st.tabs([t("capacity.events_table"), t("capacity.points_table")])
    with events_tab:
        table(
            events.assign(event_type=events["event_type"].map(types))
                  [["start_date", "event_type", "title", "city", "organiser", "institutions", "participants"]],
            hide_index=True, width="stretch",
            column_config={"start_date": st.column_config.DateColumn(t("capacity.date"), format="DD/MM/YYYY"),
                           "event_type": t("capacity.event_type"), "title": t("capacity.event"),
                           "city": t("capacity.city"), "organiser": t("capacity.organiser"),
                           "institutions": t("capacity.institutions"), "participants": t("capacity.participants")})
    with points_tab:
        table(
            points.assign(status=points["status"].map(statuses))
                  [["overdue", "text", "owner", "due_date", "status", "status_since", "event"]],
            hide_index=True, width="stretch",
            column_config={"overdue": st.column_config.CheckboxColumn(t("capacity.overdue")),
                           "text": t("capacity.action_point"), "owner": t("capacity.owner"),
                           "due_date": st.column_config.DateColumn(t("capacity.due_date"), format="DD/MM/YYYY"),
                           "status": t("capacity.status"),
                           "status_since": st.column_config.DateColumn(t("capacity.status_since"),
                                                                       format="DD/MM/YYYY"),
                           "event": t("capacity.event")})


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
