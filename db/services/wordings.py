"""Rewording: an indicator's name, a result statement or a budget line's name, in English and in French.

The English wording is the one given and always kept; the French one is kept only when it is typed (blank:
NULL, and French readers get the English one)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from db import audit
from db.actor import ADMIN, Actor, require_role
from db.concurrency import check_version, lock_row
from db.models import BudgetLine, Indicator, ResultLevel
from domain.budget_inputs import BudgetLineWording
from domain.errors import Problem, ValidationError
from domain.results_inputs import IndicatorWording, StatementWording

Worded = Indicator | ResultLevel | BudgetLine


@dataclass(frozen=True)
class WordedKind:
    """Where one kind of record keeps its two wordings, the input field naming it, its audit name."""

    model: type
    id_field: str
    english: str
    french: str
    entity: str
    unknown: str


KINDS = {
    IndicatorWording: WordedKind(Indicator, "indicator_id", "name", "name_fr", "indicator",
                                 "error.progress_indicator_unknown"),
    StatementWording: WordedKind(ResultLevel, "level_id", "statement", "statement_fr", "result_level",
                                 "error.progress_level_unknown"),
    BudgetLineWording: WordedKind(BudgetLine, "line_id", "name", "name_fr", "budget_line",
                                  "error.progress_budget_line_unknown"),
}


def worded_kind(kind: type) -> WordedKind:
    """What a kind of rewording input changes: its id field, the record's English and French columns."""
    return KINDS[kind]


def reword(session: Session, *, actor: Actor, given: IndicatorWording | StatementWording | BudgetLineWording) -> Worded:
    """Change a record's English and French wording (administrators), against the version the form loaded."""
    require_role(actor, ADMIN)
    kind = KINDS[type(given)]
    record = lock_row(session, kind.model, getattr(given, kind.id_field))
    if record is None:
        raise ValidationError([Problem(kind.id_field, kind.unknown)])
    fields = (kind.english, kind.french)
    check_version(session, record, given.expected_version, entity=kind.entity, fields=fields)
    before = audit.snapshot(record, fields)
    setattr(record, kind.english, given.english)
    setattr(record, kind.french, given.french)
    session.flush()
    audit.record_update(session, actor=actor, entity=kind.entity, row=record, before=before)
    return record
