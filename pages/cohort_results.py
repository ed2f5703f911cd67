"""Results and follow-up (coordinators, admins): completion, assessment, certificate, drop-out, and the
employment follow-up 3, 6 and 12 months after the training."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.data import read_fresh
from components.forms import apply_write
from components.i18n import pct, t
from components.period_lock import first_open_day, lock_notice
from components.project_page import open_project_page
from components.tables import table
from components.training_widgets import enrolment_status_labels, follow_up_labels, pick_group
from components.versioned import EditedRecord
from db.actor import ADMIN, COORDINATOR, Actor
from domain.vocabulary import FOLLOW_UP_MONTHS, FOLLOW_UP_STATUSES
from db.queries.cohorts import follow_up_versions, group_roster
from db.services.enrolments import drop_out, record_result
from db.services.follow_ups import record_follow_up
from domain.cohort_results import DEFAULT_THRESHOLD, attendance_rate
from domain.inputs import parse
from domain.training_inputs import DropOutInput, FollowUpInput, ResultInput


def render() -> None:
    opened = open_project_page("cohort_results.title", ADMIN, COORDINATOR)
    if opened is None:
        return
    actor, card = opened
    lock_notice(card.id)
    group = pick_group(card.id, key="results_group")
    if group is None:
        return
    roster = read_fresh(group_roster, actor=actor, group_id=int(group.name))
    if roster.empty:
        st.info(t("training_sessions.nobody_enrolled"))
        return
    _roster_table(roster)
    labels = {int(r.enrolment_id): r.code + (f" — {r.full_name}" if getattr(r, "full_name", None) else "")
              for r in roster.itertuples()}
    enrolment_id = st.selectbox(t("cohort_results.choose"), list(labels), format_func=labels.get, key="results_who")
    row = roster.set_index("enrolment_id").loc[enrolment_id]
    result, dropout, follow = st.tabs([t("cohort_results.result"), t("cohort_results.dropout"),
                                       t("cohort_results.follow_up")])
    with result:
        _result_form(actor, enrolment_id, row, group)
    first_open = first_open_day(card.id, card.start_date)
    with dropout:
        _dropout_form(actor, enrolment_id, row, first_open)
    with follow:
        _follow_up_form(actor, enrolment_id, first_open)


def _roster_table(roster: pd.DataFrame) -> None:
    statuses, follow = enrolment_status_labels(), follow_up_labels()
    rates = [attendance_rate(int(p), int(m)) for p, m in zip(roster.present, roster.marked)]
    shown = roster.assign(rate=rates, status=roster.status.map(statuses),
                          follow_up_3=roster.follow_up_3.map(follow), follow_up_6=roster.follow_up_6.map(follow))
    text = [c for c in ("full_name", "dropout_reason", "follow_up_3", "follow_up_6") if c in shown]
    shown[text] = shown[text].astype(object).where(shown[text].notna(), "–")
    table(shown[[c for c in ("code", "full_name", "status", "rate", "assessment_score", "certified",
                                    "dropout_reason", "follow_up_3", "follow_up_6") if c in shown]],
                 hide_index=True, width="stretch", column_config={
                     "code": t("participants.code"), "full_name": t("participants.full_name"),
                     "status": t("training_sessions.status"),
                     "rate": st.column_config.NumberColumn(t("cohorts.attendance_rate"), format="percent"),
                     "assessment_score": st.column_config.NumberColumn(t("cohort_results.score"), format="%.0f"),
                     "certified": st.column_config.CheckboxColumn(t("cohort_results.certified")),
                     "dropout_reason": t("cohort_results.dropout_reason"),
                     "follow_up_3": t("cohort_results.follow_up_3"), "follow_up_6": t("cohort_results.follow_up_6")})
    st.caption(t("cohort_results.threshold_note", threshold=pct(DEFAULT_THRESHOLD)))


def _result_form(actor: Actor, enrolment_id: int, row: pd.Series, group: pd.Series) -> None:
    """Completion, score and certificate of one enrolment, saved against the version the form loaded."""
    edited = EditedRecord("enrolment", enrolment_id)  # one version for both forms of it
    version = edited.loaded_version(int(row["version"]))  # the version first shown, kept across reruns
    with st.form(f"result_{enrolment_id}"):
        completed = st.checkbox(t("cohort_results.completed"), value=row["status"] == "completed",
                                key=edited.key("completed"))
        left, right = st.columns(2)
        completed_on = left.date_input(t("cohort_results.completed_on"), format="DD/MM/YYYY",
                                       value=row["completed_on"] if pd.notna(row["completed_on"])
                                       else group["planned_end"], key=edited.key("completed_on"))
        slot_completed = left.empty()
        score = right.number_input(t("cohort_results.score"), min_value=0.0, max_value=100.0, step=1.0,
                                   value=float(row["assessment_score"]) if pd.notna(row["assessment_score"]) else None,
                                   key=edited.key("assessment_score"))
        slot_score = right.empty()
        certified = left.checkbox(t("cohort_results.certified"), value=bool(row["certified"]),
                                  key=edited.key("certified"))
        slot_certified = left.empty()
        certified_on = right.date_input(t("cohort_results.certified_on"), format="DD/MM/YYYY",
                                        value=row["certified_on"] if pd.notna(row["certified_on"]) else None,
                                        key=edited.key("certified_on"))
        slot_certified_on = right.empty()
        submitted = st.form_submit_button(t("cohort_results.save"), type="primary", key=edited.key("save_result"))
    if submitted:
        fields = dict(completed=completed, completed_on=completed_on, assessment_score=score, certified=certified,
                      certified_on=certified_on or completed_on)
        given = dict(fields, enrolment_id=enrolment_id, expected_version=version)
        apply_write(lambda s: record_result(s, actor=actor, given=parse(ResultInput, given)),
                    {"completed_on": slot_completed, "assessment_score": slot_score, "certified": slot_certified,
                     "certified_on": slot_certified_on}, t("cohort_results.saved", code=row["code"]),
                    edited=edited, mine=fields, labels=_result_labels())


def _result_labels() -> dict[str, str]:
    return {"completed": t("cohort_results.completed"), "completed_on": t("cohort_results.completed_on"),
            "assessment_score": t("cohort_results.score"), "certified": t("cohort_results.certified"),
            "certified_on": t("cohort_results.certified_on")}


def _dropout_form(actor: Actor, enrolment_id: int, row: pd.Series, first_open: date) -> None:
    edited = EditedRecord("enrolment", enrolment_id)
    version = edited.loaded_version(int(row["version"]))
    with st.form(f"dropout_{enrolment_id}"):
        reason = st.text_input(t("cohort_results.dropout_reason"), key=edited.key("reason"))
        slot_reason = st.empty()
        dropped_on = st.date_input(t("cohort_results.dropped_on"), value=None, format="DD/MM/YYYY",
                                   min_value=first_open, key=edited.key("dropped_on"))
        slot_date = st.empty()
        submitted = st.form_submit_button(t("cohort_results.dropout_save"), key=edited.key("save_dropout"))
    if submitted:
        fields = dict(reason=reason, dropped_on=dropped_on)
        given = dict(fields, enrolment_id=enrolment_id, expected_version=version)
        apply_write(lambda s: drop_out(s, actor=actor, given=parse(DropOutInput, given)),
                    {"reason": slot_reason, "dropped_on": slot_date}, t("cohort_results.dropped", code=row["code"]),
                    edited=edited, mine=fields,
                    labels={"reason": t("cohort_results.dropout_reason"), "dropped_on": t("cohort_results.dropped_on")})


def _follow_up_form(actor: Actor, enrolment_id: int, first_open: date) -> None:
    """Record or correct a follow-up call; each call (3, 6, 12 months) is saved against the version first
    shown (0 when there was none), so a colleague's call recorded meanwhile is shown, not overwritten."""
    statuses = follow_up_labels()
    months = {m: t(f"cohort_results.after_{m}") for m in FOLLOW_UP_MONTHS}
    stored = read_fresh(follow_up_versions, actor=actor, enrolment_id=enrolment_id)
    calls = {m: EditedRecord(f"follow_up_{m}", enrolment_id) for m in FOLLOW_UP_MONTHS}
    loaded = {m: call.loaded_version(stored.get(m, 0)) for m, call in calls.items()}
    with st.form(f"follow_{enrolment_id}"):
        left, right = st.columns(2)
        months_after = left.radio(t("cohort_results.when"), list(months), format_func=months.get, horizontal=True,
                                  key=f"follow_{enrolment_id}_months")
        slot_months = left.empty()
        contact_date = right.date_input(t("cohort_results.contact_date"), value=None, format="DD/MM/YYYY",
                                        min_value=first_open, key=f"follow_{enrolment_id}_date")
        slot_date = right.empty()
        status = left.selectbox(t("cohort_results.status"), FOLLOW_UP_STATUSES, format_func=statuses.get,
                                key=f"follow_{enrolment_id}_status")
        slot_status = left.empty()
        sector = right.text_input(t("cohort_results.sector"), help=t("cohort_results.sector_help"),
                                  key=f"follow_{enrolment_id}_sector")
        slot_sector = right.empty()
        notes = st.text_area(t("cohort_results.notes"), height=80)
        slot_notes = st.empty()
        submitted = st.form_submit_button(t("cohort_results.follow_up_save"), type="primary",
                                          key=f"follow_{enrolment_id}_save")
    if submitted:
        fields = dict(months_after=months_after, contact_date=contact_date, status=status, sector=sector,
                      notes=notes)
        given = dict(fields, enrolment_id=enrolment_id, expected_version=loaded[months_after])
        apply_write(lambda s: record_follow_up(s, actor=actor, given=parse(FollowUpInput, given)),
                    {"months_after": slot_months, "contact_date": slot_date, "status": slot_status,
                     "sector": slot_sector, "notes": slot_notes}, t("cohort_results.follow_up_saved"),
                    edited=calls[months_after], mine=fields,
                    labels={"contact_date": t("cohort_results.contact_date"), "status": t("cohort_results.status"),
                            "sector": t("cohort_results.sector"), "notes": t("cohort_results.notes")})


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
