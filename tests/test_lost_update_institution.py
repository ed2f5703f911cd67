"""Two people correct the same institution: the second save is refused with the first person's name, the
stored city is shown beside hers, what she typed is kept; saving again, having compared, goes through.
"Discard mine" loads the stored values into the form."""
from __future__ import annotations

from db.engine import make_engine, session_factory
from db.models import Institution
from tests.page_harness import page_as

INSTITUTION = 6  # Agence Nationale de Promotion de l'Emploi et des Compétences, Rabat (demo data)
KEY = f"institution:{INSTITUTION}"


def _open_edit_form(role: str):
    app = page_as("institutions", role).run()
    app.selectbox(key="institution_choice").set_value(INSTITUTION).run()
    assert not app.exception
    return app


def _save(app):
    next(b for b in app.button if b.label == "Save the changes").click()
    return app.run()


def _stored(url: str) -> Institution:
    engine = make_engine(url)
    with session_factory(engine)() as s:
        row = s.get(Institution, INSTITUTION)
    engine.dispose()
    return row


def test_a_stale_correction_is_refused_with_who_changed_it_and_the_input_is_kept(demo_url):
    name = _stored(demo_url).name
    coordinator = _open_edit_form("coordinator")  # opens the record first
    admin = _open_edit_form("admin")

    admin.text_input(key=f"{KEY}:city").input("Salé")
    _save(admin)
    assert [s.value for s in admin.success] == [f"Institution saved: {name}."]

    coordinator.text_input(key=f"{KEY}:city").input("Témara")
    _save(coordinator)
    assert not coordinator.exception
    [warning] = [w.value for w in coordinator.warning]
    assert warning.startswith("Amina Admin changed this record at ")
    assert coordinator.dataframe[-1].value.to_dict("records") == [
        {"Field": "City", "Stored now": "Salé", "Yours": "Témara"}]
    assert coordinator.text_input(key=f"{KEY}:city").value == "Témara"  # nothing to retype
    assert _stored(demo_url).city == "Salé"

    _save(coordinator)  # she has compared: her value now goes in
    assert [s.value for s in coordinator.success] == [f"Institution saved: {name}."]
    assert _stored(demo_url).city == "Témara"


def test_discarding_mine_loads_the_stored_values(demo_url):
    coordinator = _open_edit_form("coordinator")
    admin = _open_edit_form("admin")
    admin.text_input(key=f"{KEY}:city").input("Salé")
    _save(admin)
    coordinator.text_input(key=f"{KEY}:city").input("Témara")
    _save(coordinator)
    coordinator.button(key=f"{KEY}:_discard").click().run()
    assert not coordinator.exception
    assert coordinator.text_input(key=f"{KEY}:city").value == "Salé"
    assert _stored(demo_url).city == "Salé"
