"""Business plans: the register, a new plan, and one plan's file with its workflow actions."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components import plan_forms
from components.data import read_fresh
from components.forms import apply_write
from components.i18n import money, num, t
from components.paging import pick_people, searched_page
from components.period_lock import first_open_day, lock_notice
from components.pipeline_figures import status_labels
from components.plain_text import t_plain
from components.project_page import open_project_page
from components.tables import table
from db.actor import ADMIN, COORDINATOR, Actor
from db.models.enterprise import RUBRIC
from db.queries.business_plans import PlanFile, owner_choices, plan_file, plan_register, plan_register_size
from db.queries.overview import ProjectCard
from db.queries.participants import register_size
from db.services.business_plans import create_plan
from domain.inputs import parse
from domain.plan_inputs import PlanInput
from domain.pipeline import mean_score

PLAN_KEY = "enterprise_plan"
OPEN_NEXT_KEY = "enterprise_plan_to_open"  # set after a plan is created; applied before the selectbox exists


def render() -> None:
    opened = open_project_page("enterprise.plans.title", ADMIN, COORDINATOR)
    if opened is None:
        return
    actor, card = opened
    st.caption(t("enterprise.plans.caption"))
    lock_notice(card.id)
    first = first_open_day(card.id, card.start_date)
    labels = status_labels()
    plans = searched_page(
        "plans", "enterprise.plans",
        count=lambda search: read_fresh(plan_register_size, project_id=card.id, actor=actor, search=search),
        rows=lambda search, limit, offset: read_fresh(plan_register, project_id=card.id, actor=actor,
                                                      search=search, limit=limit, offset=offset))
    _register(plans, labels)
    file_tab, new_tab = st.tabs([t("enterprise.tab.file"), t("enterprise.tab.new")])
    with file_tab:
        _plan_file(actor, card.id, plans, labels, first)
    with new_tab:
        _new_plan_form(actor, card, first)


def _register(plans: pd.DataFrame, labels: dict[str, str]) -> None:
    if plans.empty:
        st.info(t("enterprise.plans.empty"))
        return
    shown = plans.assign(status=plans.status.map(labels)).drop(columns=["id", "mad_per_usd", "reviews"])
    columns = {c: t(f"enterprise.col.{c}") for c in shown.columns if c != "created_on"}
    order = [c for c in ("code", "status", "owners", "owner_names", "business_idea", "sector", "city",
                         "requested_mad", "requested_usd", "approved_mad", "disbursed_mad", "mean_score",
                         "last_move_on") if c in shown.columns]
    table(shown, hide_index=True, width="stretch", column_order=order, column_config={
        **columns,
        "requested_mad": st.column_config.NumberColumn(columns["requested_mad"], format="localized"),
        "requested_usd": st.column_config.NumberColumn(columns["requested_usd"], format="localized"),
        "approved_mad": st.column_config.NumberColumn(columns["approved_mad"], format="localized"),
        "disbursed_mad": st.column_config.NumberColumn(columns["disbursed_mad"], format="localized"),
        "mean_score": st.column_config.NumberColumn(columns["mean_score"], format="%.1f"),
        "last_move_on": st.column_config.DateColumn(columns["last_move_on"], format="DD/MM/YYYY"),
    })


def _plan_file(actor: Actor, project_id: int, plans: pd.DataFrame, labels: dict[str, str], first) -> None:
    if OPEN_NEXT_KEY in st.session_state:
        st.session_state[PLAN_KEY] = st.session_state.pop(OPEN_NEXT_KEY)
    # The plans of the register's page, and the open one wherever it is: its file stays open while paging.
    open_id = st.session_state.get(PLAN_KEY)
    if open_id is not None and open_id not in set(plans.id):
        plans = pd.concat([read_fresh(plan_register, project_id=project_id, actor=actor, plan_ids=[open_id]), plans])
    if plans.empty:
        return
    # Labels stay the same when a plan moves, so the choice survives the rerun after each action.
    choices = {int(r.id): f"{r.code} — {r.business_idea[:70]}" for r in plans.itertuples()}
    plan_id = st.selectbox(t("enterprise.file.choose"), list(choices), format_func=choices.get, key=PLAN_KEY)
    plan = read_fresh(plan_file, plan_id=plan_id, actor=actor)
    if plan is None:
        return
    st.markdown(t_plain("enterprise.file.summary", code=plan.code, status=labels[plan.status],
                  requested=money(plan.requested_mad, "MAD"),
                  approved=money(plan.approved_mad, "MAD") if plan.approved_mad is not None else "–",
                  disbursed=money(plan.disbursed_mad, "MAD")))
    _file_tables(plan, labels)
    plan_forms.move_form(actor, plan, labels, first)
    plan_forms.payment_form(actor, plan, first)
    plan_forms.score_form(actor, plan, first)
    plan_forms.follow_up_forms(actor, plan, first)


def _table(frame: pd.DataFrame, names: dict[str, str] | None = None) -> None:
    """A small table of the plan's file with translated headers (`names` for headers not in enterprise.col.*)."""
    if frame.empty:
        st.caption(t("enterprise.file.nothing"))
        return
    names = names or {}
    table(frame.rename(columns={c: names.get(c) or t(f"enterprise.col.{c}") for c in frame.columns}),
                 hide_index=True, width="stretch")


