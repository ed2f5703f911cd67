"""Every training entry page says when figures are locked and still opens, even when the whole project
period is locked (no date input may then offer a first open day past its last)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from components.i18n import format_day
from db.engine import make_engine, session_factory
from db.models import Project
from db.services.period_locks import lock_period
from tests.factories import ADMIN_ACTOR
from tests.page_harness import page_as

ENTRY_PAGES = ["cohorts", "training-sessions", "cohort-results", "cohort-import", "entrepreneurship-training"]


def _lock(url: str, *, days_before_end: int) -> str:
    engine = make_engine(url)
    with session_factory(engine)() as s, s.begin():
        project = s.scalars(select(Project)).first()
        through = project.end_date - timedelta(days=days_before_end)
        lock_period(s, actor=ADMIN_ACTOR, project_id=project.id, locked_through=through,
                    reason="Steering committee")
    engine.dispose()
    return format_day(through, "en")


@pytest.mark.parametrize("days_before_end", [0, 400], ids=["whole-period", "first-years"])
@pytest.mark.parametrize("url_path", ENTRY_PAGES)
def test_an_entry_page_says_figures_are_locked_and_still_opens(demo_url, url_path, days_before_end):
    locked = _lock(demo_url, days_before_end=days_before_end)
    app = page_as(url_path, "coordinator")
    app.run()
    assert not app.exception
    assert any(i.value.startswith(f"Figures are locked through {locked} (Steering committee)") for i in app.info)
