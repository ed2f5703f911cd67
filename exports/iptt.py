"""The IPTT as rows (for the page and the XLSX export) and as an XLSX workbook.

Layout (domain.md): per indicator its ID, number, name, level, unit, direction, cumulative or not,
number or %, baseline; then the life-of-project group target | actual | % met; then one group per period.
Level rows group the indicators; disaggregation rows are optional. Aggregates only: no personal data.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from domain.iptt import Cell, Period
from domain.disclosure import suppress_grid
from exports.cells import neutralise

FIXED = ("id", "code", "indicator", "level", "unit", "direction", "cumulative", "measure_type", "baseline")
CELL_PARTS = ("target", "actual", "met")


@dataclass(frozen=True)
class Headers:
    """Translated words of the table (the page passes them in)."""

    fixed: Mapping[str, str]   # keys of FIXED → column title
    parts: Mapping[str, str]   # target / actual / met → sub-title
    lop: str
    status: str
    flag: str


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def iptt_rows(lines: Sequence, periods: Sequence[Period], *, words: Callable[[str, str], str],
              breakdown: bool = False, suppress: bool = False, gap_text: Callable[[object], str] = str,
              lang: str = "en") -> list[dict]:
    """One dict per level row, indicator row and (optionally) disaggregation row, in framework order.

    Names and statements read in `lang` (the French wording where one is kept, else the English one).
    `words(kind, value)` translates a coded value (kind: level, direction, measure_type, status, yes_no).
    `suppress`: disaggregated counts show as a viewer or a meeting may see them (`domain.disclosure`:
    "<5" for 1–4, and complements, since each period's total is shown); the "don't add up" flags then
    leave out the total and the sum (`gap_text` gets them as None).
    """
    rows, seen_levels = [], set()
    for line in lines:
        if line.level_code not in seen_levels:
            seen_levels.add(line.level_code)
            rows.append({"row": "level", "code": line.level_code,
                         "indicator": f"{words('level', line.level_kind)} {line.level_code}: "
                                      f"{line.statement_in(lang)}"})
        row = {"row": "indicator", "id": line.indicator_id, "code": line.code, "indicator": line.name_in(lang),
               "level": line.level_code, "unit": line.unit, "direction": words("direction", line.direction),
               "cumulative": words("yes_no", "yes" if line.cumulative else "no"),
               "measure_type": words("measure_type", line.measure_type), "baseline": _number(line.baseline),
               "status": words("status", line.row.status),
               "flag": "; ".join(gap_text(shown_gap(g, suppress)) for g in line.gaps)}
        row |= _cell("lop", line.row.lop)
        for period in periods:
            row |= _cell(period.start.isoformat(), line.row.periods.get(period.start))
        rows.append(row)
        if breakdown:
            hidden = hidden_breakdown(line.breakdown, periods) if suppress and line.measure_type == "number" else {}
            for (dimension, category), values in sorted(line.breakdown.items()):
                sub = {"row": "breakdown", "code": line.code, "indicator": f"{dimension}: {category}",
                       "level": line.level_code}
                for period in periods:
                    value = values.get(period.start)
                    mark = hidden.get((period.start, dimension, category))
                    sub[f"{period.start.isoformat()}.actual"] = mark if mark is not None else _number(value)
                rows.append(sub)
    return rows


def shown_gap(gap: tuple, suppress: bool) -> tuple:
    """A "don't add up" flag (period, dimension, total, sum) as it may be shown: without the two numbers
    when small counts are suppressed, since total − sum of the shown categories could reveal a hidden one."""
    start, dimension, total, added = gap
    return (start, dimension, None, None) if suppress else (start, dimension, total, added)


def hidden_breakdown(breakdown: Mapping[tuple[str, str], Mapping], periods: Sequence[Period]) -> dict[tuple, str]:
    """{(period start, dimension, category): "<5" or "…"}: the disaggregated counts of one indicator
    (`IpttLine.breakdown`) a viewer or a meeting file may not see. Per dimension, a table of categories ×
    periods whose period totals are shown (the indicator's actual), disclosed by `domain.disclosure`.
    Any file showing an indicator's disaggregations (XLSX, deck, IATI) hides exactly these."""
    cells: dict[str, dict[tuple, int]] = {}
    for (dimension, category), values in breakdown.items():
        for period in periods:
            value = values.get(period.start)
            if value is not None:
                cells.setdefault(dimension, {})[(category, period.start)] = int(value)
    hidden = {}
    for dimension, grid in cells.items():
        decision = suppress_grid(grid)
        hidden |= {(start, dimension, category): decision.text((category, start), grid[(category, start)])
                   for category, start in decision.hidden}
    return hidden


def _cell(prefix: str, cell: Cell | None) -> dict:
    if cell is None:
        return {f"{prefix}.target": None, f"{prefix}.actual": None, f"{prefix}.met": None}
    return {f"{prefix}.target": _number(cell.target), f"{prefix}.actual": _number(cell.actual),
            f"{prefix}.met": cell.met}


def groups(periods: Sequence[Period], labels: Callable[[Period], str], lop: str) -> list[tuple[str, str]]:
    """(column prefix, group title): the life of project, then each period."""
    return [("lop", lop)] + [(p.start.isoformat(), labels(p)) for p in periods]


def workbook(rows: Sequence[dict], column_groups: Sequence[tuple[str, str]], headers: Headers,
             title: str) -> bytes:
    """An XLSX file: a title line, a group header row, a sub-header row, then the rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "IPTT"
    sheet.append([neutralise(title)])
    sheet["A1"].font = Font(bold=True, size=13)
    group_row = [headers.fixed[k] for k in FIXED]
    sub_row = [""] * len(FIXED)
    for _prefix, group in column_groups:
        group_row += [group, "", ""]
        sub_row += [headers.parts[p] for p in CELL_PARTS]
    group_row += [headers.status, headers.flag]
    sub_row += ["", ""]
    sheet.append([neutralise(v) for v in group_row])
    sheet.append([neutralise(v) for v in sub_row])
    for index in range(len(column_groups)):
        first = len(FIXED) + 1 + 3 * index
        sheet.merge_cells(start_row=2, start_column=first, end_row=2, end_column=first + 2)
    for cell in (*sheet[2], *sheet[3]):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    level_fill = PatternFill("solid", fgColor="DCE3F0")
    for row in rows:
        values = [row.get(k) for k in FIXED]
        for prefix, _group in column_groups:
            values += [row.get(f"{prefix}.{p}") for p in CELL_PARTS]
        values += [row.get("status"), row.get("flag")]
        sheet.append([neutralise(v) for v in values])
        if row["row"] == "level":
            for cell in sheet[sheet.max_row]:
                cell.fill = level_fill
                cell.font = Font(bold=True)
        for index in range(len(column_groups)):
            sheet.cell(sheet.max_row, len(FIXED) + 3 * index + 3).number_format = "0%"
    sheet.column_dimensions["C"].width = 60
    for column in range(len(FIXED) + 1, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 11
    sheet.freeze_panes = sheet.cell(4, len(FIXED) + 1)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
