"""Timeline: the 2014–2017 workplan as a Gantt with an as-of line, slipped activities and milestones."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from components import progress_labels
from components.as_of import as_of as current_as_of
from components.data import read
from components.forms import apply_write
from components.i18n import day, num, t
from components.project_page import open_project_page
from components.tables import table
from components.timeline_charts import gantt_chart
from db.actor import ADMIN, COORDINATOR, VIEWER, Actor
from db.queries.timeline import activities, known_on, milestones
from db.services.workplan import mark_milestone_done, update_activity
from domain.timeline import ActivityDates, MilestoneDates, activity_state, milestone_state, slip_days


def render() -> None:
    opened = open_project_page("timeline.title", ADMIN, COORDINATOR, VIEWER)
    if opened is None:
        return
    actor, card = opened
    as_of = current_as_of()
    st.caption(t("timeline.caption", date=day(as_of)))
    plan = known_on(read(activities, project_id=card.id), ("actual_start", "actual_end"), as_of)
    marks = known_on(read(milestones, project_id=card.id), ("done_on",), as_of)
    plan["slip"] = [slip_days(_dates(r), as_of) for r in plan.itertuples()]
    plan["state"] = [activity_state(_dates(r), as_of) for r in plan.itertuples()]
    marks["state"] = [milestone_state(MilestoneDates(r.due_date, r.done_on), as_of) for r in marks.itertuples()]
    slipped = plan[plan.slip > 0]
    states = progress_labels.milestone_states()
    left, middle, right = st.columns(3)
    left.metric(t("timeline.slipped"), num(len(slipped)), border=True, help=t("timeline.slipped_help"))
    middle.metric(t("timeline.milestone.late"), num(int((marks.state == "late").sum())), border=True)
    right.metric(t("timeline.milestone.upcoming"), num(int((marks.state == "upcoming").sum())), border=True,
                 help=t("timeline.upcoming_help"))
    if plan.empty:  # a fresh project: no workplan yet, so no chart, table or activity form
        st.info(t("timeline.no_activities"))
    else:
        st.altair_chart(_gantt(plan, marks, as_of, states), width="stretch")
        _activity_table(plan)
    if not marks.empty:
        _milestone_table(marks, states)
    if actor.can_enter_data and not (plan.empty and marks.empty):
        _update_forms(actor, plan, marks)


def _dates(r) -> ActivityDates:
    return ActivityDates(r.planned_start, r.planned_end, r.actual_start, r.actual_end)


def _gantt(plan: pd.DataFrame, marks: pd.DataFrame, as_of: date, states: dict[str, str]):
    bars = []
    for r in plan.itertuples():
        label = f"{r.code} · {r.name}"
        bars.append({"label": label, "kind": "planned", "kind_label": t("timeline.planned"), "start": r.planned_start,
                     "end": r.planned_end, "state_label": "", "slipped": False, "detail": ""})
        if r.actual_start is not None:
            end = max(r.actual_end or as_of, r.actual_start + timedelta(days=3))  # a one-day event stays visible
            bars.append({"label": label, "kind": "actual", "kind_label": t("timeline.actual"),
                         "start": r.actual_start, "end": end, "slipped": r.slip > 0,
                         "state_label": t("timeline.state.slipped") if r.slip > 0 else t("timeline.state.on_time"),
                         "detail": t("timeline.detail", percent=num(r.percent_complete), slip=num(r.slip))})
    points = pd.DataFrame([{"label": r.name, "due": r.due_date, "state_label": states[r.state]}
                           for r in marks.itertuples()])
    return gantt_chart(pd.DataFrame(bars), points, as_of=as_of, title=t("timeline.chart_title", date=day(as_of)),
                       time_title=t("timeline.time"), state_title=t("timeline.state"),
                       milestone_row=t("timeline.milestones"))


def _activity_table(plan: pd.DataFrame) -> None:
    st.subheader(t("timeline.activities"))
    components = progress_labels.components()
    table(pd.DataFrame({
        t("timeline.col.component"): plan["component"].map(components),
        t("timeline.col.activity"): plan["code"] + " · " + plan["name"],
        t("timeline.col.responsible"): plan["responsible"],
        t("timeline.col.planned"): [f"{day(a)} – {day(b)}" for a, b in zip(plan.planned_start, plan.planned_end)],
        t("timeline.col.actual"): [f"{day(a)} – {day(b)}" if a else "–"
                                   for a, b in zip(plan.actual_start, plan.actual_end)],
        t("timeline.col.percent"): [f"{p} %" for p in plan["percent_complete"]],
        t("timeline.col.slip"): [t("timeline.slip_days", days=num(s)) if s else "" for s in plan["slip"]],
    }), hide_index=True, width="stretch")


def _milestone_table(marks: pd.DataFrame, states: dict[str, str]) -> None:
    st.subheader(t("timeline.milestones"))
    table(pd.DataFrame({
        t("timeline.col.milestone"): marks["name"], t("timeline.col.due"): [day(d) for d in marks["due_date"]],
        t("timeline.col.done"): [day(d) for d in marks["done_on"]],
        t("timeline.col.state"): marks["state"].map(states)}), hide_index=True, width="stretch")


def _update_forms(actor: Actor, plan: pd.DataFrame, marks: pd.DataFrame) -> None:
    activity_labels = {int(r.id): f"{r.code} · {r.name}" for r in plan.itertuples()}
    milestone_labels = {int(r.id): r.name for r in marks.itertuples()}
    with st.expander(t("timeline.update"), icon=":material/edit_calendar:"):
        if activity_labels:
            _activity_form(actor, activity_labels)
        if milestone_labels:
            _milestone_form(actor, milestone_labels)


def _activity_form(actor: Actor, activity_labels: dict[int, str]) -> None:
    with st.form("update_activity"):
        activity_id = st.selectbox(t("timeline.col.activity"), list(activity_labels),
                                   format_func=activity_labels.get)
        a, b, c = st.columns(3)
        start = a.date_input(t("timeline.actual_start"), value=None, format="DD/MM/YYYY")
        end = b.date_input(t("timeline.actual_end"), value=None, format="DD/MM/YYYY",
                           help=t("timeline.actual_end_help"))
        slot_end = b.empty()
        percent = c.number_input(t("timeline.col.percent"), min_value=0, max_value=100, value=0, step=5)
        if st.form_submit_button(t("timeline.save")):
            apply_write(lambda s: update_activity(s, actor=actor, activity_id=activity_id, actual_start=start,
                                                  actual_end=end, percent_complete=int(percent)),
                        {"actual_end": slot_end}, t("timeline.saved"))


def _milestone_form(actor: Actor, milestone_labels: dict[int, str]) -> None:
    with st.form("milestone_done"):
        milestone_id = st.selectbox(t("timeline.col.milestone"), list(milestone_labels),
                                    format_func=milestone_labels.get)
        done_on = st.date_input(t("timeline.col.done"), value=None, format="DD/MM/YYYY")
        slot_done = st.empty()
        if st.form_submit_button(t("timeline.mark_done")):
            apply_write(lambda s: mark_milestone_done(s, actor=actor, milestone_id=milestone_id, done_on=done_on),
                        {"done_on": slot_done}, t("timeline.saved"))
