"""Writing the results framework (admins) and reporting indicator results (coordinators)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, COORDINATOR, Actor, require_role
from domain.errors import Problem, check
from db.models import Indicator, IndicatorResult, IndicatorTarget, ResultLevel, TargetChange
from db.models.results import DIRECTIONS, FREQUENCIES, LEVEL_KINDS, MEASURE_TYPES
from db.services.budget import decimal_or_none
from domain.iptt import IndicatorSpec, lop_target as lop_target_rule

PARENT_KIND = {"objective": None, "outcome": "objective", "output": "outcome"}


def add_level(session: Session, *, actor: Actor, project_id: int, kind: str, code: str, statement: str,
              parent_id: int | None = None, assumptions: str = "") -> ResultLevel:
    """Add an objective, outcome or output under the right kind of parent."""
    require_role(actor, ADMIN)
    problems: list[Problem] = []
    code = (code or "").strip()
    if kind not in LEVEL_KINDS:
        problems.append(Problem("kind", "error.progress_level_kind_unknown"))
    if not code:
        problems.append(Problem("code", "error.required"))
    elif session.scalar(select(ResultLevel.id).where(ResultLevel.project_id == project_id, ResultLevel.code == code)):
        problems.append(Problem("code", "error.progress_code_taken", {"code": code}))
    if not (statement or "").strip():
        problems.append(Problem("statement", "error.required"))
    parent = session.get(ResultLevel, parent_id) if parent_id else None
    if kind in PARENT_KIND and (parent.kind if parent else None) != PARENT_KIND[kind]:
        problems.append(Problem("parent", "error.progress_level_parent_wrong"))
    check(problems)
    level = ResultLevel(project_id=project_id, kind=kind, code=code, statement=statement.strip(),
                        parent_id=parent.id if parent else None, assumptions=(assumptions or "").strip())
    session.add(level)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="result_level", entity_id=level.id, code=code)
    return level


def add_indicator(session: Session, *, actor: Actor, level_id: int, code: str, name: str, unit: str,
                  measure_type: str = "number", cumulative: bool = False, direction: str = "increase",
                  baseline: object = 0, lop_target: object = None, frequency: str = "lop",
                  means_of_verification: str = "", disaggregations: str = "") -> Indicator:
    """Add a reported indicator to a level."""
    require_role(actor, ADMIN)
    problems: list[Problem] = []
    level = session.get(ResultLevel, level_id) if level_id else None
    code = (code or "").strip()
    if level is None:
        problems.append(Problem("level", "error.progress_level_unknown"))
    if not code:
        problems.append(Problem("code", "error.required"))
    elif level and session.scalar(select(Indicator.id).where(Indicator.level_id == level.id, Indicator.code == code)):
        problems.append(Problem("code", "error.progress_code_taken", {"code": code}))
    for field, value in (("name", name), ("unit", unit)):
        if not (value or "").strip():
            problems.append(Problem(field, "error.required"))
    if measure_type not in MEASURE_TYPES:
        problems.append(Problem("measure_type", "error.progress_choice_unknown"))
    if direction not in DIRECTIONS:
        problems.append(Problem("direction", "error.progress_choice_unknown"))
    if frequency not in FREQUENCIES:
        problems.append(Problem("frequency", "error.progress_choice_unknown"))
    base = decimal_or_none(baseline)
    if base is None:
        problems.append(Problem("baseline", "error.progress_not_a_number"))
    target = decimal_or_none(lop_target) if lop_target not in (None, "") else None
    if lop_target not in (None, "") and (target is None or target < 0):
        problems.append(Problem("lop_target", "error.progress_not_a_number"))
    check(problems)
    indicator = Indicator(level_id=level.id, code=code, name=name.strip(), unit=unit.strip(),
                          measure_type=measure_type, cumulative=cumulative, direction=direction, baseline=base,
                          lop_target=target, frequency=frequency, means_of_verification=means_of_verification,
                          source="reported", disaggregations=disaggregations)
    session.add(indicator)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="indicator", entity_id=indicator.id, code=code)
    return indicator


def change_target(session: Session, *, actor: Actor, indicator_id: int, field: str, new_value: object,
                  reason: str, period_start: date | None = None) -> TargetChange:
    """Change the baseline, the LOP target or one period's target; the reason is required and kept."""
    require_role(actor, ADMIN)
    problems: list[Problem] = []
    indicator = session.get(Indicator, indicator_id) if indicator_id else None
    if indicator is None:
        problems.append(Problem("indicator", "error.progress_indicator_unknown"))
    if field not in ("baseline", "lop_target", "period_target"):
        problems.append(Problem("field", "error.progress_choice_unknown"))
    value = decimal_or_none(new_value)
    if value is None or value < 0:
        problems.append(Problem("new_value", "error.progress_not_a_number"))
    if not (reason or "").strip():
        problems.append(Problem("reason", "error.progress_reason_required"))
    target_row = None
    if field == "period_target" and indicator is not None:
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
                          new_value=str(value), reason=reason.strip(), changed_by=actor.username)
    session.add(change)
    session.flush()
    audit.record(session, actor=actor, action="change_target", entity="indicator", entity_id=indicator.id,
                 field=label, old=str(old), new=str(value), reason=reason.strip())
    if field == "period_target":
        _keep_lop_target_in_step(session, actor=actor, indicator=indicator, reason=reason.strip())
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


