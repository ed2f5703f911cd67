"""The open-data package: one ZIP of aggregated CSV tables and a Frictionless Data descriptor
(`datapackage.json`) naming every column and its type, as the project stood on an as-of date.

Aggregates only, no personal data; counts of people hidden as they are from viewers (exports.disclosure);
every text cell neutralised against spreadsheet formulas. Command:
`python -m exports.open_data --as-of 2017-02-28 --output fm0390-open-data.zip`.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal

from sqlalchemy.orm import Session

from db.audit import data_version
from db.queries.business_plans import reached_counts, status_counts
from db.queries.cohorts import cohort_list, funnel_summary
from db.queries.iptt import IpttLine, iptt, reporting_periods
from db.queries.publishing import current_plans, plan_revisions, publisher, spent_by_line_and_quarter
from db.queries.budget import lines as budget_lines
from db.queries.disclosed import participation_by_sex
from db.models.enterprise import PLAN_STATUSES
from domain.budget_revisions import plan_on
from domain.cohort_results import STAGES
from domain.disclosure import SUPPRESSED
from exports.cells import neutralise
from exports.disclosure import WITHHELD, breakdown_cells, shown_cells

MISSING = [WITHHELD, SUPPRESSED]  # an empty cell: no value or withheld; "<5": a count of 1 to 4


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Frictionless field type: string, integer, number, date, boolean
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    fields: tuple[Field, ...]
    rows: list[dict]


def _fields(*specs: tuple[str, str, str]) -> tuple[Field, ...]:
    return tuple(Field(*spec) for spec in specs)


IPTT_FIELDS = _fields(
    ("indicator_code", "string", "Indicator number in the results framework"),
    ("level_code", "string", "Outcome or output the indicator belongs to"),
    ("level_kind", "string", "objective, outcome or output"),
    ("indicator", "string", "Indicator name"),
    ("unit", "string", "Unit of measure"),
    ("measure_type", "string", "number or percentage"),
    ("direction", "string", "increase or decrease: the direction of improvement"),
    ("cumulative", "boolean", "Whether a period's actual counts everything up to its end"),
    ("baseline", "number", "Baseline value"),
    ("period_start", "date", "First day of the reporting period; empty for the life-of-project row"),
    ("period_end", "date", "Last day of the reporting period; empty for the life-of-project row"),
    ("dimension", "string", "total, or the disaggregation (sex, city …)"),
    ("category", "string", "Category of the disaggregation; empty for the total"),
    ("target", "number", "Target of the period or of the life of the project"),
    ("actual", "number", "Actual as of the package date; <5 or empty when a small count is suppressed"),
    ("percent_met", "number", "Actual ÷ target (target ÷ actual for a decreasing indicator), as a fraction"),
)
BUDGET_FIELDS = _fields(
    ("line_code", "string", "Budget line code"),
    ("line_name", "string", "Budget line"),
    ("category", "string", "staff, office, operational or overhead"),
    ("quarter_start", "date", "First day of the calendar quarter"),
    ("planned_usd", "number", "USD planned for the quarter (the plan in force on the package date)"),
    ("spent_usd", "number", "USD spent in the quarter up to the package date, at the rates used"),
)
FUNNEL_FIELDS = _fields(
    ("cohort_code", "string", "Cohort (vocational) or training group (entrepreneurship) code"),
    ("kind", "string", "vocational or entrepreneurship"),
    ("trade_or_module", "string", "Trade taught, or entrepreneurship module (TRIE, CREE, GERME)"),
    ("city", "string", "City where the cohort trained"),
    *[(stage, "integer", f"People who reached the stage '{stage}' by the package date; <5 for 1 to 4")
      for stage in STAGES],
)
PIPELINE_FIELDS = _fields(
    ("stage", "string", "Business plan status"),
    ("plans_now", "integer", "Plans in this status on the package date; <5 or empty when suppressed"),
    ("plans_reached", "integer", "Plans that reached this status at least once by the package date; <5 for 1 to 4"),
)
CAPACITY_FIELDS = _fields(
    ("institution_type", "string", "government, ngo, private_sector, international or academia"),
    ("level", "string", "local or central"),
    ("sex", "string", "F or M"),
    ("attendances", "integer", "Attendances at stakeholder events by the package date; <5 or empty when suppressed"),
)


def package(session: Session, *, project_id: int, as_of: date, illustrative: bool = False,
            generated_at: datetime | None = None) -> bytes:
    """The ZIP: one CSV per table and datapackage.json."""
    pub = publisher(session, project_id=project_id)
    tables = [
        Table("iptt", "Indicator Performance Tracking Table", IPTT_FIELDS,
              iptt_table(iptt(session, project_id=project_id, as_of=as_of),
                         reporting_periods(session, project_id=project_id))),
        Table("budget_by_line_and_quarter", "Budget by line and quarter", BUDGET_FIELDS,
              _budget(session, project_id, as_of)),
        Table("training_funnel_by_cohort", "Training funnel by cohort", FUNNEL_FIELDS,
              _funnel(session, project_id, as_of)),
        Table("enterprise_pipeline", "Micro-enterprise pipeline", PIPELINE_FIELDS,
              _pipeline(session, project_id, as_of)),
        Table("capacity_building_by_institution_type", "Capacity building by institution type", CAPACITY_FIELDS,
              _capacity(session, project_id, as_of)),
    ]
    descriptor = {
        "profile": "tabular-data-package",
        "name": f"{pub.code.lower().replace('.', '')}-open-data",
        "title": f"{pub.code} — {pub.title} (open data)",
        "description": "Aggregated figures of the project; no personal data. Counts of people from 1 to 4 show "
                       "as <5; a neighbouring count that would give one away is left empty."
                       + (" Illustrative demo data." if illustrative else ""),
        "as_of": as_of.isoformat(),
        "data_version": data_version(session),
        "illustrative": illustrative,
        "created": (generated_at or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        "resources": [_resource(table) for table in tables],
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            archive.writestr(f"{table.name}.csv", _csv(table))
        archive.writestr("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2))
    return out.getvalue()


def iptt_table(lines: Sequence[IpttLine], periods: Sequence) -> list[dict]:
    """Per indicator: its life-of-project row, one row per period with a target or an actual, then its
    disaggregated actuals per period as the IPTT shows them to viewers."""
    rows = []
    for line in lines:
        base = {"indicator_code": line.code, "level_code": line.level_code, "level_kind": line.level_kind,
                "indicator": line.name, "unit": line.unit, "measure_type": line.measure_type,
                "direction": line.direction, "cumulative": line.cumulative, "baseline": line.baseline,
                "dimension": "total", "category": ""}
        lop = line.row.lop
        rows.append(base | {"target": lop.target, "actual": lop.actual, "percent_met": lop.met})
        for period in periods:
            cell = line.row.periods.get(period.start)
            if cell is not None and (cell.target is not None or cell.actual is not None):
                rows.append(base | {"period_start": period.start, "period_end": period.end, "target": cell.target,
                                    "actual": cell.actual, "percent_met": cell.met})
        ends = {p.start: p.end for p in periods}
        for start, cells in sorted(breakdown_cells(line, periods).items()):
            for (dimension, category), value in sorted(cells.items()):
                rows.append(base | {"period_start": start, "period_end": ends.get(start), "dimension": dimension,
                                    "category": category, "actual": value})
    return rows


def _budget(session: Session, project_id: int, as_of: date) -> list[dict]:
    lines = budget_lines(session, project_id=project_id, as_of=as_of)
    plans, revisions = current_plans(session, project_id=project_id), plan_revisions(session, project_id=project_id)
    spent = spent_by_line_and_quarter(session, project_id=project_id, as_of=as_of)
    rows = []
    for line in lines.itertuples():
        plan = plan_on(plans[line.id], revisions.get(line.id, []), as_of)
        quarters = sorted(set(plan) | {q for (line_id, q) in spent if line_id == line.id})
        rows += [{"line_code": line.code, "line_name": line.name, "category": line.category, "quarter_start": q,
                  "planned_usd": plan.get(q, Decimal(0)), "spent_usd": spent.get((line.id, q), Decimal(0))}
                 for q in quarters]
    return rows


def _funnel(session: Session, project_id: int, as_of: date) -> list[dict]:
    """Each training group's funnel, counted in SQL: women per cohort and stage, a count without a personal
    breakdown, published as the cohort page shows it to viewers."""
    rows = []
    for group in cohort_list(session, project_id=project_id, kind=None).itertuples():
        stages = funnel_summary(session, project_id=project_id, as_of=as_of, kind=group.kind,
                                group_id=int(group.id)).stages
        if not stages[0].count:
            continue
        rows.append({"cohort_code": group.code, "kind": group.kind,
                     "trade_or_module": _text(group.trade) or _text(group.module), "city": _text(group.city),
                     **{s.key: s.count for s in stages}})
    return rows


def _pipeline(session: Session, project_id: int, as_of: date) -> list[dict]:
    now = status_counts(session, project_id=project_id, as_of=as_of)
    reached = reached_counts(session, project_id=project_id, as_of=as_of)
    # Plans by stage single no one out by who she is: published as the pipeline page shows them.
    return [{"stage": s, "plans_now": now.get(s, 0), "plans_reached": reached.get(s, 0)} for s in PLAN_STATUSES]


def _capacity(session: Session, project_id: int, as_of: date) -> list[dict]:
    """Attendances per institution type, level and sex, hidden exactly as on the capacity-building page."""
    disclosed = participation_by_sex(session, project_id=project_id, as_of=as_of, suppress=True)
    frame = disclosed.frame
    return [{"institution_type": kind, "level": level, "sex": SEX_CODES[sex], "attendances": shown}
            for kind, level, sex, shown in zip(frame["type"], frame["level"], frame["sex"], shown_cells(disclosed),
                                               strict=True)]


SEX_CODES = {"women": "F", "men": "M"}


def _text(value: object) -> str:
    """A text column read through pandas: '' for a missing value (None or NaN)."""
    return "" if value is None or value != value else str(value)


def _resource(table: Table) -> dict:
    return {"name": table.name, "path": f"{table.name}.csv", "title": table.title,
            "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": [{"name": f.name, "type": f.type, "description": f.description}
                                  for f in table.fields], "missingValues": MISSING}}


def _csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f.name for f in table.fields])
    for row in table.rows:
        writer.writerow([_cell(row.get(f.name)) for f in table.fields])
    return out.getvalue()


def _cell(value: object) -> object:
    """A CSV cell: empty for none, true/false, ISO dates, plain decimals, neutralised text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, float):
        return repr(round(value, 6))
    return neutralise(value)


if __name__ == "__main__":
    import sys

    from exports.cli import run

    sys.exit(run("open_data", "The open-data package (ZIP of CSV tables and datapackage.json) as of a date.",
                 lambda session, project_id, as_of, illustrative: package(
                     session, project_id=project_id, as_of=as_of, illustrative=illustrative)))