def _file_tables(plan: PlanFile, labels: dict[str, str]) -> None:
    st.markdown(f"**{t('enterprise.file.owners')}**")
    _table(pd.DataFrame(plan.owners).fillna(""))
    st.markdown(f"**{t('enterprise.file.history')}**")
    history = plan.history.assign(from_status=plan.history.from_status.map(lambda s: labels.get(s, "")),
                                  to_status=plan.history.to_status.map(labels))
    _table(history)
    st.markdown(f"**{t('enterprise.file.scores')}**")
    if not plan.scores.empty:
        marks = plan.scores[list(RUBRIC)].to_numpy().ravel().tolist()
        st.caption(t("enterprise.file.mean", mean=num(mean_score(marks), 1), reviews=num(len(plan.scores))))
    _table(plan.scores, {c: t(f"enterprise.rubric.{c}") for c in RUBRIC})
    st.markdown(f"**{t('enterprise.file.payments')}**")
    _table(plan.payments.rename(columns={"units_per_usd": "rate"}))
    if not plan.visits.empty or not plan.follow_up.empty:
        bands = {b: t(f"enterprise.band.{b}") for b in plan.visits.get("revenue_band", [])}
        st.markdown(f"**{t('enterprise.file.visits')}**")
        _table(plan.visits.assign(revenue_band=plan.visits.revenue_band.map(bands)) if not plan.visits.empty
               else plan.visits)
        st.markdown(f"**{t('enterprise.file.follow_up')}**")
        situations = {s: t(f"enterprise.operating.{s}") for s in ("operating", "closed")}
        _table(plan.follow_up.rename(columns={"status": "operating"}).assign(
            operating=lambda f: f.operating.map(situations)) if not plan.follow_up.empty else plan.follow_up)


def _new_plan_form(actor: Actor, card: ProjectCard, first) -> None:
    project_id = card.id
    # Searched in SQL: the options are the owners picked and the first matches, never the whole register.
    chosen = pick_people(
        "new_owners", t("enterprise.new.owners"),
        choices=lambda search, picked: read_fresh(owner_choices, project_id=project_id, actor=actor,
                                                  search=search, chosen=picked),
        count=lambda search: read_fresh(register_size, actor=actor, project_id=project_id, search=search))
    slot_owners = st.empty()
    with st.form("new_plan"):
        idea = st.text_area(t("enterprise.new.business_idea"), key="new_idea", height=80)
        slot_idea = st.empty()
        sector_col, city_col = st.columns(2)
        sector = sector_col.text_input(t("enterprise.new.sector"), key="new_sector")
        slot_sector = sector_col.empty()
        city = city_col.text_input(t("enterprise.new.city"), key="new_city")
        slot_city = city_col.empty()
        amount_col, date_col, rate_col = st.columns(3)
        requested = amount_col.text_input(t("enterprise.new.requested_mad"), key="new_requested")
        slot_requested = amount_col.empty()
        created = date_col.date_input(t("enterprise.new.created_on"), value=None, key="new_created",
                                      **plan_forms.field_date(first))
        slot_created = date_col.empty()
        rate = rate_col.text_input(t("enterprise.new.rate"), key="new_rate")
        slot_rate = rate_col.empty()
        documents = st.text_input(t("enterprise.new.documents_ref"), key="new_documents")
        slot_documents = st.empty()
        submitted = st.form_submit_button(t("enterprise.new.submit"), type="primary")
    if submitted:
        raw = {"owners": chosen, "business_idea": idea, "sector": sector, "city": city, "requested_mad": requested,
               "created_on": created, "mad_per_usd": rate, "documents_ref": documents}
        apply_write(
            lambda s: create_plan(s, actor=actor, project_id=project_id, given=parse(PlanInput, raw)),
            {"owners": slot_owners, "business_idea": slot_idea, "sector": slot_sector, "city": slot_city,
             "requested_mad": slot_requested, "created_on": slot_created, "mad_per_usd": slot_rate,
             "documents_ref": slot_documents},
            lambda plan: _created(plan.id, plan.code))


def _created(plan_id: int, code: str) -> str:
    """Open the new plan's file after the rerun, and say it was registered."""
    st.session_state[OPEN_NEXT_KEY] = plan_id
    return t("enterprise.new.done", code=code)


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
