"""Labels of coded values of the progress pages, in the current language (literal keys, computed per run)."""
from __future__ import annotations

from components.i18n import t


def level_kinds() -> dict[str, str]:
    return {"objective": t("iptt.level.objective"), "outcome": t("iptt.level.outcome"),
            "output": t("iptt.level.output")}


def directions() -> dict[str, str]:
    return {"increase": t("iptt.direction.increase"), "decrease": t("iptt.direction.decrease")}


def measure_types() -> dict[str, str]:
    return {"number": t("iptt.measure_type.number"), "percentage": t("iptt.measure_type.percentage")}


def statuses() -> dict[str, str]:
    return {"on_track": t("iptt.status.on_track"), "above": t("iptt.status.above"),
            "below": t("iptt.status.below"), "not_reporting": t("iptt.status.not_reporting")}


def yes_no() -> dict[str, str]:
    return {"yes": t("progress.yes"), "no": t("progress.no")}


def words() -> dict[str, dict[str, str]]:
    """Every coded-value vocabulary the IPTT uses, keyed by kind."""
    return {"level": level_kinds(), "direction": directions(), "measure_type": measure_types(),
            "status": statuses(), "yes_no": yes_no()}


def components() -> dict[str, str]:
    return {"vocational_training": t("timeline.component.vocational_training"),
            "entrepreneurship": t("timeline.component.entrepreneurship"),
            "capacity_building": t("timeline.component.capacity_building"),
            "management": t("timeline.component.management")}


def milestone_states() -> dict[str, str]:
    return {"done": t("timeline.milestone.done"), "late": t("timeline.milestone.late"),
            "upcoming": t("timeline.milestone.upcoming"), "later": t("timeline.milestone.later")}


def budget_categories() -> dict[str, str]:
    return {"staff": t("budget.category.staff"), "office": t("budget.category.office"),
            "operational": t("budget.category.operational"), "overhead": t("budget.category.overhead")}
