"""Cohort reads against a small story written through the services: counts worked out by hand."""
from __future__ import annotations

from datetime import date

import pytest

from domain.errors import PermissionDenied
from db.queries.cohorts import (
    attendance_by_month, cohort_list, enrolment_records, funnel_summary, group_roster,
)
from db.queries.participants import participant_register, possible_duplicates
from db.services.enrolments import record_result
from db.services.follow_ups import record_follow_up
from db.services.training_sessions import record_session
from domain.inputs import parse
from domain.training_inputs import FollowUpInput, ResultInput, SessionInput
from domain.cohort_results import DIMENSIONS, breakdown, funnel, pooled_attendance_rate
from tests.factories import COORDINATOR_ACTOR, VIEWER_ACTOR
from tests.training_factories import cohort_world

ACTOR = COORDINATOR_ACTOR


@pytest.fixture
def story(session):
    """Two women in a cohort of 3 places; two sessions: both present, then only the first.

    The first completes (27/03/2015), is certified and has a wage job at 6 months (28/09/2015).
    """
    project, _, group, (awa, bintou) = cohort_world(session)
    awa.full_name, awa.phone = "Awa Ndiaye", "+212 600"
    session.commit()
    with session.begin():
        record_session(session, actor=ACTOR, group_id=group.id, given=parse(
            SessionInput, session_date=date(2015, 1, 12), topic="A", hours=4, marks={awa.id: True, bintou.id: True}))
        record_session(session, actor=ACTOR, group_id=group.id, given=parse(
            SessionInput, session_date=date(2015, 2, 9), topic="B", hours=4, marks={awa.id: True, bintou.id: False}))
    roster = group_roster(session, actor=ACTOR, group_id=group.id)
    session.rollback()
    first = int(roster.loc[roster.code == "CAS-0001", "enrolment_id"].iloc[0])
    with session.begin():
        record_result(session, actor=ACTOR, given=parse(
            ResultInput, enrolment_id=first, completed=True, completed_on=date(2015, 3, 27), assessment_score=80,
            certified=True, certified_on=date(2015, 4, 10)))
        record_follow_up(session, actor=ACTOR, given=parse(
            FollowUpInput, enrolment_id=first, months_after=6, contact_date=date(2015, 9, 28), status="wage_job",
            sector="Textile"))
    return project, group


def test_enrolment_records_count_attendance_in_sql(session, story):
    project, _ = story
    records = sorted(enrolment_records(session, actor=ACTOR, project_id=project.id, as_of=date(2016, 1, 1)),
                     key=lambda r: -r.present)
    assert [(r.marked, r.present, r.status, r.certified, r.placed_6m) for r in records] == [
        (2, 2, "completed", True, True), (2, 1, "enrolled", False, False)]


def test_the_funnel_of_the_story(session, story):
    project, _ = story
    # attended >= 80 %: Awa 2/2 yes, Bintou 1/2 = 50 % no -> 1; Awa then completes, is certified and placed
    stages = funnel(enrolment_records(session, actor=ACTOR, project_id=project.id, as_of=date(2016, 1, 1)))
    assert [s.count for s in stages] == [2, 1, 1, 1, 1]


def test_funnel_summary_counts_the_story_in_sql(session, story):
    project, _ = story
    summary = funnel_summary(session, project_id=project.id, as_of=date(2016, 1, 1))
    assert [s.count for s in summary.stages] == [2, 1, 1, 1, 1]
    assert (summary.present, summary.marked) == (3, 4)
    assert summary.breakdown == {"F": {"enrolled": 2, "attended": 1, "completed": 1, "certified": 1, "placed": 1}}
    # at 50 % Bintou's 1 of 2 counts as attended too
    lenient = funnel_summary(session, project_id=project.id, as_of=date(2016, 1, 1), threshold=0.5)
    assert [s.count for s in lenient.stages] == [2, 2, 1, 1, 1]


@pytest.mark.parametrize("as_of", [date(2015, 1, 20), date(2015, 3, 1), date(2016, 1, 1)])
@pytest.mark.parametrize("threshold", [0.5, 0.8, 1.0])
def test_funnel_summary_follows_the_domain_rules(session, story, as_of, threshold):
    """The SQL aggregate agrees with the pure functions over per-enrolment records, for every dimension."""
    project, _ = story
    records = enrolment_records(session, actor=ACTOR, project_id=project.id, as_of=as_of)
    for dimension in DIMENSIONS:
        summary = funnel_summary(session, project_id=project.id, as_of=as_of, threshold=threshold,
                                 dimension=dimension)
        assert summary.stages == funnel(records, threshold)
        assert summary.attendance_rate == pooled_attendance_rate(records)
        assert summary.breakdown == breakdown(records, dimension, as_of, threshold)


