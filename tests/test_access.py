"""Security shape: personal fields stay with coordinators and admins; the data version follows every write."""
import dataclasses
import re
from pathlib import Path

from db.actor import Actor
from db.audit import data_version
from db.engine import session_factory
from db.models.training import PERSONAL_FIELDS
from db.queries import overview
from db.services.users import create_user
from tests.factories import ADMIN_ACTOR, make_project

ROOT = Path(__file__).resolve().parent.parent


def test_only_coordinators_and_admins_see_personal_data():
    assert [Actor("u", r).sees_personal_data for r in ("admin", "coordinator", "viewer")] == [True, True, False]
    assert [Actor("u", r).can_enter_data for r in ("admin", "coordinator", "viewer")] == [True, True, False]


def test_overview_reads_carry_no_personal_field():
    for result_type in (overview.Headlines, overview.ProjectCard):
        assert not {f.name for f in dataclasses.fields(result_type)} & set(PERSONAL_FIELDS)


def test_overview_queries_never_select_personal_columns():
    source = (ROOT / "db" / "queries" / "overview.py").read_text()
    assert not re.search(r"Participant\.(full_name|phone)", source)


def test_the_data_version_moves_with_every_write_from_any_connection(engine, session):
    make_project(session)
    session.commit()
    before = data_version(session)
    with session_factory(engine)() as other, other.begin():
        create_user(other, actor=ADMIN_ACTOR, username="second", name="Second", email="", password="long-enough",
                    role="viewer")
    assert data_version(session) == before + 1


def test_no_page_renders_html_from_data():
    needle = "unsafe_allow_html" + "=True"
    offenders = [str(p) for p in ROOT.glob("**/*.py")
                 if ".venv" not in p.parts and needle in p.read_text(encoding="utf-8")]
    assert offenders == []
