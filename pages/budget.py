"""Budget: spending against plan over time, burn rate, variance by line, forecast; coordinators record
expenditures."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import streamlit as st

from components import progress_labels
from components.as_of import as_of as current_as_of
from components.budget_charts import cumulative_chart, lines_chart
from components.chart_cache import show_chart
from components.data import read
from components.forms import apply_write
from components.i18n import day, money, num, pct, t, wording
from components.kpi import Tile, tile_row
from components.period_lock import first_open_day, lock_notice
from components.versioned import EditedRecord
from components.project_page import open_project_page
from components.tables import table
from components.wording_form import wording_form
from db.actor import ADMIN, COORDINATOR, VIEWER, Actor
from db.queries import budget as queries
from db.queries.overview import ProjectCard
from db.services.budget import explain_variance, record_expenditure, set_budget_lines, set_planned_amounts
from domain.budget_inputs import (
    BudgetLinesInput, BudgetLineWording, ExpenditureInput, PlannedAmountsInput, VarianceExplanation,
)
from domain.inputs import parse
from domain.budget import burn, cumulative, forecast_at_completion, line_variance, quarters_between
from domain.progress import share_of, time_elapsed_share


def render() -> None:
    opened = open_project_page("budget.title", ADMIN, COORDINATOR, VIEWER)
    if opened is None:
        return
    actor, card = opened
    as_of = current_as_of()
    st.caption(t("budget.caption", date=day(as_of), budget=money(card.budget_usd)))
    lines = read(queries.lines, project_id=card.id, as_of=as_of)
    _tiles(card, lines, as_of)
    _curve(card, as_of)
    if lines.empty:  # a fresh project: nothing to show by line, no line to record spending against
        st.subheader(t("budget.by_line"))
        st.info(t("budget.no_lines"))
    else:
        _variance(lines, actor)
        if actor.can_enter_data:
            _expenditure_form(actor, card, lines)
        if actor.is_admin:
            _admin_lines(actor, card, lines)
            _line_wordings(actor, lines)
    _recent(card, as_of)


def _tiles(card: ProjectCard, lines: pd.DataFrame, as_of: date) -> None:
    spent = sum(lines["spent_usd"], Decimal(0))
    forecast = sum((forecast_at_completion(r.spent_usd, r.planned_total, r.planned_to_date)
                    for r in lines.itertuples()), Decimal(0))
    rate = burn(spent, card.budget_usd, card.start_date, card.end_date, as_of)
    elapsed = time_elapsed_share(card.start_date, card.end_date, as_of)
    tile_row([
        Tile(t("budget.spent"), money(spent), help=t("budget.spent_help"),
             delta=t("overview.of_budget", share=pct(share_of(spent, card.budget_usd)))),
        Tile(t("budget.time_elapsed"), pct(elapsed), help=t("budget.time_elapsed_help")),
        Tile(t("budget.burn_rate"), "–" if rate is None else num(rate, 2), help=t("budget.burn_rate_help")),
        Tile(t("budget.forecast"), money(forecast), help=t("budget.forecast_help"),
             delta=t("budget.forecast_gap", gap=money(card.budget_usd - forecast))),
    ])


def _curve(card: ProjectCard, as_of: date) -> None:
    frame = read(queries.by_quarter, project_id=card.id, as_of=as_of)
    quarters = quarters_between(card.start_date, card.end_date)
    planned = cumulative(dict(zip(frame["quarter"], frame["planned"])), quarters)
    spent = cumulative(dict(zip(frame["quarter"], frame["spent"])), [q for q in quarters if q <= as_of])
    planned_label, spent_label = t("budget.series.planned"), t("budget.series.spent")
    curve = pd.DataFrame(
        [{"quarter": q, "series": planned_label, "usd": float(v)} for q, v in zip(quarters, planned)]
        + [{"quarter": q, "series": spent_label, "usd": float(v)} for q, v in zip(quarters, spent)])
    show_chart(cumulative_chart, curve, as_of=as_of, title=t("budget.curve_title"), x_title=t("budget.quarter"),
               y_title=t("budget.usd"), series_title=t("budget.series"))
    st.caption(t("budget.curve_caption"))


def _variance(lines: pd.DataFrame, actor: Actor) -> None:
    st.subheader(t("budget.by_line"))
    categories = progress_labels.budget_categories()
    rows = []
    for r in lines.itertuples():
        v = line_variance(r.code, r.amount_usd, r.planned_to_date, r.spent_usd)
        rows.append({
            t("budget.col.line"): _label(r), t("budget.col.category"): categories[r.category],
            t("budget.col.budget"): money(r.amount_usd), t("budget.col.planned_to_date"): money(r.planned_to_date),
            t("budget.col.spent"): money(r.spent_usd), t("budget.col.variance"): money(v.variance),
            t("budget.col.share_spent"): pct(v.share_spent),
            t("budget.col.forecast"): money(forecast_at_completion(r.spent_usd, r.planned_total, r.planned_to_date)),
            t("budget.col.flag"): t("budget.overspent") if v.overspent else "",
            t("budget.col.explanation"): r.variance_explanation})
    table(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(t("budget.variance_caption"))
    bars = pd.DataFrame(
        [{"line": r.code, "measure": t("budget.col.budget"), "usd": float(r.amount_usd)} for r in lines.itertuples()]
        + [{"line": r.code, "measure": t("budget.col.planned_to_date"), "usd": float(r.planned_to_date)}
           for r in lines.itertuples()]
        + [{"line": r.code, "measure": t("budget.col.spent"), "usd": float(r.spent_usd)} for r in lines.itertuples()])
    show_chart(lines_chart, bars, title=t("budget.lines_title"), x_title=t("budget.usd"),
               measure_title=t("budget.measure"))
    if actor.can_enter_data:
        _explanation_form(actor, lines)


def _explanation_form(actor: Actor, lines: pd.DataFrame) -> None:
    labels = {int(r.id): _label(r) for r in lines.itertuples()}
    with st.expander(t("budget.explain"), icon=":material/edit_note:"):
        line_id = st.selectbox(t("budget.col.line"), list(labels), format_func=labels.get, key="explain_line")
        line = lines.set_index("id").loc[line_id]
        edited = EditedRecord("budget_line", int(line_id))
        loaded = edited.loaded_version(int(line.version))  # kept until saved
        with st.form(edited.key("form")):
            text = st.text_area(t("budget.col.explanation"), value=line.variance_explanation or "",
                                key=edited.key("explanation"))
            slot = st.empty()
            submitted = st.form_submit_button(t("budget.explain_submit"))
        if submitted:  # after the form: a stale save offers a button, and a form may hold no other button
            raw = {"line_id": int(line_id), "explanation": text, "expected_version": loaded}
            apply_write(lambda s: explain_variance(s, actor=actor, given=parse(VarianceExplanation, raw)),
                        {"explanation": slot}, t("budget.explained"), edited=edited,
                        mine={"variance_explanation": text},
                        labels={"variance_explanation": t("budget.col.explanation")})


def _expenditure_form(actor: Actor, card: ProjectCard, lines: pd.DataFrame) -> None:
    st.subheader(t("budget.record"))
    lock_notice(card.id)
    labels = {int(r.id): _label(r) for r in lines.itertuples()}
    rates = read(queries.exchange_rates, project_id=card.id)
    currencies = {"MAD": t("budget.currency.MAD"), "USD": t("budget.currency.USD")}
    with st.form("record_expenditure", clear_on_submit=False):
        left, right = st.columns(2)
        line_id = left.selectbox(t("budget.col.line"), list(labels), format_func=labels.get, key="exp_line")
        slot_line = left.empty()
        first = first_open_day(card.id, card.start_date)
        spent_on = right.date_input(t("budget.spent_on"), value=None, min_value=first,
                                    max_value=max(first, min(card.end_date, date.today())), format="DD/MM/YYYY",
                                    key="exp_date")
        slot_date = right.empty()
        description = st.text_input(t("budget.description"), key="exp_description")
        slot_description = st.empty()
        a, b, c = st.columns(3)
        amount = a.text_input(t("budget.amount"), key="exp_amount", help=t("budget.amount_help"))
        slot_amount = a.empty()
        currency = b.selectbox(t("budget.currency"), list(currencies), format_func=currencies.get, key="exp_currency")
        slot_currency = b.empty()
        rate = c.text_input(t("budget.rate"), key="exp_rate",
                            help=t("budget.rate_help",
                                   rates=", ".join(f"{y}: {num(r, 2)}" for y, r in sorted(rates.items()))))
        slot_rate = c.empty()
        justification = st.text_area(t("budget.justification"), key="exp_justification",
                                     help=t("budget.justification_help"))
        slot_justification = st.empty()
        submitted = st.form_submit_button(t("budget.record_submit"), type="primary")
    if submitted:
        raw = {"line_id": line_id, "spent_on": spent_on, "description": description, "amount": amount,
               "currency": currency, "mad_per_usd": rate, "justification": justification}
        apply_write(lambda s: record_expenditure(s, actor=actor, given=parse(ExpenditureInput, raw)),
                    {"line_id": slot_line, "spent_on": slot_date, "description": slot_description,
                     "amount": slot_amount, "currency": slot_currency, "mad_per_usd": slot_rate,
                     "justification": slot_justification},
                    lambda row: t("budget.recorded", usd=money(row.amount_usd), rate=num(row.units_per_usd, 2)))


def _recent(card: ProjectCard, as_of: date) -> None:
    frame = read(queries.recent_expenditures, project_id=card.id, as_of=as_of)
    st.subheader(t("budget.recent"))
    if frame.empty:
        st.info(t("budget.none_yet"))
        return
    table(pd.DataFrame({
        t("budget.spent_on"): [day(d) for d in frame["spent_on"]], t("budget.col.line"): frame["line"],
        t("budget.description"): frame["description"],
        t("budget.amount"): [money(a, c) for a, c in zip(frame["amount"], frame["currency"])],
        t("budget.rate"): [num(r, 2) for r in frame["rate"]],
        t("budget.col.spent"): [money(v) for v in frame["amount_usd"]],
        t("budget.justification"): frame["justification"].fillna(""),
    }), hide_index=True, width="stretch")


def _admin_lines(actor: Actor, card: ProjectCard, lines: pd.DataFrame) -> None:
    """Administrators change the lines' amounts and a line's quarterly plan; the rules are the service's."""
    with st.expander(t("budget.admin"), icon=":material/tune:"):
        st.caption(t("budget.admin_help"))
        edited = st.data_editor(pd.DataFrame({"code": lines["code"],
                                              "name": [wording(r.name, r.name_fr) for r in lines.itertuples()],
                                              "amount": [float(v) for v in lines["amount_usd"]]}),
                                disabled=["code", "name"], hide_index=True, width="stretch", key="budget_lines_editor",
                                column_config={"code": t("budget.col.line"), "name": " ",
                                               "amount": st.column_config.NumberColumn(t("budget.col.budget"),
                                                                                       min_value=0, step=1.0)})
        slot_lines = st.empty()
        if st.button(t("budget.save_lines"), key="save_lines"):
            amounts = {int(i): str(a) for i, a in zip(lines["id"], edited["amount"])}
            _save(lambda s: set_budget_lines(s, actor=actor, project_id=card.id,
                                             given=parse(BudgetLinesInput, amounts=amounts)),
                  {"amount_usd": slot_lines, "amounts": slot_lines})
        labels = {int(r.id): _label(r) for r in lines.itertuples()}
        line_id = st.selectbox(t("budget.plan_of"), list(labels), format_func=labels.get, key="plan_line")
        plan = read(queries.planned_amounts, line_id=line_id)
        quarters = quarters_between(card.start_date, card.end_date)
        grid = st.data_editor(pd.DataFrame({"quarter": [q.isoformat() for q in quarters],
                                            "amount": [float(plan.get(q, 0)) for q in quarters]}),
                              disabled=["quarter"], hide_index=True, width="stretch", key=f"plan_editor_{line_id}",
                              column_config={"quarter": t("budget.quarter"),
                                             "amount": st.column_config.NumberColumn(t("budget.usd"), min_value=0)})
        slot_plan = st.empty()
        if st.button(t("budget.save_plan"), key="save_plan"):
            amounts = {date.fromisoformat(q): str(a) for q, a in zip(grid["quarter"], grid["amount"])}
            _save(lambda s: set_planned_amounts(s, actor=actor, given=parse(PlannedAmountsInput, line_id=line_id,
                                                                              amounts=amounts)),
                  {"amounts": slot_plan})


def _line_wordings(actor: Actor, lines: pd.DataFrame) -> None:
    """Administrators name each line in English and, when it differs, in French."""
    with st.expander(t("budget.wordings"), icon=":material/translate:"):
        labels = {int(r.id): _label(r) for r in lines.itertuples()}
        line_id = st.selectbox(t("budget.col.line"), list(labels), format_func=labels.get, key="wording_line")
        line = lines.set_index("id").loc[line_id]
        wording_form(actor, BudgetLineWording, int(line_id), english=line["name"], french=line.name_fr,
                     version=int(line.version), short=True)


def _label(line) -> str:
    """'VT · Formation professionnelle': a line's code and its name in the session's language."""
    return f"{line.code} · {wording(line.name, line.name_fr)}"


def _save(action, slots) -> None:
    apply_write(action, slots, t("budget.saved"))


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
