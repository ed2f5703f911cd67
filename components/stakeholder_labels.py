"""Translated labels for capacity-building codes, computed once per run (format_func must not call t() later)."""
from __future__ import annotations

from components.i18n import t
from db.models.project import INSTITUTION_LEVELS, INSTITUTION_TYPES
from db.models.stakeholders import ACTION_STATUSES, EVENT_TYPES

SEXES = ("women", "men")


def event_type_labels() -> dict[str, str]:
    return {k: t(f"stakeholders.event_type.{k}") for k in EVENT_TYPES}


def institution_type_labels() -> dict[str, str]:
    return {k: t(f"stakeholders.institution_type.{k}") for k in INSTITUTION_TYPES}


def level_labels() -> dict[str, str]:
    return {k: t(f"stakeholders.level.{k}") for k in INSTITUTION_LEVELS}


def status_labels() -> dict[str, str]:
    return {k: t(f"stakeholders.status.{k}") for k in ACTION_STATUSES}


def sex_labels() -> dict[str, str]:
    return {k: t(f"stakeholders.sex.{k}") for k in SEXES}
