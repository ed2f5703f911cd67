"""Spreadsheet import (coordinators, admins): participants, enrolments or attendance from XLSX or CSV. A
preview, checked by reading only, names each row's problems in plain words and says what would be written
(for participants, the codes they would get); nothing is written until every row is valid, then all in
one go."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from components.data import read_fresh
from components.forms import apply_write
from components.i18n import num, t
from components.plain_text import t_plain
from components.period_lock import lock_notice
from components.project_page import open_project_page
from components.tables import table
from db.actor import ADMIN, COORDINATOR, Actor
from domain.errors import Problem
from db.services.cohort_import import (
    ImportPreview, import_attendance, import_enrolments, import_participants, preview_attendance,
    preview_enrolments, preview_participants,
)
from domain.cohort_import import TEMPLATES, ImportRow, parse_rows, read_table, template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROUND_KEY = "import_round"
IMPORTERS = {"participants": import_participants, "enrolments": import_enrolments, "attendance": import_attendance}
PREVIEWS = {"participants": preview_participants, "enrolments": preview_enrolments, "attendance": preview_attendance}


def render() -> None:
    opened = open_project_page("cohort_import.title", ADMIN, COORDINATOR)
    if opened is None:
        return
    actor, card = opened
    lock_notice(card.id)  # rows dated inside a locked period are refused, each named in the preview
    kinds = {k: t(f"cohort_import.kind.{k}") for k in TEMPLATES}
    kind = st.segmented_control(t("cohort_import.what"), list(kinds), format_func=kinds.get, default="participants",
                                required=True, key="import_kind")
    st.caption(t(f"cohort_import.help.{kind}"))
    st.download_button(t("cohort_import.template"), template_workbook(kind), file_name=f"modele_{kind}.xlsx", mime=XLSX,
                       icon=":material/download:", on_click="ignore")
    # A new uploader after each import, so the file just imported is not offered again.
    round_ = st.session_state.get(ROUND_KEY, 0)
    upload = st.file_uploader(t("cohort_import.upload"), type=["xlsx", "csv"], key=f"upload_{kind}_{round_}")
    if upload is None:
        return
    try:
        table = read_table(upload.getvalue(), upload.name)
    except Exception:  # a corrupt or mislabelled file: say so instead of a traceback
        st.error(t("cohort_import.unreadable"), icon=":material/error:")
        return
    rows, file_problems = parse_rows(table, kind)
    if file_problems:
        st.error("\n\n".join(t_plain(p.key, **p.params) for p in file_problems), icon=":material/error:")
        return
    _import(actor, card.id, kind, rows)


def _progress(bar):
    """A progress callback drawing on `bar` (done and total as the use case counts them)."""
    if bar is None:
        return None
    return lambda done, total: bar.progress(min(done / total, 1.0), text=t("cohort_import.progress", done=num(done),
                                                                             total=num(total)))


def _write(actor: Actor, project_id: int, kind: str, rows: list[ImportRow], bar=None):
    return lambda s: IMPORTERS[kind](s, actor=actor, project_id=project_id, rows=rows, progress=_progress(bar))


def _check(actor: Actor, project_id: int, kind: str, rows: list[ImportRow], bar) -> tuple[list[Problem], list[str]]:
    """The problems each row would meet and what would be written, checked by reading only."""
    preview = read_fresh(PREVIEWS[kind], actor=actor, project_id=project_id, rows=rows, progress=_progress(bar))
    return preview.problems, _would_write(preview)


def _would_write(preview: ImportPreview) -> list[str]:
    """What a valid file would write, in words."""
    lines = [t("cohort_import.would_write", count=num(count), first=first, last=last)
             for count, first, last in preview.codes.values()]
    counts = preview.counts
    if "enrolments" in counts:
        lines.append(t("cohort_import.would_enrol", count=num(counts["enrolments"]), groups=num(counts["groups"])))
        if counts["over_capacity"]:
            lines.append(t("cohort_import.would_enrol_over", count=num(counts["over_capacity"])))
    if "sessions" in counts:
        lines.append(t("cohort_import.would_record", sessions=num(counts["sessions"]), marks=num(counts["marks"])))
    return lines


def _import(actor: Actor, project_id: int, kind: str, rows: list[ImportRow]) -> None:
    checking = st.progress(0.0, text=t("cohort_import.checking")) if len(rows) > 50 else None
    problems, summary = _check(actor, project_id, kind, rows, checking)
    if checking is not None:
        checking.empty()
    _preview(rows, problems)
    if problems:
        bad = len({p.params.get("row") for p in problems})
        st.error(t("cohort_import.refused", bad=num(bad), total=num(len(rows))), icon=":material/error:")
        return
    st.success("\n\n".join([t("cohort_import.ready", total=num(len(rows))), *summary]), icon=":material/task_alt:")
    if st.button(t("cohort_import.submit", total=num(len(rows))), type="primary", key="import_submit"):
        bar = st.progress(0.0, text=t("cohort_import.writing"))
        apply_write(_write(actor, project_id, kind, rows, bar), {}, lambda _written: _next_round(len(rows)))


def _next_round(total: int) -> str:
    st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1
    return t("cohort_import.done", total=num(total))


def _cell(value: object) -> str:
    """A value as the preview shows it: dates as dd/mm/yyyy, yes/no in words."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("cohort_import.yes") if value else t("cohort_import.no")
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _preview(rows: list[ImportRow], problems: list[Problem]) -> None:
    """Every row with its values and, in plain words, what is wrong with it."""
    by_row: dict[int, list[str]] = {}
    for problem in problems:
        column = problem.field.split(":", 1)[-1]
        by_row.setdefault(problem.params.get("row"), []).append(
            t("cohort_import.problem", column=column, message=t(problem.key, **problem.params)))
    frame = pd.DataFrame([{"row": r.number, "problems": " · ".join(by_row.get(r.number, [])),
                           **{k: _cell(v) for k, v in r.values.items()}} for r in rows])
    if problems:
        frame = pd.concat([frame[frame.problems != ""], frame[frame.problems == ""]])
    table(frame, hide_index=True, width="stretch",
                 column_config={"row": t("cohort_import.row"), "problems": t("cohort_import.problems")})


if __name__ == "__main__":  # run as a script by Streamlit's old multipage mode: hand over to app.py
    from components.door import leave_old_multipage_mode

    leave_old_multipage_mode(__file__)
