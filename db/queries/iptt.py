"""The results framework and the IPTT's inputs, read in SQL and cut at an as-of date."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd
from sqlalchemy import case, select
from sqlalchemy.orm import Session

from db.models import Indicator, IndicatorResult, IndicatorTarget, ResultLevel, TargetChange
from db.queries.overview import Headlines, headlines_on
from domain.iptt import IndicatorSpec, Period, Result, Row, disaggregation_gaps, iptt_row
from domain.wordings import wording_in


@dataclass(frozen=True)
class IpttLine:
    """One indicator of the IPTT: what it is, its computed row, its disaggregations and their gaps."""

    indicator_id: int
    level_code: str
    level_kind: str
    level_statement: str
    code: str
    name: str
    unit: str
    direction: str
    cumulative: bool
    measure_type: str
    baseline: Decimal
    source: str
    row: Row
    breakdown: dict[tuple[str, str], dict[date, Decimal]]  # (dimension, category) → period start → value
    gaps: list[tuple[date, str, Decimal, Decimal]]
    name_fr: str | None = None  # the French wording, when one is kept
    level_statement_fr: str | None = None

    def name_in(self, lang: str) -> str:
        """The indicator's name in `lang`, falling back to the one given."""
        return wording_in(lang, self.name, self.name_fr)

    def statement_in(self, lang: str) -> str:
        """Its level's statement in `lang`, falling back to the one given."""
        return wording_in(lang, self.level_statement, self.level_statement_fr)


def _objective_first():
    """Framework order: the objective, then outcomes and outputs by code (1, 1.1, 1.2, 2, 2.1)."""
    return case((ResultLevel.kind == "objective", 0), else_=1)


def levels(session: Session, *, project_id: int) -> pd.DataFrame:
    """Objective, outcomes and outputs in code order, with their assumptions, French wording and version."""
    rows = session.execute(
        select(ResultLevel.id, ResultLevel.parent_id, ResultLevel.kind, ResultLevel.code, ResultLevel.statement,
               ResultLevel.assumptions, ResultLevel.statement_fr, ResultLevel.version)
        .where(ResultLevel.project_id == project_id).order_by(_objective_first(), ResultLevel.code)).all()
    return pd.DataFrame(rows, columns=["id", "parent_id", "kind", "code", "statement", "assumptions", "statement_fr",
                                       "version"])


def indicators(session: Session, *, project_id: int) -> pd.DataFrame:
    """Every indicator with its level, definition, French wording and version."""
    rows = session.execute(
        select(Indicator.id, ResultLevel.code.label("level_code"), Indicator.code, Indicator.name, Indicator.name_fr,
               Indicator.unit,
               Indicator.measure_type, Indicator.cumulative, Indicator.direction, Indicator.baseline,
               Indicator.lop_target, Indicator.frequency, Indicator.source, Indicator.computed_measure,
               Indicator.means_of_verification, Indicator.disaggregations, Indicator.version)
        .join(ResultLevel, ResultLevel.id == Indicator.level_id)
        .where(ResultLevel.project_id == project_id)
        .order_by(_objective_first(), ResultLevel.code, Indicator.code)).all()
    return pd.DataFrame(rows, columns=["id", "level_code", "code", "name", "name_fr", "unit", "measure_type", "cumulative",
                                       "direction", "baseline", "lop_target", "frequency", "source",
                                       "computed_measure", "means_of_verification", "disaggregations", "version"])


def target_changes(session: Session, *, project_id: int) -> pd.DataFrame:
    """Every recorded change of a target or baseline, newest first, with its reason."""
    rows = session.execute(
        select(Indicator.code, TargetChange.field, TargetChange.old_value, TargetChange.new_value,
               TargetChange.reason, TargetChange.changed_by, TargetChange.changed_at)
        .join(Indicator, Indicator.id == TargetChange.indicator_id)
        .join(ResultLevel, ResultLevel.id == Indicator.level_id)
        .where(ResultLevel.project_id == project_id).order_by(TargetChange.changed_at.desc())).all()
    return pd.DataFrame(rows, columns=["indicator", "field", "old_value", "new_value", "reason", "changed_by",
                                       "changed_at"])


def reporting_periods(session: Session, *, project_id: int) -> list[Period]:
    """Every distinct period that holds a target or a reported result, in time order."""
    targets = (select(IndicatorTarget.period_start, IndicatorTarget.period_end)
               .join(Indicator, Indicator.id == IndicatorTarget.indicator_id)
               .join(ResultLevel, ResultLevel.id == Indicator.level_id).where(ResultLevel.project_id == project_id))
    results = (select(IndicatorResult.period_start, IndicatorResult.period_end)
               .join(Indicator, Indicator.id == IndicatorResult.indicator_id)
               .join(ResultLevel, ResultLevel.id == Indicator.level_id).where(ResultLevel.project_id == project_id))
    found = set(session.execute(targets.distinct()).all()) | set(session.execute(results.distinct()).all())
    by_start: dict[date, date] = {}
    for start, end in found:
        by_start[start] = max(end, by_start.get(start, end))
    return [Period(s, by_start[s]) for s in sorted(by_start)]


