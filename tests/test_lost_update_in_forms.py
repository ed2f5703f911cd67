"""Two people save the same budget line's explanation, or the same workplan activity, from forms they both
opened: the second save is refused with the first person's name and both values side by side (the stale panel
and its "discard mine" button sit after the form, where Streamlit allows a button), and nothing of hers is
lost; saving again, having compared, goes through."""
from __future__ import annotations

from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import BudgetLine, WorkplanActivity
from tests.page_harness import page_as


def _first(url: str, model, order):
    engine = make_engine(url)
    with session_factory(engine)() as s:
        row = s.scalars(select(model).order_by(order).limit(1)).one()
        s.expunge(row)
    engine.dispose()
    return row


def _stored(url: str, model, record_id: int):
    engine = make_engine(url)
    with session_factory(engine)() as s:
        row = s.get(model, record_id)
        s.expunge(row)
    engine.dispose()
    return row


def _compared(app) -> list[dict]:
    """The rows of the stale panel's table: field, stored now, yours."""
    [frame] = [d.value for d in app.dataframe if "Stored now" in d.value.columns]
    return frame.to_dict("records")


def _press(app, label: str):
    next(b for b in app.button if b.label == label).click()
    return app.run()


def test_a_stale_budget_explanation_is_refused_beside_hers_without_an_error(demo_url):
    line = _first(demo_url, BudgetLine, BudgetLine.id)
    key = f"budget_line:{line.id}:explanation"
    apps = {role: page_as("budget", role).run() for role in ("coordinator", "admin")}
    for role, app in apps.items():
        assert not app.exception, role
        assert app.selectbox(key="explain_line").value == line.id

    apps["admin"].text_area(key=key).input("Staff costs came in under plan: one post filled late.")
    _press(apps["admin"], "Save the explanation")
    assert "The explanation is saved." in [s.value for s in apps["admin"].success]

    coordinator = apps["coordinator"]
    coordinator.text_area(key=key).input("Lower staff costs in Q3.")
    _press(coordinator, "Save the explanation")
    assert not coordinator.exception
    [warning] = [w.value for w in coordinator.warning if "changed this record" in w.value]
    assert warning.startswith("Amina Admin changed this record at ")
    assert _compared(coordinator) == [
        {"Field": "Explanation of the variance",
         "Stored now": "Staff costs came in under plan: one post filled late.",
         "Yours": "Lower staff costs in Q3."}]
    assert coordinator.text_area(key=key).value == "Lower staff costs in Q3."
    assert _stored(demo_url, BudgetLine, line.id).variance_explanation.startswith("Staff costs came in under")

    _press(coordinator, "Save the explanation")  # she has compared
    assert "The explanation is saved." in [s.value for s in coordinator.success]
    assert _stored(demo_url, BudgetLine, line.id).variance_explanation == "Lower staff costs in Q3."


def test_a_stale_activity_update_is_refused_and_mine_can_be_discarded(demo_url):
    activity = _first(demo_url, WorkplanActivity, WorkplanActivity.id)
    apps = {role: page_as("timeline", role).run() for role in ("coordinator", "admin")}
    for role, app in apps.items():
        assert not app.exception, role
        app.selectbox(key="activity_choice").set_value(activity.id).run()
    key = f"workplan_activity:{activity.id}:percent_complete"
    before = int(apps["admin"].number_input(key=key).value)
    theirs, mine = (before + 5) % 105, (before + 10) % 105

    apps["admin"].number_input(key=key).set_value(theirs)
    _press(apps["admin"], "Save the activity")
    assert "Saved." in [s.value for s in apps["admin"].success]

    coordinator = apps["coordinator"]
    coordinator.number_input(key=key).set_value(mine)
    _press(coordinator, "Save the activity")
    assert not coordinator.exception
    assert any(w.value.startswith("Amina Admin changed this record at ") for w in coordinator.warning)
    assert {"Field": "% complete", "Stored now": str(theirs), "Yours": str(mine)} in \
        _compared(coordinator)
    assert _stored(demo_url, WorkplanActivity, activity.id).percent_complete == theirs

    coordinator.button(key=f"workplan_activity:{activity.id}:_discard").click().run()
    assert not coordinator.exception
    assert coordinator.number_input(key=key).value == theirs
