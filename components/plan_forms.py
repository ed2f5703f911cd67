"""The forms of one business plan's file: move it, score it, pay its start-up support, follow the enterprise.

Each form calls one write service in one transaction and shows a refusal next to its fields.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import streamlit as st

from components.forms import apply_write
from components.i18n import num, t
from components.plain_text import t_plain
from db.actor import Actor
from db.models.enterprise import ENTERPRISE_STATUSES, REVENUE_BANDS, RUBRIC
from db.queries.business_plans import START_UP_LINE, PlanFile
from db.services.business_plans import (
    ENTERPRISE_MONTHS, move_plan, record_disbursement, record_enterprise_status, record_mentoring_visit, score_plan,
)
from domain.inputs import parse
from domain.plan_inputs import (
    DisbursementInput, EnterpriseStatusInput, MentoringVisitInput, PlanMove, PlanScoreInput,
)
from domain.plan_workflow import DISBURSABLE, LAUNCHED_OR_LATER, allowed_next


def field_date(first: date) -> dict:
    """Date input bounds of a field date: from the first open day (project start, or the day after the
    period lock) to today — today read at each run, so a server running past midnight offers the new day."""
    return {"format": "DD/MM/YYYY", "min_value": first, "max_value": max(first, date.today())}


def move_form(actor: Actor, plan: PlanFile, status_labels: dict[str, str], first: date) -> None:
    """Move the plan to one of the statuses the pipeline allows next."""
    st.subheader(t("enterprise.move.title"))
    options = [s for s in allowed_next(plan.status) if not (s == "disbursed" and plan.status == "approved")]
    if plan.status == "approved":
        st.info(t("enterprise.move.pay_first"), icon=":material/payments:")
    if not options:
        if plan.status not in ("approved",):
            st.caption(t("enterprise.move.final", status=status_labels[plan.status]))
        return
    with st.form(f"move_{plan.id}"):
        to_status = st.selectbox(t("enterprise.move.to"), options, format_func=status_labels.get, key="move_to")
        slot_status = st.empty()
        on = st.date_input(t("enterprise.move.on"), value=None, key="move_on", **field_date(first))
        slot_on = st.empty()
        comment = st.text_area(t("enterprise.move.comment"), key="move_comment", height=80)
        slot_comment = st.empty()
        approved = None
        if "approved" in options:
            approved = st.text_input(t("enterprise.move.approved_mad"), value=f"{plan.requested_mad:.0f}",
                                     key="move_approved")
        slot_approved = st.empty()
        submitted = st.form_submit_button(t("enterprise.move.submit"), type="primary")
    if submitted:
        raw = {"plan_id": plan.id, "from_status": plan.status, "to_status": to_status, "occurred_on": on,
               "comment": comment, "approved_mad": approved if to_status == "approved" else None}
        apply_write(lambda s: move_plan(s, actor=actor, given=parse(PlanMove, raw)),
                    {"to_status": slot_status, "occurred_on": slot_on, "comment": slot_comment,
                     "approved_mad": slot_approved},
                    t("enterprise.move.done", code=plan.code, status=status_labels[to_status]))


def score_form(actor: Actor, plan: PlanFile, first: date) -> None:
    """One reviewer's rubric, 1 to 5 on each criterion."""
    st.subheader(t("enterprise.score.title"))
    if not (plan.history.to_status == "under_review").any():
        st.caption(t("enterprise.score.not_yet"))
        return
    with st.form(f"score_{plan.id}"):
        reviewer = st.text_input(t("enterprise.score.reviewer"), value=actor.name or actor.username,
                                 key="score_reviewer")
        slot_reviewer = st.empty()
        on = st.date_input(t("enterprise.score.on"), value=None, key="score_on", **field_date(first))
        slot_on = st.empty()
        marks, slots = {}, {"reviewer": slot_reviewer, "scored_on": slot_on}
        for column, criterion in zip(st.columns(len(RUBRIC)), RUBRIC):
            marks[criterion] = column.number_input(t(f"enterprise.rubric.{criterion}"), min_value=1, max_value=5,
                                                   value=3, step=1, key=f"score_{criterion}")
            slots[criterion] = column.empty()
        comment = st.text_input(t("enterprise.score.comment"), key="score_comment")
        slots["comment"] = st.empty()
        submitted = st.form_submit_button(t("enterprise.score.submit"))
    if submitted:
        raw = {"plan_id": plan.id, "reviewer": reviewer, "scored_on": on, "comment": comment, **marks}
        apply_write(lambda s: score_plan(s, actor=actor, given=parse(PlanScoreInput, raw)),
                    slots, t_plain("enterprise.score.done", reviewer=reviewer.strip()))


