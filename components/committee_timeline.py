"""The workplan Gantt as the timeline page and the committee's story both show it: planned and actual bars,
milestones, and the steering committee's meetings as milestones of their own."""
from __future__ import annotations

from datetime import date, timedelta

import altair as alt
import pandas as pd

from components import progress_labels
from components.i18n import day, num, t
from components.timeline_charts import gantt_chart
from domain.timeline import ActivityDates, MilestoneDates, activity_state, milestone_state, slip_days


def dated(plan: pd.DataFrame, marks: pd.DataFrame, as_of: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The activities with their slip and state on `as_of`, the milestones with their state."""
    plan = plan.assign(slip=[slip_days(_dates(r), as_of) for r in plan.itertuples()],
                       state=[activity_state(_dates(r), as_of) for r in plan.itertuples()])
    marks = marks.assign(state=[milestone_state(MilestoneDates(r.due_date, r.done_on), as_of)
                                for r in marks.itertuples()])
    return plan, marks


def _dates(r) -> ActivityDates:
    return ActivityDates(r.planned_start, r.planned_end, r.actual_start, r.actual_end)


def workplan_gantt(plan: pd.DataFrame, marks: pd.DataFrame, meetings: pd.DataFrame, as_of: date) -> alt.Chart:
    """`plan` and `marks` as `dated` returns them; `meetings` has held_on (the committee's meetings held)."""
    states = progress_labels.milestone_states()
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
    # A meeting already on the workplan as a milestone is not drawn twice.
    known = {r.due_date for r in marks.itertuples() if r.kind == "steering_committee"}
    points = [{"label": r.name, "due": r.due_date, "state_label": states[r.state]} for r in marks.itertuples()]
    points += [{"label": t("committee.meeting_label", date=day(d), place=""), "due": d,
                "state_label": t("committee.milestone")} for d in meetings["held_on"] if d not in known]
    return gantt_chart(pd.DataFrame(bars), pd.DataFrame(points, columns=["label", "due", "state_label"]),
                       as_of=as_of, title=t("timeline.chart_title", date=day(as_of)),
                       time_title=t("timeline.time"), state_title=t("timeline.state"),
                       milestone_row=t("timeline.milestones"))
