"""Steering committee forms: record a meeting, keep its minutes, add a decision, move a decision, sign a
meeting off. Each form gathers what was typed, parses it into the use case's input inside the write (so a
refusal shows next to its field) and writes through apply_write: nothing is partly written."""
from __future__ import annotations

import streamlit as st

from components.forms import apply_write, entry_round, next_round
from components.i18n import day, t
from components.plain_text import t_plain
from components.period_lock import first_open_day
from components.versioned import EditedRecord
from db.actor import Actor
from db.queries.overview import ProjectCard
from db.services.committee import (
    add_decision, change_decision_status, record_meeting, record_minutes, sign_off_meeting,
)
from domain.committee_inputs import DecisionInput, DecisionMove, MeetingInput, MinutesInput, SignOffInput
from domain.inputs import parse
from domain.vocabulary import DECISION_STATUSES

PICK_KEY = "committee_meeting"
PENDING_KEY = "_committee_pick"
SHOWN_STATUS_KEY = "_committee_statuses_shown"
MEETING_FORM, STATUS_FORM = "committee_meeting_form", "decision_status_form"


def _pick_after(row: object) -> None:
    """Show the meeting just written on the next run."""
    meeting_id = getattr(row, "meeting_id", None) or getattr(row, "id", None)
    if meeting_id:
        st.session_state[PENDING_KEY] = meeting_id


def _short(text: str, length: int = 80) -> str:
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def meeting_form(actor: Actor, card: ProjectCard, institutions: dict[int, str]) -> None:
    round_ = entry_round(MEETING_FORM)  # a saved meeting leaves an empty form; a refused one keeps the input
    with st.form(f"{MEETING_FORM}_{round_}", enter_to_submit=False, border=False):
        left, right = st.columns(2)
        held_on = left.date_input(t("committee.held_on"), value=None,
                                  min_value=first_open_day(card.id, card.start_date), max_value=card.end_date,
                                  format="DD/MM/YYYY", key=f"cm_held_on_{round_}")
        slots = {"held_on": left.empty()}
        place = right.text_input(t("committee.place"), key=f"cm_place_{round_}")
        slots["place"] = right.empty()
        chair = st.selectbox(t("committee.chair"), list(institutions), format_func=institutions.get, index=None,
                             key=f"cm_chair_{round_}", placeholder=t("committee.choose_chair"))
        slots["chair_institution_id"] = st.empty()
        members = st.multiselect(t("committee.members"), list(institutions), format_func=institutions.get,
                                 key=f"cm_members_{round_}", placeholder=t("committee.choose_members"))
        slots["member_ids"] = st.empty()
        a, b, c = st.columns(3)
        period_start = a.date_input(t("committee.period_start"), value=None, min_value=card.start_date,
                                    max_value=card.end_date, format="DD/MM/YYYY", key=f"cm_period_start_{round_}")
        slots["period_start"] = a.empty()
        period_end = b.date_input(t("committee.period_end"), value=None, min_value=card.start_date,
                                  max_value=card.end_date, format="DD/MM/YYYY", key=f"cm_period_end_{round_}")
        slots["period_end"] = b.empty()
        cutoff = c.date_input(t("committee.cutoff"), value=None, min_value=card.start_date, max_value=card.end_date,
                              format="DD/MM/YYYY", key=f"cm_cutoff_{round_}", help=t("committee.cutoff_help"))
        slots["cutoff_date"] = c.empty()
        agenda = st.text_area(t("committee.agenda"), key=f"cm_agenda_{round_}")
        slots["agenda"] = st.empty()
        minutes = st.text_area(t("committee.minutes"), key=f"cm_minutes_{round_}")
        slots["minutes"] = st.empty()
        submitted = st.form_submit_button(t("committee.record"), type="primary")
    if submitted:
        raw = dict(project_id=card.id, held_on=held_on, place=place, chair_institution_id=chair, member_ids=members,
                   period_start=period_start, period_end=period_end, cutoff_date=cutoff, agenda=agenda,
                   minutes=minutes)

        def saved(row: object) -> None:
            _pick_after(row)
            next_round(MEETING_FORM)

        apply_write(lambda s: record_meeting(s, actor=actor, given=parse(MeetingInput, raw)),
                    slots, lambda row: t("committee.recorded", date=day(row.held_on)), after=saved)


def minutes_form(actor: Actor, meeting_id: int, agenda: str, minutes: str, version: int) -> None:
    """Keep or correct a meeting's agenda and minutes, against the version the form loaded."""
    edited = EditedRecord("committee_meeting", meeting_id)
    loaded = edited.loaded_version(version)
    with st.form(edited.key("form")):
        typed_agenda = st.text_area(t("committee.agenda"), value=agenda, key=edited.key("agenda"))
        slots = {"agenda": st.empty()}
        typed_minutes = st.text_area(t("committee.minutes"), value=minutes, key=edited.key("minutes"))
        slots["minutes"] = st.empty()
        submitted = st.form_submit_button(t("committee.save_minutes"))
    if submitted:
        mine = dict(agenda=typed_agenda, minutes=typed_minutes)
        raw = dict(mine, meeting_id=meeting_id, expected_version=loaded)
        apply_write(lambda s: record_minutes(s, actor=actor, given=parse(MinutesInput, raw)), slots,
                    t("committee.minutes_saved"), edited=edited, mine=mine,
                    labels={"agenda": t("committee.agenda"), "minutes": t("committee.minutes")})


