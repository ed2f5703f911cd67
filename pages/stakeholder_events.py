"""Stakeholder events (coordinators and admins): record an event, who attended, test scores and action points."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from components.data import read, read_fresh
from components.forms import apply_write
from components.i18n import day, num, t
from components.paging import PAGE_SIZE, search_when_long
from components.period_lock import first_open_day, lock_notice
from components.project_page import open_project_page
from components.versioned import EditedRecord
from components.stakeholder_labels import event_type_labels, institution_type_labels, level_labels, status_labels
from components.tables import table
from db.actor import ADMIN, COORDINATOR, Actor
from db.models.stakeholders import ACTION_STATUSES, EVENT_TYPES
from db.queries.stakeholders import (
    EventRecord, action_point_history, event_action_points, event_choices, event_count, event_record,
    institution_list, participation_grid,
)
from db.services.stakeholder_events import (
    add_action_point, change_action_point_status, record_event, record_learning, set_participation, update_event,
)
from domain.capacity_building import learning_gain
from domain.inputs import parse
from domain.stakeholder_inputs import (
    ActionPointInput, ActionPointMove, EventChange, EventInput, LearningInput, ParticipationInput,
)

CHOICE_KEY, PENDING_KEY, GRID_ROUND_KEY = "event_choice", "_event_pick", "_participation_round"
SECTION_KEY = "event_section"
NAME_WIDTH, COUNT_WIDTH = 420, 100  # pixels: the counts sit next to the name, where the eye is
NEW = 0


def render() -> None:
    opened = open_project_page("events.title", ADMIN, COORDINATOR)
    if opened is None:
        return
    actor, card = opened
    lock_notice(card.id)
    first = first_open_day(card.id, card.start_date)
    if PENDING_KEY in st.session_state:  # an event just recorded is shown, ready for who took part
        st.session_state[CHOICE_KEY] = st.session_state.pop(PENDING_KEY)
        st.session_state[SECTION_KEY] = "participation"
    # The latest events matching what is typed and the one open: never every event of the project.
    search = search_when_long(
        "events", total=read(event_count, project_id=card.id),
        count=lambda typed: read(event_count, project_id=card.id, search=typed),
        label=t("lists.find_event"), placeholder=t("lists.find_event_placeholder"),
        more=lambda shown, matching: t("lists.more_events", shown=shown, total=matching))
    events = read(event_choices, project_id=card.id, search=search, chosen=st.session_state.get(CHOICE_KEY),
                  limit=PAGE_SIZE)
    labels = {NEW: t("events.new")} | {int(r.id): f"{day(r.start_date)} · {r.title}" for r in events.itertuples()}
    chosen = st.selectbox(t("events.choose"), list(labels), format_func=labels.get, key=CHOICE_KEY)
    institutions = read(institution_list)
    names = {int(r.id): (f"{r.acronym} — {r.name}" if r.acronym else r.name) for r in institutions.itertuples()}
    if chosen == NEW or chosen not in labels:
        _event_form(actor, None, names, project_id=card.id, first=first)
        return
    record = read_fresh(event_record, event_id=chosen)
    if record is None:
        st.warning(t("error.event_not_found"))
        return
    # A keyed segmented control, not st.tabs: a grid inside tabs is remounted on every rerun and loses its edits.
    sections = {"details": t("events.tab.details"), "participation": t("events.tab.participation"),
                "learning": t("events.tab.learning"), "actions": t("events.tab.actions")}
    section = st.segmented_control(t("events.section"), list(sections), format_func=sections.get,
                                   default="details", required=True, key=SECTION_KEY, label_visibility="collapsed")
    if section == "participation":
        _participation(actor, record)
    elif section == "learning":
        _learning(actor, record)
    elif section == "actions":
        _action_points(actor, record, names, first)
    else:
        _event_form(actor, record, names, project_id=card.id, first=first)


def _save(write: Callable, slots: dict, success: str, after: Callable[[object], None] | None = None) -> None:
    """Save through the shared apply_write; `after` receives the written row's id."""
    apply_write(write, slots, success, None if after is None else lambda row: after(getattr(row, "id", None)))


