"""Capacity-building reads: totals aggregated in SQL, cut at the as-of date, consistent with the overview."""
from datetime import date

import pytest

from db.queries.overview import headlines
from db.queries.stakeholders import (
    action_point_changes, action_points, capacity_summary, event_list, participants_by_group, participation_grid,
)
from tests.factories import make_project
from tests.stakeholder_factories import make_action_point, make_event, make_institution


@pytest.fixture
def story(session):
    """Two events a year apart, five institutions of four kinds, two action points."""
    project = make_project(session)
    ministry = make_institution(session, "MIN", "government", "central")
    agency = make_institution(session, "AGC", "government", "local")
    ngo = make_institution(session, "NGO", "ngo", "local")
    iom = make_institution(session, "IOM", "international", "central")
    uni = make_institution(session, "UNI", "academia", "central")
    training = make_event(session, project, event_type="training", start=date(2015, 6, 16), title="Training",
                          pre=52, post=76, participants=((ministry, 3, 4), (agency, 2, 1), (iom, 1, 1)))
    dialogue = make_event(session, project, event_type="policy_dialogue", start=date(2016, 6, 14),
                          title="Dialogue", participants=((ministry, 1, 2), (ngo, 5, 0), (uni, 1, 1)))
    make_action_point(session, training, ministry, due=date(2015, 9, 30),
                      history=(("open", date(2015, 6, 16)), ("in_progress", date(2015, 8, 1)),
                               ("done", date(2015, 10, 20))))
    make_action_point(session, dialogue, ngo, due=date(2016, 12, 31), history=(("open", date(2016, 6, 14)),))
    session.commit()
    return project


def test_participants_by_institution_type_and_level(session, story):
    # government·central is the ministry at both events: women 3 + 1 = 4, men 4 + 2 = 6
    frame = participants_by_group(session, project_id=story.id, as_of=date(2017, 2, 28))
    got = {(r.type, r.level): (r.women, r.men) for r in frame.itertuples()}
    assert got == {("academia", "central"): (1, 1), ("government", "central"): (4, 6),
                   ("government", "local"): (2, 1), ("international", "central"): (1, 1), ("ngo", "local"): (5, 0)}


def test_events_started_after_the_as_of_date_are_left_out(session, story):
    # on 31 Dec 2015 only the training counts: ministry 3+4, agency 2+1, IOM 1+1
    frame = participants_by_group(session, project_id=story.id, as_of=date(2015, 12, 31))
    assert {(r.type, r.level): (r.women, r.men) for r in frame.itertuples()} == {
        ("government", "central"): (3, 4), ("government", "local"): (2, 1), ("international", "central"): (1, 1)}
    assert list(event_list(session, project_id=story.id, as_of=date(2015, 12, 31)).title) == ["Training"]


def test_event_list_derives_totals(session, story):
    frame = event_list(session, project_id=story.id)
    # training: women 3+2+1 = 6, men 4+1+1 = 6 → 12 from 3 institutions; dialogue: 1+5+1 = 7 women, 2+0+1 = 3 men
    assert [(r.title, r.women, r.men, r.participants, r.institutions) for r in frame.itertuples()] == [
        ("Training", 6, 6, 12, 3), ("Dialogue", 7, 3, 10, 3)]


def test_summary_counts_officials_trained_like_the_overview(session, story):
    summary = capacity_summary(session, project_id=story.id, as_of=date(2017, 2, 28))
    # officials trained: Moroccan actors at the training only (a policy dialogue does not count, nor IOM):
    # ministry 3+4 + agency 2+1 = 10
    assert summary.officials_trained == 10
    assert summary.officials_trained == headlines(session, project_id=story.id,
                                                  as_of=date(2017, 2, 28)).officials_trained
    # everyone at both events: 12 + 10 = 22, of whom 6 + 7 = 13 women
    assert (summary.events, summary.participants, summary.women) == (2, 22, 13)


def test_action_points_show_their_status_on_the_as_of_date_and_whether_overdue(session, story):
    # 1 Oct 2015: the training's point (due 30 Sep) is still in progress → overdue; the dialogue has not happened
    frame = action_points(session, project_id=story.id, as_of=date(2015, 10, 1))
    assert [(r.owner, r.status, r.overdue) for r in frame.itertuples()] == [("MIN", "in_progress", True)]
    frame = action_points(session, project_id=story.id, as_of=date(2017, 2, 28))
    assert [(r.owner, r.status, r.overdue) for r in frame.itertuples()] == [("MIN", "done", False),
                                                                           ("NGO", "open", True)]


def test_summary_counts_pending_and_overdue_points(session, story):
    summary = capacity_summary(session, project_id=story.id, as_of=date(2015, 10, 1))
    assert (summary.action_points, summary.pending_action_points, summary.overdue_action_points) == (1, 1, 1)


def test_status_changes_are_cut_at_the_as_of_date(session, story):
    frame = action_point_changes(session, project_id=story.id, as_of=date(2015, 9, 1))
    assert list(frame.to_status) == ["open", "in_progress"]


def test_the_participation_grid_lists_every_institution_with_zeros(session, story):
    event_id = int(event_list(session, project_id=story.id).id.iloc[0])
    grid = participation_grid(session, event_id=event_id)
    assert {r.acronym: (r.women, r.men) for r in grid.itertuples()} == {
        "AGC": (2, 1), "IOM": (1, 1), "MIN": (3, 4), "NGO": (0, 0), "UNI": (0, 0)}


def test_on_the_demo_data_the_dashboard_and_the_overview_agree(demo_url):
    from db.engine import make_engine, session_factory
    from db.queries.overview import project_card

    engine = make_engine(demo_url)
    with session_factory(engine)() as s:
        card = project_card(s)
        for as_of in (date(2015, 12, 31), card.end_date):
            assert capacity_summary(s, project_id=card.id, as_of=as_of).officials_trained == headlines(
                s, project_id=card.id, as_of=as_of).officials_trained
    engine.dispose()
