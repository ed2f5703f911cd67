"""Timeline: the 2014–2017 workplan as a Gantt with an as-of line, slipped activities and milestones."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components import progress_labels
from components.as_of import as_of as current_as_of
from components.chart_cache import show_chart
from components.data import read
from components.forms import apply_write
from components.period_lock import first_open_day, lock_notice
from components.versioned import EditedRecord
from components.i18n import day, num, t
from components.project_page import open_project_page
from components.committee_timeline import dated, workplan_gantt
from components.tables import table
from db.actor import ADMIN, COORDINATOR, VIEWER, Actor
from db.queries.committee import decisions, meetings
from db.queries.timeline import activities, known_on, milestones
from db.services.workplan import mark_milestone_done, update_activity
from domain.inputs import parse
from domain.workplan_inputs import ActivityProgress, MilestoneReached


def render() -> None:
    opened = open_project_page("timeline.title", ADMIN, COORDINATOR, VIEWER)
    if opened is None:
        return
    actor, card = opened
    as_of = current_as_of()
    st.caption(t("timeline.caption", date=day(as_of)))
    plan = known_on(read(activities, project_id=card.id), ("actual_start", "actual_end"), as_of)
    marks = known_on(read(milestones, project_id=card.id), ("done_on",), as_of)
    plan, marks = dated(plan, marks, as_of)
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
        held = read(meetings, project_id=card.id, as_of=as_of)
        show_chart(workplan_gantt, plan, marks, held, as_of)
        _overdue_decisions(card.id, as_of)
        _activity_table(plan)
    if not marks.empty:
        _milestone_table(marks, states)
    if actor.can_enter_data and not (plan.empty and marks.empty):
        lock_notice(card.id)
        # the forms start from what is stored today, not from the as-of view (which blanks later dates)
        _update_forms(actor, read(activities, project_id=card.id), marks, first_open_day(card.id, card.start_date))


def _overdue_decisions(project_id: int, as_of: date) -> None:
    """The committee's decisions past their due date stand out under the chart."""
    late = read(decisions, project_id=project_id, as_of=as_of)
    late = late[late["overdue"]]
    if not late.empty:
        st.error(t("committee.overdue_banner", count=num(len(late)), date=day(as_of)), icon=":material/alarm:")


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


def _update_forms(actor: Actor, stored: pd.DataFrame, marks: pd.DataFrame, first: date) -> None:
    activity_labels = {int(r.id): f"{r.code} · {r.name}" for r in stored.itertuples()}
    milestone_labels = {int(r.id): r.name for r in marks.itertuples()}
    with st.expander(t("timeline.update"), icon=":material/edit_calendar:"):
        if activity_labels:
            _activity_form(actor, activity_labels, stored)
        if milestone_labels:
            _milestone_form(actor, milestone_labels, first)


def _activity_form(actor: Actor, activity_labels: dict[int, str], stored: pd.DataFrame) -> None:
    """The chosen activity's stored dates and % complete, to correct (against the version loaded): saving only
    a new % complete keeps its dates."""
    activity_id = st.selectbox(t("timeline.col.activity"), list(activity_labels), format_func=activity_labels.get,
                               key="activity_choice")
    row = stored.set_index("id").loc[activity_id]
    edited = EditedRecord("workplan_activity", int(activity_id))
    loaded = edited.loaded_version(int(row["version"]))  # kept until saved
    with st.form(edited.key("form")):
        a, b, c = st.columns(3)
        start = a.date_input(t("timeline.actual_start"), value=_day(row["actual_start"]), format="DD/MM/YYYY",
                             key=edited.key("actual_start"))
        slot_start = a.empty()
        end = b.date_input(t("timeline.actual_end"), value=_day(row["actual_end"]), format="DD/MM/YYYY",
                           help=t("timeline.actual_end_help"), key=edited.key("actual_end"))
        slot_end = b.empty()
        percent = c.number_input(t("timeline.col.percent"), min_value=0, max_value=100,
                                 value=int(row["percent_complete"]), step=5, key=edited.key("percent_complete"))
        slot_percent = c.empty()
        submitted = st.form_submit_button(t("timeline.save"))
    if submitted:  # after the form: a stale save offers a button, and a form may hold no other button
        raw = {"actual_start": start, "actual_end": end, "percent_complete": int(percent)}
        change = raw | {"activity_id": int(activity_id), "expected_version": loaded}
        labels = {"actual_start": t("timeline.actual_start"), "actual_end": t("timeline.actual_end"),
                  "percent_complete": t("timeline.col.percent")}
        apply_write(lambda s: update_activity(s, actor=actor, given=parse(ActivityProgress, change)),
                    {"actual_start": slot_start, "actual_end": slot_end, "percent_complete": slot_percent},
                    t("timeline.saved"), edited=edited, mine=raw, labels=labels)


def _day(value: object) -> date | None:
    return None if value is None or pd.isna(value) else value


def _milestone_form(actor: Actor, milestone_labels: dict[int, str], first: date) -> None:
    with st.form("milestone_done"):
        milestone_id = st.selectbox(t("timeline.col.milestone"), list(milestone_labels),
                                    format_func=milestone_labels.get)
        done_on = st.date_input(t("timeline.col.done"), value=None, format="DD/MM/YYYY", min_value=first,
                                max_value=max(first, date(2030, 12, 31)))
        slot_done = st.empty()
        if st.form_submit_button(t("timeline.mark_done")):
            raw = {"milestone_id": milestone_id, "done_on": done_on}
            apply_write(lambda s: mark_milestone_done(s, actor=actor, given=parse(MilestoneReached, raw)),
                        {"done_on": slot_done}, t("timeline.saved"))


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
