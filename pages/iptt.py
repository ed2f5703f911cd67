"""IPTT: indicator performance against targets, per period and for the life of the project; XLSX export."""
from __future__ import annotations


import pandas as pd
import streamlit as st

from components import progress_labels
from components.as_of import as_of as current_as_of
from components.chart_cache import show_chart
from components.data import read
from components.i18n import current_language, day, num, t, wording
from components.iptt_charts import lop_met_chart
from components.plain_text import plain
from components.project_page import open_project_page
from components.public_files import public_downloads
from components.tables import table
from db.actor import ADMIN, COORDINATOR, VIEWER
from db.queries.iptt import iptt, period_label, reporting_periods
from domain.iptt import status_counts
from exports.iptt import FIXED, Headers, groups, iptt_rows, shown_gap, workbook


def render() -> None:
    opened = open_project_page("iptt.title", ADMIN, COORDINATOR, VIEWER)
    if opened is None:
        return
    actor, card = opened
    as_of = current_as_of()
    st.caption(t("iptt.caption", date=day(as_of)))
    lines = read(iptt, project_id=card.id, as_of=as_of)
    periods = read(reporting_periods, project_id=card.id)
    vocabulary = progress_labels.words()
    _status_tiles(lines, vocabulary["status"])
    lines, periods, breakdown = _filters(lines, periods, vocabulary)
    if not lines:
        st.info(t("iptt.nothing_selected"))
        return
    def rows_for(suppress: bool) -> list[dict]:
        return iptt_rows(lines, periods, words=lambda kind, value: vocabulary[kind].get(value, value),
                         breakdown=breakdown, suppress=suppress, gap_text=_gap_text, lang=current_language())

    suppress = not actor.sees_personal_data
    rows = rows_for(suppress)
    export_rows = rows_for(True)  # an export is meant for a meeting: small counts always hidden
    column_groups = groups(periods, period_label, t("iptt.lop"))
    headers = _headers()
    table(_table(rows, column_groups, headers), hide_index=True, width="stretch")
    _flags(lines, suppress)
    chart_rows = pd.DataFrame([{
        "label": f"{line.code} · {wording(line.name, line.name_fr)}", "met": line.row.lop.met,
        "status": line.row.status,
        "status_label": vocabulary["status"][line.row.status]} for line in lines])
    show_chart(lop_met_chart, chart_rows, title=t("iptt.chart_title", date=day(as_of)),
               share_title=t("iptt.lop_met"), status_title=t("iptt.status"))
    title = t("iptt.export_title", code=card.code, date=day(as_of))
    # built when clicked, not on every rerun (60-100 ms of openpyxl); the rows are already plain data
    st.download_button(t("iptt.export"), data=lambda: workbook(export_rows, column_groups, headers, title),
                       file_name=f"IPTT_{card.code}_{as_of.isoformat()}.xlsx", icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore")
    st.caption(t("iptt.export_help"))
    public_downloads(card, as_of)


def _status_tiles(lines, labels: dict[str, str]) -> None:
    counts = status_counts([line.row for line in lines])
    for column, (status, count) in zip(st.columns(len(counts)), counts.items()):
        column.metric(labels[status], num(count), border=True)


def _filters(lines, periods, vocabulary):
    level_labels = {line.level_code: f"{line.level_code} · {vocabulary['level'][line.level_kind]}" for line in lines}
    indicator_labels = {line.indicator_id: f"{line.code} · {wording(line.name, line.name_fr)}" for line in lines}
    period_labels = {p.start: period_label(p) for p in periods}
    with st.expander(t("iptt.filters"), expanded=False, icon=":material/filter_alt:"):
        chosen_periods = st.multiselect(t("iptt.periods"), list(period_labels), default=list(period_labels),
                                        format_func=period_labels.get, key="iptt_periods")
        chosen_levels = st.multiselect(t("iptt.levels"), list(level_labels), default=list(level_labels),
                                       format_func=level_labels.get, key="iptt_levels")
        chosen_indicators = st.multiselect(t("iptt.indicators"), list(indicator_labels), default=[],
                                           format_func=indicator_labels.get, key="iptt_indicators",
                                           placeholder=t("iptt.all_indicators"))
        breakdown = st.toggle(t("iptt.breakdown"), key="iptt_breakdown", help=t("iptt.breakdown_help"))
    kept = [line for line in lines if line.level_code in chosen_levels
            and (not chosen_indicators or line.indicator_id in chosen_indicators)]
    return kept, [p for p in periods if p.start in chosen_periods], breakdown


def _headers() -> Headers:
    fixed = {"id": t("iptt.col.id"), "code": t("iptt.col.code"), "indicator": t("iptt.col.indicator"),
             "level": t("iptt.col.level"), "unit": t("iptt.col.unit"), "direction": t("iptt.col.direction"),
             "cumulative": t("iptt.col.cumulative"), "measure_type": t("iptt.col.measure_type"),
             "baseline": t("iptt.col.baseline")}
    parts = {"target": t("iptt.col.target"), "actual": t("iptt.col.actual"), "met": t("iptt.col.met")}
    return Headers(fixed, parts, t("iptt.lop"), t("iptt.status"), t("iptt.col.flag"))


def _table(rows: list[dict], column_groups, headers: Headers) -> pd.DataFrame:
    """The rows with one readable column per group and part ('LOP · Target'); % met as text."""
    records = []
    for row in rows:
        record = {headers.fixed[k]: row.get(k) for k in FIXED if k != "id"}
        if row.get("baseline") is not None:
            baseline = row["baseline"]
            record[headers.fixed["baseline"]] = num(baseline, 0 if baseline == int(baseline) else 1)
        for prefix, group in column_groups:
            for part in ("target", "actual", "met"):
                value = row.get(f"{prefix}.{part}")
                if part == "met":
                    value = None if value is None else f"{value * 100:.0f} %"
                elif isinstance(value, float):
                    value = num(value, 0 if value == int(value) else 1)
                record[f"{group} · {headers.parts[part]}"] = value
        record[headers.status] = row.get("status")
        record[headers.flag] = row.get("flag")
        records.append(record)
    frame = pd.DataFrame(records)
    return frame.astype(object).where(frame.notna(), "")


def _gap_text(gap) -> str:
    """The flag's words; without the total and the sum when they come as None (small counts suppressed)."""
    start, dimension, total, added = gap
    if total is None or added is None:
        return t("iptt.gap_hidden", period=start.strftime("%Y-%m"), dimension=dimension)
    return t("iptt.gap", period=start.strftime("%Y-%m"), dimension=dimension, total=num(total), sum=num(added))


def _flags(lines, suppress: bool) -> None:
    gaps = [(line, gap) for line in lines for gap in line.gaps]
    for line, gap in gaps:
        st.warning(plain(f"{line.code}: {_gap_text(shown_gap(gap, suppress))}"), icon=":material/rule:")


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