def _computed_results(measure_at: Callable[[date], Headlines], measure: str, periods: list[Period],
                      as_of: date) -> list[Result]:
    """A named measure over an indicator's own periods: each period's value is the count at its end (cut at
    as_of) less the count at the end of the indicator's previous period (nothing before the first: counted
    from the project start). So a cumulative period actual (the sum up to its end) is the count at its end,
    and a non-cumulative one is what happened between two of the indicator's own period ends, whatever the
    other indicators' frequencies. `measure_at(end)` gives the measures on a date."""
    results, before = [], Decimal(0)
    for period in sorted(periods, key=lambda p: p.start):
        if period.start > as_of:
            break
        end = min(period.end, as_of)
        value = Decimal(round(measure_at(end).measure(measure)))
        results.append(Result(period.start, end, value - before))
        before = value
    return results


def iptt(session: Session, *, project_id: int, as_of: date) -> list[IpttLine]:
    """Every indicator's IPTT row on `as_of`: reported results dated after it and later records are left out."""
    periods = reporting_periods(session, project_id=project_id)
    frame = indicators(session, project_id=project_id)
    level_rows = {r.code: r for r in levels(session, project_id=project_id).itertuples()}
    targets: dict[int, dict[date, Decimal]] = {}
    own_periods: dict[int, list[Period]] = {}
    for ind, start, end, value in session.execute(
            select(IndicatorTarget.indicator_id, IndicatorTarget.period_start, IndicatorTarget.period_end,
                   IndicatorTarget.target)
            .where(IndicatorTarget.indicator_id.in_(frame["id"].tolist()))):
        targets.setdefault(ind, {})[start] = Decimal(value)
        own_periods.setdefault(ind, []).append(Period(start, end))
    reported: dict[int, list] = {}
    for r in session.execute(
            select(IndicatorResult.indicator_id, IndicatorResult.period_start, IndicatorResult.period_end,
                   IndicatorResult.dimension, IndicatorResult.category, IndicatorResult.value)
            .where(IndicatorResult.indicator_id.in_(frame["id"].tolist()), IndicatorResult.period_end <= as_of)):
        reported.setdefault(r.indicator_id, []).append(r)
    # Every day a computed indicator is measured on (its period ends, cut at as_of), read in one go.
    measured_days = {min(p.end, as_of) for ind in frame.itertuples() if ind.source == "computed"
                     for p in own_periods.get(ind.id, periods) if p.start <= as_of}
    measures_on = headlines_on(session, project_id=project_id, days=sorted(measured_days))

    def measure_at(day: date) -> Headlines:
        return measures_on[day]

    lines = []
    for ind in frame.itertuples():
        spec = IndicatorSpec(ind.measure_type, bool(ind.cumulative), ind.direction, Decimal(ind.baseline),
                             None if ind.lop_target is None or pd.isna(ind.lop_target) else Decimal(ind.lop_target))
        rows = reported.get(ind.id, [])
        if ind.source == "computed":  # over its own target periods; without targets, every reporting period
            results = _computed_results(measure_at, ind.computed_measure, own_periods.get(ind.id, periods), as_of)
        else:
            results = [Result(r.period_start, r.period_end, Decimal(r.value)) for r in rows if r.dimension == "total"]
        breakdown: dict[tuple[str, str], dict[date, Decimal]] = {}
        parts: dict[tuple[date, str, str], Decimal] = {}
        for r in rows:
            if r.dimension != "total":
                breakdown.setdefault((r.dimension, r.category), {})[r.period_start] = Decimal(r.value)
                parts[(r.period_start, r.dimension, r.category)] = Decimal(r.value)
        totals = {(r.period_start, "total"): Decimal(r.value) for r in rows if r.dimension == "total"}
        level = level_rows[ind.level_code]
        lines.append(IpttLine(
            ind.id, ind.level_code, level.kind, level.statement, ind.code, ind.name, ind.unit, ind.direction,
            bool(ind.cumulative), ind.measure_type, Decimal(ind.baseline), ind.source,
            iptt_row(spec, periods, targets.get(ind.id, {}), results, as_of=as_of), breakdown,
            disaggregation_gaps(totals, parts) if parts else [], _text_or_none(ind.name_fr),
            _text_or_none(level.statement_fr)))
    return lines


def _text_or_none(value) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def period_label(period: Period) -> str:
    """'2014-07 – 2014-12': language-neutral, used as column group and export header."""
    return f"{period.start:%Y-%m} – {period.end:%Y-%m}"
