"""Two people edit the same participant: the second save is refused with the first person's name, the
stored values are shown beside hers, and what she typed is kept; saving again then goes through."""
from __future__ import annotations

from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import AuditEntry, Participant
from tests.page_harness import page_as


def _open_edit_form(role: str, participant_id: int):
    app = page_as("participants", role)
    app.run()
    app.selectbox(key="edit_participant").set_value(participant_id).run()
    assert not app.exception
    return app


def _stored(url: str, participant_id: int) -> Participant:
    engine = make_engine(url)
    with session_factory(engine)() as s:
        person = s.get(Participant, participant_id)
    engine.dispose()
    return person


def test_a_stale_save_is_refused_with_who_changed_it_and_the_input_is_kept(demo_url):
    person = _stored(demo_url, 1)
    key = f"participant:{person.id}:form"
    coordinator = _open_edit_form("coordinator", person.id)  # opens the record first
    admin = _open_edit_form("admin", person.id)

    admin.number_input(key=f"{key}_children").set_value(person.children_count + 1)
    admin.button(key=f"{key}_save").click().run()
    assert [s.value for s in admin.success] == [f"Record {person.code} saved."]

    coordinator.number_input(key=f"{key}_children").set_value(7)
    coordinator.button(key=f"{key}_save").click().run()
    assert not coordinator.exception
    [warning] = [w.value for w in coordinator.warning]
    assert warning.startswith("Amina Admin changed this record at ")  # the admin's name, not a username
    comparison = coordinator.dataframe[-1].value
    assert comparison.to_dict("records") == [
        {"Field": "Children", "Stored now": str(person.children_count + 1), "Yours": "7"}]
    assert coordinator.number_input(key=f"{key}_children").value == 7  # nothing to retype
    assert _stored(demo_url, person.id).children_count == person.children_count + 1

    coordinator.button(key=f"{key}_save").click().run()  # she has compared: her value now goes in
    assert [s.value for s in coordinator.success] == [f"Record {person.code} saved."]
    assert _stored(demo_url, person.id).children_count == 7


def test_the_audit_keeps_before_and_after_but_only_the_names_of_personal_fields(demo_url):
    person = _stored(demo_url, 1)
    key = f"participant:{person.id}:form"
    app = _open_edit_form("coordinator", person.id)
    app.number_input(key=f"{key}_children").set_value(person.children_count + 2)
    app.checkbox(key=f"{key}_consent").check()
    app.text_input(key=f"{key}_phone").input("+212 600 000 111")
    app.button(key=f"{key}_save").click().run()
    assert not app.exception and app.success
    engine = make_engine(demo_url)
    with session_factory(engine)() as s:
        detail = s.scalar(select(AuditEntry.detail).where(AuditEntry.entity == "participant")
                          .order_by(AuditEntry.id.desc()).limit(1))
    engine.dispose()
    assert f'"children_count": {{"from": {person.children_count}, "to": {person.children_count + 2}}}' in detail
    assert '"personal_changed": ["phone"]' in detail and "600 000 111" not in detail