def decision_form(actor: Actor, meeting_id: int, institutions: dict[int, str], links: dict[str, str]) -> None:
    """`links` maps 'activity:12', 'indicator:3' or 'budget_line:5' to its label.

    A refused decision keeps what was typed; a saved one leaves an empty form for the next (a new round).
    Enter does not submit: it picks an option in the searchable boxes."""
    form = f"decision_form_{meeting_id}"
    key = f"{meeting_id}_{entry_round(form)}"
    with st.form(f"{form}_{entry_round(form)}", enter_to_submit=False, border=False):
        text = st.text_area(t("committee.decision"), key=f"cd_text_{key}")
        slots = {"text": st.empty()}
        left, right = st.columns(2)
        owner = left.selectbox(t("committee.owner"), list(institutions), format_func=institutions.get, index=None,
                               key=f"cd_owner_{key}", placeholder=t("committee.choose_owner"))
        slots["owner_institution_id"] = left.empty()
        due = right.date_input(t("committee.due_date"), value=None, format="DD/MM/YYYY", key=f"cd_due_{key}")
        slots["due_date"] = right.empty()
        link = st.selectbox(t("committee.link"), list(links), format_func=links.get, index=None,
                            key=f"cd_link_{key}", placeholder=t("committee.no_link"))
        slots["link"] = st.empty()
        submitted = st.form_submit_button(t("committee.add_decision"))
    if submitted:
        raw = dict(meeting_id=meeting_id, text=text, owner_institution_id=owner, due_date=due, link=link)

        def saved(row: object) -> None:
            _pick_after(row)
            next_round(form)

        apply_write(lambda s: add_decision(s, actor=actor, given=parse(DecisionInput, raw)),
                    slots, lambda row: t_plain("committee.decision_added", text=_short(row.text)), after=saved)


def status_form(actor: Actor, card: ProjectCard, decisions: dict[int, str], statuses: dict[int, str],
                status_labels: dict[str, str]) -> None:
    """Move a decision. The move compares with the status shown on the previous run (what the user saw when
    choosing), so that when someone else moved the decision meanwhile the move is refused, not stacked."""
    shown = dict(st.session_state.get(SHOWN_STATUS_KEY, {}))
    st.session_state[SHOWN_STATUS_KEY] = dict(statuses)
    round_ = entry_round(STATUS_FORM)
    with st.form(f"{STATUS_FORM}_{round_}", enter_to_submit=False, border=False):
        decision_id = st.selectbox(t("committee.decision"), list(decisions), format_func=decisions.get,
                                   key=f"cs_decision_{round_}")
        left, right = st.columns(2)
        to_status = left.selectbox(t("committee.status"), DECISION_STATUSES, format_func=status_labels.get,
                                   key=f"cs_status_{round_}")
        slots = {"to_status": left.empty()}
        changed_on = right.date_input(t("committee.changed_on"), value=None, format="DD/MM/YYYY",
                                      key=f"cs_on_{round_}", min_value=first_open_day(card.id, card.start_date),
                                      max_value=card.end_date)
        slots["changed_on"] = right.empty()
        comment = st.text_input(t("committee.why"), key=f"cs_why_{round_}")
        slots["comment"] = st.empty()
        submitted = st.form_submit_button(t("committee.change_status"))
    if submitted:
        raw = dict(decision_id=decision_id, from_status=shown.get(decision_id, statuses.get(decision_id)),
                   to_status=to_status, changed_on=changed_on, comment=comment)
        apply_write(lambda s: change_decision_status(s, actor=actor, given=parse(DecisionMove, raw)),
                    slots, t("committee.status_changed"), after=lambda _row: next_round(STATUS_FORM))


def sign_off_form(actor: Actor, meeting_id: int, cutoff_label: str) -> None:
    """Admins only: sign the meeting's figures off, which locks the period through its cut-off date."""
    confirmed = st.checkbox(t("committee.sign_off_confirm", cutoff=cutoff_label), key=f"sign_off_ok_{meeting_id}")
    slot = st.empty()
    if st.button(t("committee.sign_off", cutoff=cutoff_label), type="primary", key=f"sign_off_{meeting_id}",
                 icon=":material/lock:", disabled=not confirmed):
        apply_write(lambda s: sign_off_meeting(s, actor=actor, given=parse(SignOffInput, meeting_id=meeting_id)),
                    {"sign_off": slot}, t("committee.signed_off_now", cutoff=cutoff_label))
