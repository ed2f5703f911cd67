"""Headline figures on a small fixture, worked out by hand."""
from datetime import date

from db.models import FollowUp
from db.queries.overview import headlines, last_data_date
from tests.training_factories import cohort_world, make_enrolment, make_participant


def _follow_up(session, enrolment, months: int, on: date, status: str) -> None:
    session.add(FollowUp(enrolment_id=enrolment.id, months_after=months, contact_date=on, status=status,
                         sector="Retail" if status in ("wage_job", "self_employed") else None))


def test_placed_counts_women_by_their_latest_follow_up_up_to_the_as_of_date(session):
    project, _partner, group, women = cohort_world(session, enrolled=2)
    man = make_participant(session, project, "CAS-0099", sex="M")
    enrolments = {e.participant_id: e for e in _enrolments(session, group)}
    men_enrolment = make_enrolment(session, group, man)
    first, second = (enrolments[w.id] for w in women)
    # Woman 1: unemployed at 3 months (June 2015), wage job at 6 months (Sept 2015).
    _follow_up(session, first, 3, date(2015, 6, 30), "unemployed")
    _follow_up(session, first, 6, date(2015, 9, 30), "wage_job")
    # Woman 2: self-employed at 3 months, back to unemployed at 6 months.
    _follow_up(session, second, 3, date(2015, 6, 30), "self_employed")
    _follow_up(session, second, 6, date(2015, 9, 30), "unemployed")
    # A man in a wage job: the project's "placed" counts women only.
    _follow_up(session, men_enrolment, 3, date(2015, 6, 30), "wage_job")
    session.commit()
    # 31 July 2015: latest statuses are woman 1 unemployed, woman 2 self-employed -> 1 placed.
    july = headlines(session, project_id=project.id, as_of=date(2015, 7, 31))
    # 31 October 2015: woman 1 wage job, woman 2 unemployed -> still 1 placed, but another woman.
    october = headlines(session, project_id=project.id, as_of=date(2015, 10, 31))
    assert (july.women_reached, july.placed_in_work) == (2, 1)
    assert (october.women_reached, october.placed_in_work) == (2, 1)
    assert headlines(session, project_id=project.id, as_of=date(2015, 6, 29)).placed_in_work == 0


def test_women_reached_counts_each_woman_once_from_her_enrolment_date(session):
    project, _partner, group, women = cohort_world(session, enrolled=3)  # enrolled 20 December 2014
    assert headlines(session, project_id=project.id, as_of=date(2014, 12, 19)).women_reached == 0
    assert headlines(session, project_id=project.id, as_of=date(2014, 12, 20)).women_reached == 3
    assert last_data_date(session, project_id=project.id) == date(2014, 12, 20)


def _enrolments(session, group):
    from sqlalchemy import select

    from db.models import Enrolment

    return session.scalars(select(Enrolment).where(Enrolment.group_id == group.id)).all()


def test_headlines_on_many_days_equal_each_day_read_alone(demo_url):
    """The IPTT reads every period end in one go; each day's figures must be those of that day alone."""
    from sqlalchemy import select

    from db.engine import make_engine, session_factory
    from db.models import Project
    from db.queries.overview import headlines_on

    engine = make_engine(demo_url)
    demo_session = session_factory(engine)()
    project_id = demo_session.scalar(select(Project.id))
    days = [date(2014, 9, 30), date(2015, 6, 30), date(2015, 12, 31), date(2016, 6, 30), date(2017, 2, 28)]
    together = headlines_on(demo_session, project_id=project_id, days=days)
    assert [together[d] for d in days] == [headlines(demo_session, project_id=project_id, as_of=d) for d in days]
    assert together[date(2017, 2, 28)].women_reached == 135 and together[date(2017, 2, 28)].placed_in_work == 41
    assert [together[d].women_reached for d in days] == sorted(together[d].women_reached for d in days)
    demo_session.close()
    engine.dispose()
