"""The period-locks page (admins): lock through a date with a reason, reopen with a reason, see the history;
coordinators and viewers cannot open it. Entry pages then say the period is locked."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import PeriodLock
from tests.page_harness import page_as


def _locks(url: str) -> list[tuple]:
    engine = make_engine(url)
    with session_factory(engine)() as s:
        rows = s.execute(select(PeriodLock.locked_through, PeriodLock.reason, PeriodLock.reopen_reason)
                         .order_by(PeriodLock.id)).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def _submit(page, label: str):
    next(b for b in page.button if b.label == label).click()
    return page.run()


def test_admin_locks_the_period_then_reopens_it_and_both_are_in_the_history(demo_url):
    page = page_as("period-locks", "admin").run()
    assert not page.exception
    assert "Every period is open to entry." in [s.value for s in page.success]
    page.date_input(key="lock_through").set_value(date(2015, 12, 31))
    page.text_area(key="lock_reason").input("Steering committee of 20 January 2016")
    page = _submit(page, "Lock the period")
    assert not page.exception
    assert _locks(demo_url) == [(date(2015, 12, 31), "Steering committee of 20 January 2016", None)]
    assert any("locked through 31 December 2015" in i.value for i in page.info)
    assert "Steering committee of 20 January 2016" in page.dataframe[0].value.to_string()

    page.text_area(key="reopen_reason").input("Late invoice of December accepted by the donor")
    page = _submit(page, "Reopen")
    assert not page.exception
    assert _locks(demo_url) == [(date(2015, 12, 31), "Steering committee of 20 January 2016",
                                 "Late invoice of December accepted by the donor")]
    assert "Every period is open to entry." in [s.value for s in page.success]


def test_a_lock_without_a_reason_is_refused_next_to_the_field(demo_url):
    page = page_as("period-locks", "admin").run()
    page.date_input(key="lock_through").set_value(date(2015, 12, 31))
    page = _submit(page, "Lock the period")
    assert [e.value for e in page.error] == ["Say why, or which committee meeting signed the figures off."]
    assert _locks(demo_url) == []


def test_coordinators_cannot_open_the_period_locks_page(demo_url):
    page = page_as("period-locks", "coordinator").run()
    assert not page.exception
    assert not [b for b in page.button if b.label == "Lock the period"]
    assert _locks(demo_url) == []


def test_the_budget_page_says_the_period_is_locked_and_why(demo_url):
    engine = make_engine(demo_url)
    with session_factory(engine)() as s, s.begin():
        s.add(PeriodLock(project_id=1, locked_through=date(2015, 12, 31), locked_by="admin",
                         reason="Committee of January 2016"))
    engine.dispose()
    page = page_as("budget", "coordinator").run()
    assert not page.exception
    assert any("Committee of January 2016" in i.value for i in page.info)
    assert page.date_input(key="exp_date").min == date(2016, 1, 1)
