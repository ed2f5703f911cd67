"""The decision form of the Steering committee page writes a decision, and keeps the input when refused."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from db.engine import make_engine, session_factory
from db.models import Institution
from db.models.committee import CommitteeDecision, CommitteeMeeting
from tests.page_harness import page_as


def _latest_meeting_and_owner(url: str) -> tuple[int, int, int]:
    engine = make_engine(url)
    with session_factory(engine)() as s:
        meeting = s.scalar(select(CommitteeMeeting.id).order_by(CommitteeMeeting.held_on.desc()).limit(1))
        owner = s.scalar(select(Institution.id).where(Institution.acronym == "MCMREAM"))
        count = s.scalar(select(func.count()).select_from(CommitteeDecision))
    engine.dispose()
    return meeting, owner, count


def _submit(app, meeting: int):
    [button] = [b for b in app.button if b.label in ("Ajouter une décision", "Add decision", "Add a decision")
                and str(b.key or "").find(f"decision_form_{meeting}") >= 0]
    return button.click().run()


def test_a_coordinator_adds_a_decision_through_the_form(demo_url):
    meeting, owner, before = _latest_meeting_and_owner(demo_url)
    app = page_as("committee", "coordinator", lang="fr").run()
    app.text_area(key=f"cd_text_{meeting}_0").input("Publier le rapport final avec le ministère")
    app.selectbox(key=f"cd_owner_{meeting}_0").set_value(owner)
    app.date_input(key=f"cd_due_{meeting}_0").set_value(date(2017, 5, 31))
    _submit(app, meeting)
    assert not app.exception
    assert "Décision enregistrée : Publier le rapport final avec le ministère" in [s.value for s in app.success]
    assert _latest_meeting_and_owner(demo_url)[2] == before + 1
    # the next decision starts from an empty form (new widgets: the browser would keep the old values)
    assert app.text_area(key=f"cd_text_{meeting}_1").value == ""
    assert app.selectbox(key=f"cd_owner_{meeting}_1").value is None


def test_a_refused_decision_keeps_what_was_typed(demo_url):
    meeting, _owner, before = _latest_meeting_and_owner(demo_url)
    app = page_as("committee", "coordinator", lang="fr").run()
    app.text_area(key=f"cd_text_{meeting}_0").input("Publier le rapport final")
    _submit(app, meeting)  # no owner, no due date
    assert not app.exception and app.error
    assert app.text_area(key=f"cd_text_{meeting}_0").value == "Publier le rapport final"
    assert _latest_meeting_and_owner(demo_url)[2] == before


def test_the_status_form_offers_the_decisions_of_the_meeting_shown(demo_url):
    meeting, owner, _before = _latest_meeting_and_owner(demo_url)
    app = page_as("committee", "coordinator", lang="fr").run()
    for round_, text in enumerate(("Publier le rapport final avec le ministère",
                                   "Partager les leçons apprises avec les partenaires")):
        app.text_area(key=f"cd_text_{meeting}_{round_}").input(text)
        app.selectbox(key=f"cd_owner_{meeting}_{round_}").set_value(owner)
        app.date_input(key=f"cd_due_{meeting}_{round_}").set_value(date(2017, 5, 31))
        _submit(app, meeting)
        assert not app.exception
    engine = make_engine(demo_url)
    with session_factory(engine)() as s:
        texts = dict(s.execute(select(CommitteeDecision.text, CommitteeDecision.meeting_id)).all())
    engine.dispose()
    offered = app.selectbox(key="cs_decision_0").options
    assert {"Partager les leçons apprises avec les partenaires", "Publier le rapport final avec le ministère"} \
        <= set(offered)
    assert sorted(offered) == sorted(text for text, held_at in texts.items() if held_at == meeting)
    assert len(texts) > len(offered)  # other meetings' decisions exist and are not offered
