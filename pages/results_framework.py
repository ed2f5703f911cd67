"""Results framework: objective → outcomes → outputs → indicators; admins edit, coordinators report results."""
from __future__ import annotations


import pandas as pd
import streamlit as st

from components import progress_labels
from components.data import read
from components.forms import apply_write
from components.period_lock import lock_notice
from components.i18n import day, num, t, wording
from components.plain_text import plain, t_plain
from components.project_page import open_project_page
from components.tables import table
from components.wording_form import wording_form
from db.actor import ADMIN, COORDINATOR, VIEWER, Actor
from db.queries.iptt import indicators, levels, reporting_periods, target_changes
from db.services.results import add_indicator, add_level, change_target, report_result
from domain.inputs import parse
from domain.results_inputs import (
    IndicatorInput, IndicatorWording, LevelInput, ResultReport, StatementWording, TargetChangeInput,
)


def render() -> None:
    opened = open_project_page("framework.title", ADMIN, COORDINATOR, VIEWER)
    if opened is None:
        return
    actor, card = opened
    level_frame = read(levels, project_id=card.id)
    indicator_frame = read(indicators, project_id=card.id)
    _tree(level_frame, indicator_frame)
    changes = read(target_changes, project_id=card.id)
    st.subheader(t("framework.changes"))
    if changes.empty:
        st.info(t("framework.no_changes"))
    else:
        fields = {"lop_target": t("framework.lop_target"), "baseline": t("iptt.col.baseline")}
        changes = changes.assign(field=[fields.get(f, f) for f in changes["field"]],
                                 changed_at=[day(d) for d in changes["changed_at"]])
        table(changes.drop(columns=["changed_by"]).rename(columns={
            "indicator": t("iptt.col.code"), "field": t("framework.field"), "old_value": t("framework.old"),
            "new_value": t("framework.new"), "reason": t("framework.reason"), "changed_at": t("framework.when")}),
            hide_index=True, width="stretch")
    if actor.can_enter_data:
        lock_notice(card.id)
        _report_form(actor, card.id, indicator_frame)
    if actor.is_admin:
        _admin_forms(actor, card.id, level_frame, indicator_frame)


def _tree(level_frame: pd.DataFrame, indicator_frame: pd.DataFrame) -> None:
    kinds, directions = progress_labels.level_kinds(), progress_labels.directions()
    types = progress_labels.measure_types()
    for level in level_frame.itertuples():
        depth = {"objective": 0, "outcome": 1, "output": 2}[level.kind]
        with st.expander(plain(f"{'· ' * depth}{kinds[level.kind]} {level.code} — {_statement(level)}"),
                         expanded=depth == 0):
            if level.assumptions:
                st.caption(t_plain("framework.assumptions", text=level.assumptions))
            own = indicator_frame[indicator_frame.level_code == level.code]
            if own.empty:
                st.caption(t("framework.no_indicators"))
                continue
            table(pd.DataFrame({
                t("iptt.col.code"): own["code"], t("iptt.col.indicator"): [_name(r) for r in own.itertuples()],
                t("iptt.col.unit"): own["unit"],
                t("iptt.col.measure_type"): own["measure_type"].map(types),
                t("iptt.col.direction"): own["direction"].map(directions),
                t("iptt.col.cumulative"): [t("progress.yes") if c else t("progress.no") for c in own["cumulative"]],
                t("iptt.col.baseline"): [num(float(b), 0) for b in own["baseline"]],
                t("framework.lop_target"): ["–" if v is None or pd.isna(v) else num(float(v), 0)
                                            for v in own["lop_target"]],
                t("framework.source"): [t("framework.computed") if s == "computed" else t("framework.reported")
                                        for s in own["source"]],
                t("framework.verification"): own["means_of_verification"]}), hide_index=True, width="stretch")


