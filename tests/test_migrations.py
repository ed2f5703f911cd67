"""Alembic is the only schema authority: it builds the whole schema from empty and matches the models."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from db.models import Base


def test_upgrade_from_empty_creates_every_table(engine):
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_migrated_schema_matches_the_models(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(engine):
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas only")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_the_group_summary_is_filled_from_the_enrolment_summary_on_upgrade(tmp_path):
    """A database at 0013 with attendance already summed per enrolment gets its group rows on upgrade."""
    from datetime import date

    from db import group_outcomes
    from db.engine import make_engine, session_factory
    from db.migrate import upgrade
    from db.models import AttendanceMonth
    from tests.training_factories import cohort_world, make_enrolment, make_group

    url = f"sqlite:///{tmp_path / 'at-0013.db'}"
    upgrade(url, "0013")
    engine = make_engine(url)
    with group_outcomes.not_kept(session_factory(engine)()) as session:
        project, partner, group, people = cohort_world(session, enrolled=2)
        other = make_group(session, project, partner, code="VT-CAS-02")
        third = make_enrolment(session, other, people[0])
        session.commit()
        ids = dict(session.execute(text("SELECT participant_id, id FROM enrolment WHERE group_id = :g"),
                                   {"g": group.id}).all())
        # (participant, month) -> (marked, present) in the first group
        rows = {(people[0].id, date(2015, 1, 1)): (3, 2), (people[1].id, date(2015, 1, 1)): (3, 3),
                (people[0].id, date(2015, 2, 1)): (1, 0)}
        session.add_all(AttendanceMonth(enrolment_id=ids[p], month=m, marked=k, present=n)
                        for (p, m), (k, n) in rows.items())
        session.add(AttendanceMonth(enrolment_id=third.id, month=date(2015, 1, 1), marked=2, present=1))
        session.commit()
        group_id, other_id = group.id, other.id
    engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        found = {(g, str(m)): (k, n) for g, m, k, n in conn.execute(text(
            "SELECT group_id, month, marked, present FROM group_attendance_month"))}
    engine.dispose()
    assert found == {(group_id, "2015-01-01"): (6, 5), (group_id, "2015-02-01"): (1, 0),
                     (other_id, "2015-01-01"): (2, 1)}


def test_a_database_from_before_the_outcome_summary_gets_its_rows_from_db_migrate(tmp_path):
    """Groups enrolled at 0014 have no outcome rows after the upgrade alone (their funnel is then counted
    enrolment by enrolment); `python -m db.migrate` counts them, and a second run finds nothing to do."""
    from datetime import date

    from db import group_outcomes
    from db.engine import make_engine, session_factory
    from db.migrate import fill_summaries, main, upgrade
    from db.queries.cohorts import funnel_summary
    from tests.training_factories import cohort_world

    url = f"sqlite:///{tmp_path / 'at-0014.db'}"
    upgrade(url, "0014")
    engine = make_engine(url)
    with group_outcomes.not_kept(session_factory(engine)()) as session:
        project, _, group, _ = cohort_world(session, enrolled=2)
        project_id, group_id = project.id, group.id
    upgrade(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM group_outcome")).scalar() == 0
    with session_factory(engine)() as session:  # before the fill: counted enrolment by enrolment
        assert funnel_summary(session, project_id=project_id, as_of=date(2030, 1, 1)).stages[0].count == 2
    assert main(["db.migrate", url]) == 0
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT dimension, category, enrolments FROM group_outcome WHERE group_id = :g"
                                 " AND dimension = 'sex'"), {"g": group_id}).all()
    assert [tuple(r) for r in rows] == [("sex", "F", 2)]
    assert fill_summaries(url) == 0
    with session_factory(engine)() as session:
        assert funnel_summary(session, project_id=project_id, as_of=date(2030, 1, 1)).stages[0].count == 2
    # a replica on the old code wrote behind the summary (a rolling upgrade): the rebuild option repairs it
    with engine.begin() as conn:
        conn.execute(text("UPDATE group_outcome SET enrolments = 7"))
    assert main(["db.migrate", "--rebuild-summaries", url]) == 0
    with session_factory(engine)() as session:
        assert funnel_summary(session, project_id=project_id, as_of=date(2030, 1, 1)).stages[0].count == 2
    engine.dispose()