def payment_form(actor: Actor, plan: PlanFile, first: date) -> None:
    """Start-up support paid in MAD: an expenditure on the start-up line, up to the approved amount."""
    if plan.status not in DISBURSABLE:
        return
    st.subheader(t("enterprise.pay.title"))
    left = max((plan.approved_mad or Decimal(0)) - plan.disbursed_mad, Decimal(0))
    st.caption(t("enterprise.pay.help", line=START_UP_LINE, left=num(left)))
    with st.form(f"pay_{plan.id}"):
        amount = st.text_input(t("enterprise.pay.amount"), value=f"{left:.0f}" if left else "", key="pay_amount")
        slot_amount = st.empty()
        on = st.date_input(t("enterprise.pay.on"), value=None, key="pay_on", **field_date(first))
        slot_on = st.empty()
        description = st.text_input(t("enterprise.pay.description"), key="pay_description")
        slot_description = st.empty()
        rate = st.text_input(t("enterprise.pay.rate"), key="pay_rate")
        slot_rate = st.empty()
        submitted = st.form_submit_button(t("enterprise.pay.submit"), type="primary")
    if submitted:
        raw = {"plan_id": plan.id, "amount_mad": amount, "spent_on": on, "description": description,
               "mad_per_usd": rate}
        apply_write(lambda s: record_disbursement(s, actor=actor, given=parse(DisbursementInput, raw)),
                    {"amount_mad": slot_amount, "spent_on": slot_on, "mad_per_usd": slot_rate,
                     "description": slot_description},
                    t("enterprise.pay.done", code=plan.code))


def follow_up_forms(actor: Actor, plan: PlanFile, first: date) -> None:
    """Mentoring visits and the enterprise's situation 3, 6 and 12 months after launch."""
    if plan.status not in LAUNCHED_OR_LATER:
        return
    bands = {b: t(f"enterprise.band.{b}") for b in REVENUE_BANDS}
    situations = {s: t(f"enterprise.operating.{s}") for s in ENTERPRISE_STATUSES}
    months = {m: t("enterprise.months", months=m) for m in ENTERPRISE_MONTHS}
    visit_col, status_col = st.columns(2)
    with visit_col, st.form(f"visit_{plan.id}"):
        st.subheader(t("enterprise.visit.title"))
        on = st.date_input(t("enterprise.visit.on"), value=None, key="visit_on", **field_date(first))
        slot_on = st.empty()
        band = st.selectbox(t("enterprise.visit.band"), REVENUE_BANDS, format_func=bands.get, key="visit_band")
        notes = st.text_area(t("enterprise.visit.notes"), key="visit_notes", height=80)
        slot_notes = st.empty()
        if st.form_submit_button(t("enterprise.visit.submit")):
            raw = {"plan_id": plan.id, "visit_date": on, "revenue_band": band, "notes": notes}
            apply_write(lambda s: record_mentoring_visit(s, actor=actor, given=parse(MentoringVisitInput, raw)),
                        {"visit_date": slot_on, "notes": slot_notes}, t("enterprise.visit.done"))
    with status_col, st.form(f"follow_{plan.id}"):
        st.subheader(t("enterprise.follow.title"))
        after = st.selectbox(t("enterprise.follow.months"), ENTERPRISE_MONTHS, format_func=months.get,
                             key="follow_months")
        on = st.date_input(t("enterprise.follow.on"), value=None, key="follow_on", **field_date(first))
        slot_on = st.empty()
        situation = st.selectbox(t("enterprise.follow.status"), ENTERPRISE_STATUSES, format_func=situations.get,
                                 key="follow_status")
        if st.form_submit_button(t("enterprise.follow.submit")):
            raw = {"plan_id": plan.id, "months_after": after, "observed_on": on, "status": situation}
            apply_write(lambda s: record_enterprise_status(s, actor=actor, given=parse(EnterpriseStatusInput, raw)),
                        {"observed_on": slot_on}, t("enterprise.follow.done", months=after))
