"""Steering committee: meetings, the decisions they took and review, sign-off of the figures, and the deck and
report for the meeting. Coordinators and admins record; every role reads (viewers without who changed what)."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components import committee_forms as forms
from components.as_of import as_of as current_as_of
from components.committee_downloads import download_buttons
from components.data import read
from components.i18n import day, num, t, wording
from components.period_lock import lock_notice
from components.project_page import open_project_page
from db.actor import ADMIN, COORDINATOR, VIEWER, Actor
from db.queries.budget import lines as budget_lines
from db.queries.committee import decision_history, decisions, decisions_to_review, meetings
from db.queries.iptt import indicators
from db.queries.overview import ProjectCard
from db.queries.stakeholders import institution_list
from db.queries.timeline import activities
from domain.vocabulary import DECISION_STATUSES


def status_labels() -> dict[str, str]:
    return {s: t(f"committee.status.{s}") for s in DECISION_STATUSES}


def render() -> None:
    opened = open_project_page("committee.title", ADMIN, COORDINATOR, VIEWER, dashboard=True)
    if opened is None:
        return
    actor, card = opened
    if actor.can_enter_data:
        lock_notice(card.id)
    as_of = current_as_of()
    st.caption(t("committee.caption", date=day(as_of)))
    _overdue(card, as_of)
    held = read(meetings, project_id=card.id)
    institutions = {int(r.id): r.acronym or r.name for r in read(institution_list).itertuples()}
    if held.empty:
        st.info(t("committee.no_meetings"))
    else:
        meeting = _choose(held)
        _meeting(actor, card, meeting, institutions)
    download_buttons(card, as_of, held)
    if actor.can_enter_data:
        with _panel(t("committee.new_meeting"), ":material/add:"):
            forms.meeting_form(actor, card, institutions)


def _panel(title: str, icon: str):
    """A bordered panel under `title`, for the page's select boxes: not an expander, whose clipped content
    scrolls when a list opens below it, and a list closes at any scroll (react-aria's popover) before an
    option can be picked."""
    panel = st.container(border=True)
    panel.markdown(f"{icon} **{title}**")
    return panel


def _overdue(card: ProjectCard, as_of: date) -> None:
    frame = read(decisions, project_id=card.id, as_of=as_of)
    late = frame[frame["overdue"]]
    if late.empty:
        st.success(t("committee.none_overdue", date=day(as_of)), icon=":material/task_alt:")
        return
    st.error(t("committee.overdue_banner", count=num(len(late)), date=day(as_of)), icon=":material/alarm:")
    _decision_table(late, as_of)


def _choose(held: pd.DataFrame):
    labels = {int(r.id): t("committee.meeting_label", date=day(r.held_on), place=r.place)
              + (" 🔒" if r.signed_off_at is not None else "") for r in held.itertuples()}
    if forms.PENDING_KEY in st.session_state:
        st.session_state[forms.PICK_KEY] = st.session_state.pop(forms.PENDING_KEY)
    if st.session_state.get(forms.PICK_KEY) not in labels:
        st.session_state[forms.PICK_KEY] = list(labels)[-1]
    chosen = st.selectbox(t("committee.choose"), list(labels), format_func=labels.get, key=forms.PICK_KEY)
    return held.set_index("id").loc[chosen].rename(chosen)


def _meeting(actor: Actor, card: ProjectCard, meeting, institutions: dict[int, str]) -> None:
    meeting_id = int(meeting.name)
    left, middle, right = st.columns(3)
    left.metric(t("committee.chair"), meeting.chair, border=True)
    middle.metric(t("committee.period"), f"{day(meeting.period_start)} – {day(meeting.period_end)}", border=True)
    right.metric(t("committee.cutoff"), day(meeting.cutoff_date), border=True, help=t("committee.cutoff_help"))
    st.markdown(f"**{t('committee.members')}** · {meeting.members}")
    if meeting.signed_off_at is not None:
        st.success(t("committee.signed_off", cutoff=day(meeting.cutoff_date)), icon=":material/lock:")
    with st.expander(t("committee.agenda_minutes"), icon=":material/description:"):
        if actor.can_enter_data and meeting.signed_off_at is None:
            forms.minutes_form(actor, meeting_id, meeting.agenda or "", meeting.minutes or "", int(meeting.version))
        else:
            st.markdown(f"**{t('committee.agenda')}**")
            st.text(meeting.agenda or "–")
            st.markdown(f"**{t('committee.minutes')}**")
            st.text(meeting.minutes or "–")
    st.subheader(t("committee.to_review"))
    review = read(decisions_to_review, project_id=card.id, meeting_id=meeting_id)
    if review.empty:
        st.caption(t("committee.nothing_to_review"))
    else:
        _decision_table(review, meeting.held_on)
    st.subheader(t("committee.decisions_taken"))
    taken = read(decisions, project_id=card.id, as_of=card.end_date)
    taken = taken[taken["meeting_id"] == meeting_id]
    if taken.empty:
        st.caption(t("committee.no_decisions"))
    else:
        _decision_table(taken, None)
        _history(actor, taken)
    if actor.can_enter_data:
        with _panel(t("committee.add_decision"), ":material/playlist_add:"):
            forms.decision_form(actor, meeting_id, institutions, _links(card))
        if not taken.empty:
            with _panel(t("committee.change_status"), ":material/published_with_changes:"):
                forms.status_form(actor, card, {int(r.id): r.text[:80] for r in taken.itertuples()},
                                  {int(r.id): r.status for r in taken.itertuples()}, status_labels())
    if actor.is_admin and meeting.signed_off_at is None:
        forms.sign_off_form(actor, meeting_id, day(meeting.cutoff_date))
    elif meeting.signed_off_at is None:
        st.caption(t("committee.sign_off_admin_only"))


def _decision_table(frame: pd.DataFrame, as_of: date | None) -> None:
    labels = status_labels()
    shown = frame.assign(status=frame["status"].map(labels),
                         days_late=[(as_of - d).days if as_of and late else None
                                    for d, late in zip(frame["due_date"], frame["overdue"])])
    columns = ["meeting_date", "text", "owner", "due_date", "status", "link"] + (["days_late"] if as_of else [])
    st.dataframe(shown[columns], hide_index=True, width="stretch", column_config={
        "meeting_date": st.column_config.DateColumn(t("committee.meeting"), format="DD/MM/YYYY"),
        "text": st.column_config.TextColumn(t("committee.decision"), width="large"),
        "owner": t("committee.owner"),
        "due_date": st.column_config.DateColumn(t("committee.due_date"), format="DD/MM/YYYY"),
        "status": t("committee.status"), "link": t("committee.link_short"),
        "days_late": st.column_config.NumberColumn(t("committee.days_late"))})


def _history(actor: Actor, taken: pd.DataFrame) -> None:
    labels = {int(r.id): r.text[:80] for r in taken.itertuples()}
    with _panel(t("committee.history"), ":material/history:"):
        chosen = st.selectbox(t("committee.decision"), list(labels), format_func=labels.get, key="history_pick")
        history = read(decision_history, decision_id=chosen)
        statuses = status_labels() | {"": "–"}
        history = history.assign(from_status=history["from_status"].map(statuses),
                                 to_status=history["to_status"].map(statuses))
        columns = ["changed_on", "from_status", "to_status", "comment"]
        if actor.sees_personal_data:  # who made the move is staff information, not for the committee's viewers
            columns.insert(3, "actor")
        st.dataframe(history[columns], hide_index=True, width="stretch", column_config={
            "changed_on": st.column_config.DateColumn(t("committee.changed_on"), format="DD/MM/YYYY"),
            "from_status": t("committee.from_status"), "to_status": t("committee.status"),
            "actor": t("committee.who"), "comment": t("committee.why")})


def _links(card: ProjectCard) -> dict[str, str]:
    """What a decision may point at: a workplan activity, an indicator or a budget line."""
    out = {f"activity:{r.id}": f"{t('committee.link.activity')} · {r.code} {r.name}"
           for r in read(activities, project_id=card.id).itertuples()}
    out |= {f"indicator:{r.id}": f"{t('committee.link.indicator')} · {r.code} {wording(r.name, r.name_fr)}"
            for r in read(indicators, project_id=card.id).itertuples()}
    out |= {f"budget_line:{r.id}": f"{t('committee.link.budget_line')} · {r.code} {wording(r.name, r.name_fr)}"
            for r in read(budget_lines, project_id=card.id, as_of=card.end_date).itertuples()}
    return out