def _event_form(actor: Actor, record: EventRecord | None, names: dict[int, str], *, project_id: int,
                first: date) -> None:
    """A new event, or the correction of one (against the version loaded: a save over someone else's change
    shows theirs beside yours)."""
    types = event_type_labels()
    edited = None if record is None else EditedRecord("stakeholder_event", record.id)
    key = (lambda name: f"new_event:{name}") if edited is None else edited.key
    loaded = None if edited is None else edited.loaded_version(record.version)  # kept until saved
    # A stored date inside a locked period is still shown (the save then says why it cannot change).
    low = first if record is None else min(first, record.start_date, record.end_date)
    dates = {"format": "DD/MM/YYYY", "min_value": low, "max_value": max(low, date(2030, 12, 31))}
    with st.form(key("form"), clear_on_submit=False):
        kind = st.selectbox(t("events.type"), EVENT_TYPES, format_func=types.get,
                            index=EVENT_TYPES.index(record.event_type) if record else 1, key=key("event_type"))
        slots = {"event_type": st.empty()}
        title = st.text_input(t("events.event_title"), value=record.title if record else "", key=key("title"))
        slots["title"] = st.empty()
        left, right = st.columns(2)
        start = left.date_input(t("events.start"), value=record.start_date if record else None,
                                key=key("start_date"), **dates)
        end = right.date_input(t("events.end"), value=record.end_date if record else None,
                               key=key("end_date"), **dates)
        slots |= {"start_date": left.empty(), "end_date": right.empty()}
        city = left.text_input(t("events.city"), value=record.city if record else "", key=key("city"))
        ids = list(names)
        organiser = right.selectbox(t("events.organiser"), ids, format_func=names.get,
                                    index=ids.index(record.organiser_id) if record and record.organiser_id in ids
                                    else None, placeholder=t("events.organiser_none"), key=key("organiser_id"))
        slots |= {"city": left.empty(), "organiser_id": right.empty()}
        topics = st.text_area(t("events.topics"), value=record.topics if record else "", height=80,
                              key=key("topics"))
        slots["topics"] = st.empty()
        facilitators = st.text_input(t("events.facilitators"), value=record.facilitators if record else "",
                                     key=key("facilitators"))
        slots["facilitators"] = st.empty()
        submitted = st.form_submit_button(t("events.save") if record else t("events.record"), type="primary")
    if not submitted:
        return
    raw = dict(event_type=kind, title=title, start_date=start, end_date=end, city=city, organiser_id=organiser,
               topics=topics, facilitators=facilitators)
    if record is None:
        _save(lambda s: record_event(s, actor=actor, project_id=project_id, given=parse(EventInput, raw)), slots,
              t("events.recorded", title=title.strip()), after=lambda new_id: st.session_state.update(
                  {PENDING_KEY: new_id}))
    else:
        change = raw | {"event_id": record.id, "expected_version": loaded}
        labels = {"event_type": t("events.type"), "title": t("events.event_title"), "start_date": t("events.start"),
                  "end_date": t("events.end"), "city": t("events.city"), "organiser_id": t("events.organiser"),
                  "topics": t("events.topics"), "facilitators": t("events.facilitators")}
        apply_write(lambda s: update_event(s, actor=actor, given=parse(EventChange, change)), slots,
                    t("events.saved"), edited=edited, mine=raw, labels=labels)


def _participation(actor: Actor, record: EventRecord) -> None:
    st.caption(t("events.participation_help"))
    grid = read_fresh(participation_grid, event_id=record.id)
    types, levels = institution_type_labels(), level_labels()
    shown = grid.assign(type=grid["type"].map(types), level=grid["level"].map(levels))
    key = f"participation_{record.id}_{st.session_state.get(GRID_ROUND_KEY, 0)}"
    edited = st.data_editor(
        shown[["name", "women", "men", "acronym", "type", "level"]], key=key, hide_index=True, width="stretch",
        height=min(35 * (len(shown) + 1) + 3, 640),  # every institution in view, without scrolling the grid
        disabled=["name", "acronym", "type", "level"], num_rows="fixed",
        column_config={"name": st.column_config.TextColumn(t("institutions.name"), width=NAME_WIDTH),
                       "acronym": t("institutions.acronym"),
                       "type": t("institutions.type"), "level": t("institutions.level"),
                       "women": st.column_config.NumberColumn(t("events.women"), min_value=0, step=1,
                                                              width=COUNT_WIDTH),
                       "men": st.column_config.NumberColumn(t("events.men"), min_value=0, step=1,
                                                            width=COUNT_WIDTH)})
    women, men = (pd.to_numeric(edited[c], errors="coerce").fillna(0).sum() for c in ("women", "men"))
    st.markdown(t("events.grid_totals", women=num(women), men=num(men), total=num(women + men)))
    slot = st.empty()
    if st.button(t("events.save_participation"), type="primary", key=f"save_participation_{record.id}"):
        counts = {int(i): (_cell(w), _cell(m)) for i, w, m in zip(grid["institution_id"], edited["women"],
                                                                   edited["men"])}

        def next_round(_: object) -> None:
            st.session_state[GRID_ROUND_KEY] = st.session_state.get(GRID_ROUND_KEY, 0) + 1

        raw = {"event_id": record.id, "counts": counts}
        _save(lambda s: _first(set_participation(s, actor=actor, given=parse(ParticipationInput, raw))),
              {"counts": slot}, t("events.participation_saved", total=num(women + men)), after=next_round)


def _cell(value: object) -> object:
    """A grid cell as typed: an empty cell is nobody, a numpy number a plain one (the input judges the rest)."""
    if value is None or isinstance(value, float) and pd.isna(value):
        return 0
    return value.item() if hasattr(value, "item") else value


def _first(rows: list) -> object:
    return rows[0] if rows else None


