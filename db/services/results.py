"""Writing the results framework (admins) and reporting indicator results (coordinators)."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from db.concurrency import lock_row
from db.models import Indicator, IndicatorResult, IndicatorTarget, Project, ResultLevel, TargetChange
from db.models.results import DIRECTIONS, FREQUENCIES, LEVEL_KINDS, MEASURE_TYPES
from db.services.period_locks import lock_problems
from domain.errors import Problem, ValidationError, check
from domain.iptt import IndicatorSpec, lop_target as lop_target_rule
from domain.results_inputs import IndicatorInput, LevelInput, ResultReport, TargetChangeInput

PARENT_KIND = {"objective": None, "outcome": "objective", "output": "outcome"}


def add_level(session: Session, *, actor: Actor, project_id: int, given: LevelInput) -> ResultLevel:
    """Add an objective, outcome or output under the right kind of parent."""
    require_role(actor, ADMIN)
    if lock_row(session, Project, project_id) is None:  # codes are unique per project: one adder at a time
        raise ValidationError([Problem("project", "error.project_not_found")])
    problems: list[Problem] = []
    kind, code = given.kind, given.code
    if kind not in LEVEL_KINDS:
        problems.append(Problem("kind", "error.progress_level_kind_unknown"))
    if session.scalar(select(ResultLevel.id).where(ResultLevel.project_id == project_id, ResultLevel.code == code)):
        problems.append(Problem("code", "error.progress_code_taken", {"code": code}))
    parent = session.get(ResultLevel, given.parent_id) if given.parent_id else None
    if parent is not None and parent.project_id != project_id:
        parent = None
    if kind in PARENT_KIND and (parent.kind if parent else None) != PARENT_KIND[kind]:
        problems.append(Problem("parent", "error.progress_level_parent_wrong"))
    check(problems)
    level = ResultLevel(project_id=project_id, kind=kind, code=code, statement=given.statement,
                        parent_id=parent.id if parent else None, assumptions=given.assumptions)
    session.add(level)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="result_level", entity_id=level.id, code=code)
    return level


def add_indicator(session: Session, *, actor: Actor, given: IndicatorInput) -> Indicator:
    """Add a reported indicator to a level."""
    require_role(actor, ADMIN)
    level = lock_row(session, ResultLevel, given.level_id)  # codes are unique per level: one adder at a time
    if level is None:
        raise ValidationError([Problem("level", "error.progress_level_unknown")])
    problems: list[Problem] = []
    if session.scalar(select(Indicator.id).where(Indicator.level_id == level.id, Indicator.code == given.code)):
        problems.append(Problem("code", "error.progress_code_taken", {"code": given.code}))
    for field, value, allowed in (("measure_type", given.measure_type, MEASURE_TYPES),
                                  ("direction", given.direction, DIRECTIONS),
                                  ("frequency", given.frequency, FREQUENCIES)):
        if value not in allowed:
            problems.append(Problem(field, "error.progress_choice_unknown"))
    check(problems)
    indicator = Indicator(level_id=level.id, code=given.code, name=given.name, unit=given.unit,
                          measure_type=given.measure_type, cumulative=given.cumulative, direction=given.direction,
                          baseline=given.baseline, lop_target=given.lop_target, frequency=given.frequency,
                          means_of_verification=given.means_of_verification, source="reported",
                          disaggregations=given.disaggregations)
    session.add(indicator)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="indicator", entity_id=indicator.id, code=given.code)
    return indicator


def change_target(session: Session, *, actor: Actor, given: TargetChangeInput) -> TargetChange:
    """Change the baseline, the LOP target or one period's target; the reason is required and kept."""
    require_role(actor, ADMIN)
    indicator = lock_row(session, Indicator, given.indicator_id)
    if indicator is None:
        raise ValidationError([Problem("indicator", "error.progress_indicator_unknown")])
    field, value, reason, period_start = given.field, given.new_value, given.reason, given.period_start
    problems: list[Problem] = []
    if field not in ("baseline", "lop_target", "period_target"):
        problems.append(Problem("field", "error.progress_choice_unknown"))
    target_row = None
    if field == "period_target":
        target_row = session.scalar(select(IndicatorTarget).where(
            IndicatorTarget.indicator_id == indicator.id, IndicatorTarget.period_start == period_start))
        if target_row is None:
            problems.append(Problem("period", "error.progress_period_unknown"))
    check(problems)
    if field == "period_target":
        old = target_row.target
        target_row.target = value
        label = f"target {period_start.isoformat()}"
    else:
        old = getattr(indicator, field)
        setattr(indicator, field, value)
        label = field
    change = TargetChange(indicator_id=indicator.id, field=label, old_value="" if old is None else str(old),
                          new_value=str(value), reason=reason, changed_by=actor.username)
    session.add(change)
    session.flush()
    audit.record(session, actor=actor, action="change_target", entity="indicator", entity_id=indicator.id,
                 field=label, old=str(old), new=str(value), reason=reason)
    if field == "period_target":
        _keep_lop_target_in_step(session, actor=actor, indicator=indicator, reason=reason)
    return change