def _report_form(actor: Actor, project_id: int, indicator_frame: pd.DataFrame) -> None:
    reported = indicator_frame[indicator_frame.source == "reported"]
    labels = {int(r.id): f"{r.code} · {_name(r)}" for r in reported.itertuples()}
    periods = read(reporting_periods, project_id=project_id)
    period_labels = {p.start: f"{p.start:%m/%Y} – {p.end:%m/%Y}" for p in periods}
    ends = {p.start: p.end for p in periods}
    with st.expander(t("framework.report"), icon=":material/add_chart:"):
        with st.form("report_result"):
            indicator_id = st.selectbox(t("iptt.col.indicator"), list(labels), format_func=labels.get)
            slot_indicator = st.empty()
            start = st.selectbox(t("framework.period"), list(period_labels), format_func=period_labels.get)
            slot_period = st.empty()
            value = st.text_input(t("framework.value"))
            slot_value = st.empty()
            note = st.text_input(t("framework.note"))
            evidence = st.text_input(t("framework.evidence"))
            slot_note = st.empty()
            parts = st.data_editor(pd.DataFrame({"dimension": pd.Series(dtype=str), "category": pd.Series(dtype=str),
                                                 "value": pd.Series(dtype=str)}),
                                   num_rows="dynamic", width="stretch", key="report_breakdown",
                                   column_config={"dimension": t("framework.dimension"),
                                                  "category": t("framework.category"), "value": t("framework.value")})
            slot_breakdown = st.empty()
            if st.form_submit_button(t("framework.report_submit"), type="primary"):
                rows = [(r.dimension, r.category, r.value) for r in parts.itertuples() if any(
                    isinstance(v, str) and v.strip() for v in (r.dimension, r.category, r.value))]
                raw = {"indicator_id": indicator_id, "period_start": start, "period_end": ends.get(start),
                       "value": value, "note": note, "evidence_ref": evidence, "breakdown": rows}
                apply_write(lambda s: report_result(s, actor=actor, given=parse(ResultReport, raw)),
                            {"indicator": slot_indicator, "indicator_id": slot_indicator, "period": slot_period,
                             "period_start": slot_period, "period_end": slot_period, "value": slot_value,
                             "note": slot_note, "evidence_ref": slot_note, "breakdown": slot_breakdown},
                            t("framework.reported_ok"))