def _learning(actor: Actor, record: EventRecord) -> None:
    st.caption(t("events.learning_help"))
    if record.pre_test_avg is not None and record.post_test_avg is not None:
        gain = learning_gain(record.pre_test_avg, record.post_test_avg, record.score_scale)
        cols = st.columns(3)
        cols[0].metric(t("capacity.pre_test"), num(gain.pre, 1))
        cols[1].metric(t("capacity.post_test"), num(gain.post, 1))
        cols[2].metric(t("capacity.gain"), t("events.gain_value", points=num(gain.points, 1),
                                             relative=num(100 * (gain.relative or 0), 0)))
    with st.form(f"learning_{record.id}"):
        scale = st.number_input(t("events.scale"), value=record.score_scale, step=1.0, format="%.0f")
        slots = {"score_scale": st.empty()}
        left, right = st.columns(2)
        pre = left.number_input(t("capacity.pre_test"), value=record.pre_test_avg, step=0.5, format="%.1f")
        post = right.number_input(t("capacity.post_test"), value=record.post_test_avg, step=0.5, format="%.1f")
        slots |= {"pre_test_avg": left.empty(), "post_test_avg": right.empty()}
        submitted = st.form_submit_button(t("events.save_scores"), type="primary")
    if submitted:
        raw = {"event_id": record.id, "pre_test_avg": pre, "post_test_avg": post, "score_scale": scale}
        _save(lambda s: record_learning(s, actor=actor, given=parse(LearningInput, raw)), slots,
              t("events.scores_saved"))


def _action_points(actor: Actor, record: EventRecord, names: dict[int, str], first: date) -> None:
    points = read_fresh(event_action_points, event_id=record.id)
    statuses = status_labels()
    if points.empty:
        st.info(t("events.no_action_points"))
    else:
        table(points.assign(status=points["status"].map(statuses)).drop(columns=["id"]), hide_index=True,
                     width="stretch",
                     column_config={"text": t("capacity.action_point"), "owner": t("capacity.owner"),
                                    "due_date": st.column_config.DateColumn(t("capacity.due_date"),
                                                                            format="DD/MM/YYYY"),
                                    "status": t("capacity.status")})
    add, move = st.columns(2)
    with add:
        st.subheader(t("events.add_action_point"))
        with st.form(f"add_point_{record.id}", clear_on_submit=True):
            text = st.text_area(t("capacity.action_point"), height=80)
            slots = {"text": st.empty()}
            owner = st.selectbox(t("capacity.owner"), list(names), format_func=names.get, index=None,
                                 placeholder=t("events.owner_placeholder"))
            slots["owner_institution_id"] = st.empty()
            due = st.date_input(t("capacity.due_date"), value=None, format="DD/MM/YYYY", min_value=first,
                                max_value=max(first, date(2030, 12, 31)))
            slots["due_date"] = st.empty()
            submitted = st.form_submit_button(t("events.add_action_point"), type="primary")
        if submitted:
            raw = {"event_id": record.id, "text": text, "owner_institution_id": owner, "due_date": due}
            _save(lambda s: add_action_point(s, actor=actor, given=parse(ActionPointInput, raw)),
                  slots | {"opened_on": slots["text"]}, t("events.action_point_added"))
    if points.empty:
        return
    with move:
        st.subheader(t("events.change_status"))
        texts = {int(r.id): f"{r.text[:60]} ({statuses[r.status]})" for r in points.itertuples()}
        point_id = st.selectbox(t("capacity.action_point"), list(texts), format_func=texts.get,
                                key=f"point_choice_{record.id}")
        with st.form(f"move_point_{record.id}", clear_on_submit=True):
            to_status = st.selectbox(t("events.new_status"), ACTION_STATUSES, format_func=statuses.get)
            slots = {"to_status": st.empty()}
            on = st.date_input(t("events.changed_on"), value=None, format="DD/MM/YYYY", min_value=first,
                               max_value=max(first, date.today()))
            slots["changed_on"] = st.empty()
            comment = st.text_input(t("events.comment"))
            slots["comment"] = st.empty()
            submitted = st.form_submit_button(t("events.change_status"), type="primary")
        if submitted:
            raw = {"action_point_id": point_id, "to_status": to_status, "changed_on": on, "comment": comment}
            _save(lambda s: change_action_point_status(s, actor=actor, given=parse(ActionPointMove, raw)),
                  slots, t("events.status_changed"))
        history = read_fresh(action_point_history, action_point_id=point_id)
        st.caption(t("events.history"))
        table(history.assign(from_status=history["from_status"].map(statuses),
                                    to_status=history["to_status"].map(statuses)),
                     hide_index=True, width="stretch",
                     column_config={"changed_on": st.column_config.DateColumn(t("events.changed_on"),
                                                                              format="DD/MM/YYYY"),
                                    "from_status": t("events.from_status"), "to_status": t("events.to_status"),
                                    "actor": t("events.by"), "comment": t("events.comment")})


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