def test_a_viewer_may_not_read_per_enrolment_records(session, story):
    project, _ = story
    with pytest.raises(PermissionDenied):
        enrolment_records(session, actor=VIEWER_ACTOR, project_id=project.id, as_of=date(2016, 1, 1))


def test_records_are_cut_at_the_as_of_date(session, story):
    project, _ = story
    # On 1 March 2015 only the two sessions count; completion (27/03) and the follow-up (28/09) are ahead.
    records = enrolment_records(session, actor=ACTOR, project_id=project.id, as_of=date(2015, 3, 1))
    assert sorted((r.marked, r.present, r.status, r.certified, r.placed_6m) for r in records) == [
        (2, 1, "enrolled", False, False), (2, 2, "enrolled", False, False)]
    # On 20 January 2015 only the first session has been held.
    early = enrolment_records(session, actor=ACTOR, project_id=project.id, as_of=date(2015, 1, 20))
    assert sorted(r.present for r in early) == [1, 1]


def test_cohort_list_shows_places_sessions_and_attendance(session, story):
    project, _ = story
    row = cohort_list(session, project_id=project.id).iloc[0]
    # 2 of 3 places; 2 sessions of 10 planned, 8 hours; 3 present of 4 marks
    assert (row.enrolled, row.fill_rate, row.sessions_held, row.hours_held, row.attendance_rate) == (
        2, pytest.approx(2 / 3), 2, 8.0, 0.75)


def test_attendance_by_month_gives_present_and_marked(session, story):
    project, _ = story
    frame = attendance_by_month(session, project_id=project.id, as_of=date(2016, 1, 1))
    assert frame[["session_date", "present", "marked"]].values.tolist() == [
        [date(2015, 1, 1), 2, 2], [date(2015, 2, 1), 1, 2]]


@pytest.mark.parametrize(("as_of", "expected"), [
    (date(2015, 1, 31), [[2, 2]]),               # a whole month, from the summary
    (date(2015, 2, 8), [[2, 2]]),                # the February session is not held yet
    (date(2015, 2, 9), [[2, 2], [1, 2]]),        # held that day: counted from the marks of the open month
])
def test_attendance_is_cut_at_the_as_of_date_inside_a_month(session, story, as_of, expected):
    project, _ = story
    frame = attendance_by_month(session, project_id=project.id, as_of=as_of)
    assert frame[["present", "marked"]].values.tolist() == expected
    records = enrolment_records(session, actor=ACTOR, project_id=project.id, as_of=as_of)
    assert sum(r.marked for r in records) == sum(marked for _, marked in expected)


def test_the_roster_is_for_staff_only(session, story):
    _, group = story
    with pytest.raises(PermissionDenied):
        group_roster(session, actor=VIEWER_ACTOR, group_id=group.id)


def test_a_viewer_may_not_read_the_participant_register(session, story):
    project, _ = story
    with pytest.raises(PermissionDenied):
        participant_register(session, actor=VIEWER_ACTOR, project_id=project.id)
    staff = participant_register(session, actor=ACTOR, project_id=project.id)
    assert staff.loc[staff.code == "CAS-0001", "full_name"].iloc[0] == "Awa Ndiaye"


def test_possible_duplicates_ignore_case_and_spaces(session, story):
    project, _ = story
    assert possible_duplicates(session, project_id=project.id, full_name=" awa  ndiaye", birth_year=1988,
                               nationality="SN") == ["CAS-0001"]
    assert possible_duplicates(session, project_id=project.id, full_name="Awa Ndiaye", birth_year=1989,
                               nationality="SN") == []


def test_funnel_summary_matches_the_domain_rules_on_the_demo_data(demo_url):
    """Many cohorts, ages, nationalities and cities: the SQL aggregate still equals the pure functions."""
    from db.engine import make_engine, session_factory
    from db.queries.overview import project_card

    engine = make_engine(demo_url)
    try:
        with session_factory(engine)() as s:
            project_id = project_card(s).id
            groups = [None, *cohort_list(s, project_id=project_id).id.astype(int).tolist()[:2]]
            seen = {}
            for as_of in (date(2015, 6, 30), date(2017, 12, 31)):
                for group_id in groups:
                    records = enrolment_records(s, actor=ACTOR, project_id=project_id, as_of=as_of,
                                                group_id=group_id)
                    seen[as_of, group_id] = len(records)
                    for dimension in DIMENSIONS:
                        summary = funnel_summary(s, project_id=project_id, as_of=as_of, threshold=0.75,
                                                 dimension=dimension, group_id=group_id)
                        assert summary.stages == funnel(records, 0.75)
                        assert summary.breakdown == breakdown(records, dimension, as_of, 0.75)
            # Both cuts compare real enrolments, and the later one sees more of them than the earlier.
            assert 0 < seen[date(2015, 6, 30), None] < seen[date(2017, 12, 31), None]
    finally:
        engine.dispose()