def _admin_forms(actor: Actor, project_id: int, level_frame: pd.DataFrame, indicator_frame: pd.DataFrame) -> None:
    st.subheader(t("framework.edit"))
    target_tab, level_tab, indicator_tab, wording_tab = st.tabs([
        t("framework.change_target"), t("framework.add_level"), t("framework.add_indicator"), t("framework.wordings")])
    labels = {int(r.id): f"{r.code} · {_name(r)}" for r in indicator_frame.itertuples()}
    fields = {"lop_target": t("framework.lop_target"), "baseline": t("iptt.col.baseline")}
    with target_tab, st.form("change_target"):
        indicator_id = st.selectbox(t("iptt.col.indicator"), list(labels), format_func=labels.get)
        field = st.selectbox(t("framework.field"), list(fields), format_func=fields.get)
        value = st.text_input(t("framework.new"))
        slot_value = st.empty()
        reason = st.text_area(t("framework.reason"), help=t("framework.reason_help"))
        slot_reason = st.empty()
        if st.form_submit_button(t("framework.change_submit"), type="primary"):
            raw = {"indicator_id": indicator_id, "field": field, "new_value": value, "reason": reason}
            _write(lambda s: change_target(s, actor=actor, given=parse(TargetChangeInput, raw)),
                   {"new_value": slot_value, "reason": slot_reason})
    kinds = progress_labels.level_kinds()
    parents = {None: "–"} | {int(r.id): f"{r.code} · {_statement(r)}" for r in level_frame.itertuples()}
    with level_tab, st.form("add_level"):
        kind = st.selectbox(t("framework.kind"), list(kinds), format_func=kinds.get, index=2)
        parent_id = st.selectbox(t("framework.parent"), list(parents), format_func=parents.get)
        slot_parent = st.empty()
        code = st.text_input(t("iptt.col.code"))
        slot_code = st.empty()
        statement = st.text_area(t("framework.statement"))
        slot_statement = st.empty()
        assumptions = st.text_area(t("framework.assumptions_field"))
        slot_assumptions = st.empty()
        if st.form_submit_button(t("framework.add_level"), type="primary"):
            raw = {"kind": kind, "code": code, "statement": statement, "parent_id": parent_id,
                   "assumptions": assumptions}
            _write(lambda s: add_level(s, actor=actor, project_id=project_id, given=parse(LevelInput, raw)),
                   {"parent": slot_parent, "code": slot_code, "statement": slot_statement,
                    "assumptions": slot_assumptions})
    level_labels = {int(r.id): f"{r.code} · {_statement(r)}" for r in level_frame.itertuples()}
    types, directions = progress_labels.measure_types(), progress_labels.directions()
    with indicator_tab, st.form("add_indicator"):
        level_id = st.selectbox(t("iptt.col.level"), list(level_labels), format_func=level_labels.get)
        a, b = st.columns(2)
        code = a.text_input(t("iptt.col.code"), key="ind_code")
        slot_code = a.empty()
        unit = b.text_input(t("iptt.col.unit"))
        slot_unit = b.empty()
        name = st.text_input(t("iptt.col.indicator"))
        slot_name = st.empty()
        c, d, e = st.columns(3)
        measure_type = c.selectbox(t("iptt.col.measure_type"), list(types), format_func=types.get)
        direction = d.selectbox(t("iptt.col.direction"), list(directions), format_func=directions.get)
        cumulative = e.checkbox(t("iptt.col.cumulative"))
        f, g = st.columns(2)
        baseline = f.text_input(t("iptt.col.baseline"), value="0")
        slot_baseline = f.empty()
        lop = g.text_input(t("framework.lop_target"))
        slot_lop = g.empty()
        verification = st.text_input(t("framework.verification"))
        slot_verification = st.empty()
        if st.form_submit_button(t("framework.add_indicator"), type="primary"):
            raw = {"level_id": level_id, "code": code, "name": name, "unit": unit, "measure_type": measure_type,
                   "cumulative": cumulative, "direction": direction, "baseline": baseline, "lop_target": lop,
                   "means_of_verification": verification}
            _write(lambda s: add_indicator(s, actor=actor, given=parse(IndicatorInput, raw)),
                   {"code": slot_code, "unit": slot_unit, "name": slot_name, "baseline": slot_baseline,
                    "lop_target": slot_lop, "means_of_verification": slot_verification})
    with wording_tab:
        _wording_tab(actor, level_frame, indicator_frame)


def _wording_tab(actor: Actor, level_frame: pd.DataFrame, indicator_frame: pd.DataFrame) -> None:
    """Pick a result statement or an indicator, then edit its English and French wording."""
    kinds = progress_labels.level_kinds()
    choices = {f"level:{r.id}": f"{kinds[r.kind]} {r.code} — {_statement(r)}" for r in level_frame.itertuples()}
    choices |= {f"indicator:{r.id}": f"{t('iptt.col.indicator')} {r.code} · {_name(r)}"
                for r in indicator_frame.itertuples()}
    if not choices:
        st.info(t("framework.no_wordings"))
        return
    chosen = st.selectbox(t("framework.wording_of"), list(choices), format_func=choices.get, key="wording_pick")
    kind, record_id = chosen.split(":")
    if kind == "level":
        level = level_frame.set_index("id").loc[int(record_id)]
        wording_form(actor, StatementWording, int(record_id), english=level.statement,
                     french=level.statement_fr, version=int(level.version))
    else:
        indicator = indicator_frame.set_index("id").loc[int(record_id)]
        wording_form(actor, IndicatorWording, int(record_id), english=indicator["name"],
                     french=indicator.name_fr, version=int(indicator.version))


def _name(indicator) -> str:
    return wording(indicator.name, indicator.name_fr)


def _statement(level) -> str:
    return wording(level.statement, level.statement_fr)


def _write(action, slots) -> None:
    apply_write(action, slots, t("framework.saved"))


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