def report_result(session: Session, *, actor: Actor, indicator_id: int, period_start: date | None,
                  period_end: date | None, value: object, note: str = "", evidence_ref: str = "",
                  breakdown: Sequence[tuple[str, str, object]] = ()) -> IndicatorResult:
    """Report a reported indicator's value for a period, with optional (dimension, category, value) rows."""
    require_role(actor, ADMIN, COORDINATOR)
    problems: list[Problem] = []
    indicator = session.get(Indicator, indicator_id) if indicator_id else None
    if indicator is None:
        problems.append(Problem("indicator", "error.progress_indicator_unknown"))
    elif indicator.source == "computed":
        problems.append(Problem("indicator", "error.progress_indicator_is_computed"))
    if period_start is None or period_end is None or period_end < period_start:
        problems.append(Problem("period", "error.progress_period_invalid"))
    elif indicator and session.scalar(select(IndicatorResult.id).where(
            IndicatorResult.indicator_id == indicator.id, IndicatorResult.period_start == period_start,
            IndicatorResult.dimension == "total")):
        problems.append(Problem("period", "error.progress_result_exists"))
    total = decimal_or_none(value)
    if total is None or total < 0:
        problems.append(Problem("value", "error.progress_not_a_number"))
    if indicator and indicator.measure_type == "percentage" and total is not None and total > 100:
        problems.append(Problem("value", "error.progress_percentage_range"))
    parts = []
    for dimension, category, part in breakdown:
        number = decimal_or_none(part)
        if not (dimension or "").strip() or not (category or "").strip() or number is None or number < 0:
            problems.append(Problem("breakdown", "error.progress_breakdown_invalid"))
            break
        parts.append((dimension.strip(), category.strip(), number))
    repeats = Counter((d, c) for d, c, _v in parts)  # one row per category: the table holds it once (UNIQUE)
    problems += [Problem("breakdown", "error.progress_breakdown_repeated", {"dimension": d, "category": c})
                 for (d, c), times in repeats.items() if times > 1]
    check(problems)
    rows = [IndicatorResult(indicator_id=indicator.id, period_start=period_start, period_end=period_end,
                            dimension=d, category=c, value=v, note=(note or "").strip(),
                            evidence_ref=(evidence_ref or "").strip(), reported_by=actor.username)
            for d, c, v in [("total", "", total), *parts]]
    session.add_all(rows)
    session.flush()
    audit.record(session, actor=actor, action="report_result", entity="indicator", entity_id=indicator.id,
                 period_start=period_start.isoformat(), value=str(total), breakdown=len(parts))
    return rows[0]
