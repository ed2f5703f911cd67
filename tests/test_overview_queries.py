"""Headline figures on a small fixture, worked out by hand."""
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from db.models import Enrolment, FollowUp
from db.queries.overview import headlines, headlines_on, last_data_date
from domain.vocabulary import FOLLOW_UP_STATUSES, PLACED_STATUSES
from tests.training_factories import cohort_world, make_enrolment, make_group, make_participant


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


FOLLOW_UPS = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 1), st.sampled_from((3, 6, 12)),
                                st.integers(0, 200), st.sampled_from(FOLLOW_UP_STATUSES)), max_size=12)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(follow_ups=FOLLOW_UPS)
def test_placed_on_any_day_is_each_womans_latest_follow_up_whatever_their_order(session, follow_ups):
    """Follow-ups of three women in two cohorts, several on one day, entered in any order: on every day,
    placed counts the women whose latest follow-up by then (by date, then entry) says wage job or
    self-employed -- counted straight from the rows here, in one pass of changes by the query."""
    session.rollback()
    session.execute(delete(FollowUp))
    session.commit()
    if "world" not in session.info:
        project, partner, group, women = cohort_world(session, enrolled=3)
        other = make_group(session, project, partner, code="VT-CAS-02")
        for woman in women:
            make_enrolment(session, other, woman)
        session.commit()
        session.info["world"] = project, (group, other), women
    project, groups, women = session.info["world"]
    enrolment_of = {(e.group_id, e.participant_id): e for e in session.scalars(select(Enrolment))}
    written = []
    for woman, cohort, months, offset, status in follow_ups:
        enrolment = enrolment_of[(groups[cohort].id, women[woman].id)]
        if (enrolment.id, months) in {(e, m) for e, m, *_ in written}:
            continue  # one follow-up per enrolment and month
        row = FollowUp(enrolment_id=enrolment.id, months_after=months, contact_date=date(2015, 6, 1) +
                       timedelta(days=offset), status=status, sector="Retail")
        session.add(row)
        session.flush()
        written.append((enrolment.id, months, row.id, woman, row.contact_date, status))
    session.commit()
    days = [date(2015, 5, 31) + timedelta(days=d) for d in range(0, 215, 15)]
    found = headlines_on(session, project_id=project.id, days=days)
    for day in days:
        latest = {}
        for *_, row_id, woman, on, status in sorted(written, key=lambda w: (w[4], w[2])):
            if on <= day:
                latest[woman] = status
        assert found[day].placed_in_work == sum(s in PLACED_STATUSES for s in latest.values()), day
