"""Which pages each role gets. The mapping is a plain function so tests can check it without a browser."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from db.actor import ADMIN, COORDINATOR, VIEWER
from pages import audit_log, overview, period_locks, users
from pages import capacity_building, institutions, stakeholder_events
from pages import committee, presentation
from pages import budget, iptt, results_framework, timeline
from pages import business_plans, enterprise_pipeline, entrepreneurship_training
from pages import cohort_import, cohort_progress, cohort_results, cohorts, participants, training_sessions


@dataclass(frozen=True)
class PageSpec:
    url_path: str
    title_key: str
    icon: str
    section_key: str
    roles: tuple[str, ...]
    render: Callable[[], None]


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "nav.overview", ":material/dashboard:", "nav.section.progress",
             (ADMIN, COORDINATOR, VIEWER), overview.render),
    PageSpec("iptt", "nav.iptt", ":material/table_chart:", "nav.section.progress",
             (ADMIN, COORDINATOR, VIEWER), iptt.render),
    PageSpec("results-framework", "nav.results_framework", ":material/account_tree:", "nav.section.progress",
             (ADMIN, COORDINATOR, VIEWER), results_framework.render),
    PageSpec("timeline", "nav.timeline", ":material/view_timeline:", "nav.section.progress",
             (ADMIN, COORDINATOR, VIEWER), timeline.render),
    PageSpec("budget", "nav.budget", ":material/payments:", "nav.section.progress",
             (ADMIN, COORDINATOR, VIEWER), budget.render),
    PageSpec("committee", "nav.committee", ":material/gavel:", "nav.section.progress",
             (ADMIN, COORDINATOR, VIEWER), committee.render),
    PageSpec("presentation", "nav.presentation", ":material/co_present:", "nav.section.progress",
             (ADMIN, COORDINATOR, VIEWER), presentation.render),
    PageSpec("cohort-progress", "nav.cohort_progress", ":material/school:", "nav.section.training",
             (ADMIN, COORDINATOR, VIEWER), cohort_progress.render),
    PageSpec("cohorts", "nav.cohorts", ":material/groups:", "nav.section.training",
             (ADMIN, COORDINATOR), cohorts.render),
    PageSpec("participants", "nav.participants", ":material/badge:", "nav.section.training",
             (ADMIN, COORDINATOR), participants.render),
    PageSpec("training-sessions", "nav.training_sessions", ":material/fact_check:", "nav.section.training",
             (ADMIN, COORDINATOR), training_sessions.render),
    PageSpec("cohort-results", "nav.cohort_results", ":material/workspace_premium:", "nav.section.training",
             (ADMIN, COORDINATOR), cohort_results.render),
    PageSpec("cohort-import", "nav.cohort_import", ":material/upload_file:", "nav.section.training",
             (ADMIN, COORDINATOR), cohort_import.render),
    PageSpec("capacity-building", "nav.capacity_building", ":material/diversity_3:", "nav.section.capacity_building",
             (ADMIN, COORDINATOR, VIEWER), capacity_building.render),
    PageSpec("stakeholder-events", "nav.stakeholder_events", ":material/event:", "nav.section.capacity_building",
             (ADMIN, COORDINATOR), stakeholder_events.render),
    PageSpec("institutions", "nav.institutions", ":material/account_balance:", "nav.section.capacity_building",
             (ADMIN, COORDINATOR), institutions.render),
    PageSpec("enterprise-pipeline", "nav.enterprise_pipeline", ":material/storefront:", "nav.section.enterprise",
             (ADMIN, COORDINATOR, VIEWER), enterprise_pipeline.render),
    PageSpec("business-plans", "nav.business_plans", ":material/request_quote:", "nav.section.enterprise",
             (ADMIN, COORDINATOR), business_plans.render),
    PageSpec("entrepreneurship-training", "nav.entrepreneurship_training", ":material/lightbulb:",
             "nav.section.enterprise", (ADMIN, COORDINATOR), entrepreneurship_training.render),
    PageSpec("users", "nav.users", ":material/group:", "nav.section.admin", (ADMIN,), users.render),
    PageSpec("period-locks", "nav.period_locks", ":material/lock_clock:", "nav.section.admin", (ADMIN,),
             period_locks.render),
    PageSpec("audit", "nav.audit", ":material/history:", "nav.section.admin", (ADMIN,), audit_log.render),
)


def pages_for(role: str) -> list[PageSpec]:
    """The pages a role may open, in menu order (the first is the landing page)."""
    return [page for page in PAGES if role in page.roles]
