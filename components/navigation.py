"""Which pages each role gets. The mapping is a plain function so tests can check it without a browser."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from db.actor import ADMIN, COORDINATOR, VIEWER
from pages import audit_log, overview, users


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
    PageSpec("users", "nav.users", ":material/group:", "nav.section.admin", (ADMIN,), users.render),
    PageSpec("audit", "nav.audit", ":material/history:", "nav.section.admin", (ADMIN,), audit_log.render),
)


def pages_for(role: str) -> list[PageSpec]:
    """The pages a role may open, in menu order (the first is the landing page)."""
    return [page for page in PAGES if role in page.roles]