def _keep_lop_target_in_step(session: Session, *, actor: Actor, indicator: Indicator, reason: str) -> None:
    """After a period target changed: the stored LOP target follows the IPTT's rule (domain.iptt.lop_target:
    sum of period targets, the last one for cumulative and % indicators), the change recorded like any other."""
    targets = {start: Decimal(value) for start, value in session.execute(
        select(IndicatorTarget.period_start, IndicatorTarget.target)
        .where(IndicatorTarget.indicator_id == indicator.id))}
    spec = IndicatorSpec(measure_type=indicator.measure_type, cumulative=bool(indicator.cumulative),
                         lop_target=None if indicator.lop_target is None else Decimal(indicator.lop_target))
    old, new = indicator.lop_target, lop_target_rule(spec, targets)
    if new is None or (old is not None and Decimal(old) == new):
        return
    indicator.lop_target = new
    session.add(TargetChange(indicator_id=indicator.id, field="lop_target", old_value="" if old is None else str(old),
                             new_value=str(new), reason=reason, changed_by=actor.username))
    session.flush()
    audit.record(session, actor=actor, action="change_target", entity="indicator", entity_id=indicator.id,
                 field="lop_target", old=str(old), new=str(new), reason=reason)


def report_result(session: Session, *, actor: Actor, given: ResultReport) -> IndicatorResult:
    """Report a reported indicator's value for a period, with optional (dimension, category, value) rows.

    The indicator is locked before "already reported for this period" is asked, so two coordinators
    reporting the same period at once get one result and one plain refusal. A period that ends inside a
    locked reporting period may not be reported any more."""
    require_role(actor, ADMIN, COORDINATOR)
    indicator = lock_row(session, Indicator, given.indicator_id)
    if indicator is None:
        raise ValidationError([Problem("indicator", "error.progress_indicator_unknown")])
    period_start, period_end, total = given.period_start, given.period_end, given.value
    problems: list[Problem] = []
    if indicator.source == "computed":
        problems.append(Problem("indicator", "error.progress_indicator_is_computed"))
    if period_end < period_start:
        problems.append(Problem("period", "error.progress_period_invalid"))
    elif session.scalar(select(IndicatorResult.id).where(
            IndicatorResult.indicator_id == indicator.id, IndicatorResult.period_start == period_start,
            IndicatorResult.dimension == "total")):
        problems.append(Problem("period", "error.progress_result_exists"))
    if indicator.measure_type == "percentage" and total > 100:
        problems.append(Problem("value", "error.progress_percentage_range"))
    project_id = session.scalar(select(ResultLevel.project_id).where(ResultLevel.id == indicator.level_id))
    problems += lock_problems(session, project_id=project_id, field="period", day=period_end)
    parts = list(given.breakdown)
    repeats = Counter((d, c) for d, c, _v in parts)  # one row per category: the table holds it once (UNIQUE)
    problems += [Problem("breakdown", "error.progress_breakdown_repeated", {"dimension": d, "category": c})
                 for (d, c), times in repeats.items() if times > 1]
    check(problems)
    rows = [IndicatorResult(indicator_id=indicator.id, period_start=period_start, period_end=period_end,
                            dimension=d, category=c, value=v, note=given.note,
                            evidence_ref=given.evidence_ref, reported_by=actor.username)
            for d, c, v in [("total", "", total), *parts]]
    session.add_all(rows)
    session.flush()
    audit.record(session, actor=actor, action="report_result", entity="indicator", entity_id=indicator.id,
                 period_start=period_start.isoformat(), value=str(total), breakdown=len(parts))
    return rows[0]
