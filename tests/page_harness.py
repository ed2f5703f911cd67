"""Run one page function under AppTest as a logged-in user (see architecture.md: AppTest and pages/)."""
from __future__ import annotations

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = str(Path(__file__).resolve().parent.parent)
USER_OF_ROLE = {"admin": "admin", "coordinator": "coordinator", "viewer": "viewer"}


def _run_page(url_path: str, root: str) -> None:
    import sys

    if root not in sys.path:
        sys.path.insert(0, root)
    from components.navigation import PAGES

    next(p for p in PAGES if p.url_path == url_path).render()


def page_as(url_path: str, role: str | None, lang: str = "en") -> AppTest:
    """An AppTest of the page registered under `url_path`, logged in as the demo user of `role` (None: nobody).

    Needs DATABASE_URL set (the `demo_url` fixture does it). Call `.run()` on the result.
    """
    app = AppTest.from_function(_run_page, args=(url_path, ROOT), default_timeout=60)
    if role is not None:
        app.session_state["authentication_status"] = True
        app.session_state["username"] = USER_OF_ROLE[role]
        app.session_state["auth_issued_at"] = time.time()  # a login made now
    app.session_state["lang"] = lang
    return app
