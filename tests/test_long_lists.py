"""Lists that scale (#13): the register, the enrolment and owner pickers and the plan register are searched
and paged in SQL; at a volume far above a page, the browser still gets one page of rows or options."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pandas.testing as pd_testing
import pytest
from sqlalchemy import select

from db.engine import make_engine, session_factory
from db.models import BusinessPlan, BusinessPlanOwner, Participant, StakeholderEvent, TrainingGroup
from db.queries.business_plans import owner_choices, plan_register, plan_register_size
from db.queries.cohorts import cohort_count, cohort_list
from db.queries.participants import participant_choices, participant_register, register_size
from db.queries.stakeholders import event_choices, event_count
from domain.errors import PermissionDenied
from tests.factories import ADMIN_ACTOR, COORDINATOR_ACTOR, VIEWER_ACTOR, make_project
from tests.stakeholder_factories import make_event
from tests.page_harness import page_as
from tests.training_factories import make_enrolment, make_group, make_partner, make_participant

PAGE = 50  # components.paging.PAGE_SIZE


def _people(session, project, count: int, prefix: str = "CAS") -> list[Participant]:
    names = ["Awa Diop", "Fatou Sow", "Mariam Traoré", "Grace Mbala", "Aminata Keita"]
    return [make_participant(session, project, f"{prefix}-{i:04d}", full_name=names[i % len(names)],
                             phone=f"+212 6{i:08d}")
            for i in range(1, count + 1)]


@pytest.fixture
def crowd(session):
    """A project of 120 women (every fifth one an Awa Diop), one cohort holding the first three."""
    project = make_project(session)
    group = make_group(session, project, make_partner(session))
    women = _people(session, project, 120)
    for woman in women[:3]:
        make_enrolment(session, group, woman)
    session.commit()
    return project, group, women


# --- the participant register and its pickers ------------------------------------------------------------------

def test_choices_are_the_first_matches_in_code_order_never_the_whole_register(session, crowd):
    project, _, _ = crowd
    options = participant_choices(session, actor=COORDINATOR_ACTOR, project_id=project.id, limit=PAGE)
    assert len(options) == PAGE
    assert list(options.values())[:2] == ["CAS-0001 — Fatou Sow", "CAS-0002 — Mariam Traoré"]
    assert register_size(session, actor=COORDINATOR_ACTOR, project_id=project.id) == 120


def test_choices_are_searched_by_code_or_by_name_in_any_case(session, crowd):
    project, _, _ = crowd
    by_code = participant_choices(session, actor=COORDINATOR_ACTOR, project_id=project.id, search="cas-011")
    assert list(by_code.values()) == [f"CAS-011{n} — {name}" for n, name in enumerate(
        ["Awa Diop", "Fatou Sow", "Mariam Traoré", "Grace Mbala", "Aminata Keita"] * 2)]
    by_name = participant_choices(session, actor=COORDINATOR_ACTOR, project_id=project.id, search="  AWA diop ",
                                  limit=5)
    assert list(by_name.values()) == ["CAS-0005 — Awa Diop", "CAS-0010 — Awa Diop", "CAS-0015 — Awa Diop",
                                      "CAS-0020 — Awa Diop", "CAS-0025 — Awa Diop"]
    assert register_size(session, actor=COORDINATOR_ACTOR, project_id=project.id, search="awa diop") == 24
    # a percent sign or an underscore is a character typed, not a wildcard
    assert participant_choices(session, actor=COORDINATOR_ACTOR, project_id=project.id, search="%") == {}


def test_women_already_picked_stay_among_the_options_whatever_is_typed(session, crowd):
    project, _, women = crowd
    picked = [women[-1].id, women[59].id]
    options = participant_choices(session, actor=COORDINATOR_ACTOR, project_id=project.id, search="cas-000",
                                  chosen=picked, limit=3)
    assert list(options.values()) == ["CAS-0001 — Fatou Sow", "CAS-0002 — Mariam Traoré",
                                      "CAS-0003 — Grace Mbala", "CAS-0060 — Awa Diop", "CAS-0120 — Awa Diop"]


def test_women_enrolled_in_the_group_are_not_offered_for_it_even_when_picked(session, crowd):
    project, group, women = crowd
    options = participant_choices(session, actor=COORDINATOR_ACTOR, project_id=project.id, search="cas-000",
                                  chosen=[women[0].id], not_in_group=group.id)
    assert [label[:8] for label in options.values()] == [f"CAS-000{n}" for n in range(4, 10)]
    assert register_size(session, actor=COORDINATOR_ACTOR, project_id=project.id, not_in_group=group.id) == 117


def test_another_projects_women_are_never_offered(session, crowd):
    project, _, _ = crowd
    other = make_project(session, code="FM.0999")
    stranger = make_participant(session, other, "CAS-0001", full_name="Awa Diop")
    session.commit()
    options = participant_choices(session, actor=ADMIN_ACTOR, project_id=project.id, chosen=[stranger.id],
                                  search="cas-0001")
    assert stranger.id not in options and len(options) == 1


def test_a_viewer_gets_no_list_of_people(session, crowd):
    project, group, _ = crowd
    for read in (participant_choices, register_size, participant_register, owner_choices):
        with pytest.raises(PermissionDenied):
            read(session, actor=VIEWER_ACTOR, project_id=project.id)


def test_register_pages_are_read_in_sql(session, crowd):
    project, _, _ = crowd
    page = participant_register(session, actor=COORDINATOR_ACTOR, project_id=project.id, search="awa", limit=10,
                                offset=20)
    assert list(page.code) == ["CAS-0105", "CAS-0110", "CAS-0115", "CAS-0120"]
    assert set(page.full_name) == {"Awa Diop"} and "phone" in page


# --- the business plan register -----------------------------------------------------------------------------------

@pytest.fixture
def plans(session, crowd):
    """75 plans BP-001…BP-075, each owned by one woman; plan n is in Rabat when n is a multiple of 10."""
    project, _, women = crowd
    rows = []
    for n in range(1, 76):
        plan = BusinessPlan(project_id=project.id, code=f"BP-{n:03d}", business_idea=f"Idea {n}",
                            sector="Retail trade" if n % 2 else "Sewing", city="Rabat" if n % 10 == 0 else "Casablanca",
                            requested_mad=Decimal("9760"), mad_per_usd=Decimal("9.76"), created_on=date(2015, 6, 1))
        session.add(plan)
        session.flush()
        session.add(BusinessPlanOwner(plan_id=plan.id, participant_id=women[n - 1].id))
        rows.append(plan)
    session.commit()
    return project, rows


def test_the_plan_register_is_paged_in_code_order(session, plans):
    project, _ = plans
    assert plan_register_size(session, project_id=project.id, actor=COORDINATOR_ACTOR) == 75
    first = plan_register(session, project_id=project.id, actor=COORDINATOR_ACTOR, limit=PAGE)
    second = plan_register(session, project_id=project.id, actor=COORDINATOR_ACTOR, limit=PAGE, offset=PAGE)
    assert len(first) == PAGE and list(second.code) == [f"BP-{n:03d}" for n in range(51, 76)]
    assert second.owners.iloc[0] == "CAS-0051" and second.owner_names.iloc[0] == "Fatou Sow"


def test_plans_are_searched_by_code_idea_sector_city_or_owner(session, plans):
    project, _ = plans

    def codes(search: str) -> list[str]:
        found = plan_register(session, project_id=project.id, actor=COORDINATOR_ACTOR, search=search)
        assert plan_register_size(session, project_id=project.id, actor=COORDINATOR_ACTOR, search=search) == len(found)
        return list(found.code)

    assert codes("bp-07") == [f"BP-07{n}" for n in range(0, 6)]
    assert codes("idea 1") == ["BP-001", *[f"BP-{n:03d}" for n in range(10, 20)]]
    assert codes("rabat") == [f"BP-0{n}0" for n in range(1, 8)]
    assert codes("cas-0042") == ["BP-042"]
    assert codes("mariam") == [f"BP-{n:03d}" for n in range(2, 76, 5)]
    assert len(codes("sewing")) == 37


def test_one_plan_is_read_by_its_id_for_the_open_file(session, plans):
    project, rows = plans
    one = plan_register(session, project_id=project.id, actor=COORDINATOR_ACTOR, plan_ids=[rows[70].id])
    assert list(one.code) == ["BP-071"]


def test_a_viewer_gets_no_plan_register(session, plans):
    project, _ = plans
    for read in (plan_register, plan_register_size):
        with pytest.raises(PermissionDenied):
            read(session, project_id=project.id, actor=VIEWER_ACTOR)


# --- the cohort list ---------------------------------------------------------------------------------------------

@pytest.fixture
def cohorts(session, crowd):
    """Seven more cohorts, one a month from April 2015 (VT-X-01…07, Rabat when odd), two women in each."""
    project, group, women = crowd
    partner = session.get(type(group), group.id).provider_id
    from db.models import Institution
    provider = session.get(Institution, partner)
    for n in range(1, 8):
        extra = make_group(session, project, provider, code=f"VT-X-{n:02d}", name=f"Pastry {n}", trade="Pastry",
                           city="Rabat" if n % 2 else "Casablanca", planned_start=date(2015, 3 + n, 6),
                           planned_end=date(2015, 4 + n, 28))
        for woman in women[3 + 2 * n: 5 + 2 * n]:
            make_enrolment(session, extra, woman)
    session.commit()
    return project


def test_a_page_of_cohorts_carries_the_same_figures_as_the_whole_list(session, cohorts):
    whole = cohort_list(session, project_id=cohorts.id)
    pages = [cohort_list(session, project_id=cohorts.id, limit=3, offset=offset) for offset in (0, 3, 6)]
    assert [len(p) for p in pages] == [3, 3, 2]
    pd_testing.assert_frame_equal(pd.concat(pages, ignore_index=True), whole)
    assert list(whole.enrolled) == [3] + [2] * 7
    assert cohort_count(session, project_id=cohorts.id) == 8


def test_cohorts_are_searched_by_code_name_trade_or_city(session, cohorts):
    def codes(search: str) -> list[str]:
        found = cohort_list(session, project_id=cohorts.id, search=search)
        assert cohort_count(session, project_id=cohorts.id, search=search) == len(found)
        return list(found.code)

    assert codes("vt-x-0") == [f"VT-X-0{n}" for n in range(1, 8)]
    assert codes("RABAT") == ["VT-X-01", "VT-X-03", "VT-X-05", "VT-X-07"]
    assert codes("pastry 7") == ["VT-X-07"]
    assert codes("sewing") == ["VT-CAS-01"]  # its trade
    assert codes("entrepreneur") == []


def test_the_chosen_cohort_is_read_by_its_id(session, cohorts):
    whole = cohort_list(session, project_id=cohorts.id)
    one = cohort_list(session, project_id=cohorts.id, group_ids=(int(whole.id.iloc[4]),))
    pd_testing.assert_frame_equal(one, whole.iloc[[4]].reset_index(drop=True))
    assert cohort_list(session, project_id=cohorts.id, kind="entrepreneurship", group_ids=(int(whole.id[4]),)).empty


def test_a_page_of_the_demo_cohorts_counts_attendance_as_the_whole_list(demo_url):
    engine = make_engine(demo_url)
    with session_factory(engine)() as s:
        project_id = s.scalar(select(TrainingGroup.project_id).limit(1))
        for kind in ("vocational", "entrepreneurship", None):
            whole = cohort_list(s, project_id=project_id, kind=kind)
            paged = pd.concat([cohort_list(s, project_id=project_id, kind=kind, limit=2, offset=o)
                               for o in range(0, len(whole), 2)], ignore_index=True)
            # a page without an entrepreneurship group holds None for its module, the whole list NaN
            def same(frame):
                return frame.assign(module=frame.module.fillna("").astype(str))
            pd_testing.assert_frame_equal(same(paged), same(whole), check_dtype=False)
            assert whole.marked.sum() > 0
    engine.dispose()


# --- stakeholder events ------------------------------------------------------------------------------------------

@pytest.fixture
def events(session):
    """Twelve workshops, one a month of 2016 ("Workshop 1"…), and a policy dialogue in the last month."""
    project = make_project(session)
    made = [make_event(session, project, start=date(2016, m, 10), title=f"Workshop {m}") for m in range(1, 13)]
    made.append(make_event(session, project, event_type="policy_dialogue", start=date(2016, 12, 10),
                           title="Policy dialogue"))
    session.commit()
    return project, made


def test_event_choices_are_the_latest_matches_and_the_one_open(session, events):
    project, made = events
    latest = event_choices(session, project_id=project.id, limit=3)
    assert list(latest.title) == ["Policy dialogue", "Workshop 12", "Workshop 11"]
    assert event_count(session, project_id=project.id) == 13
    found = event_choices(session, project_id=project.id, search="WORKSHOP 1", limit=2, chosen=made[0].id)
    assert list(found.title) == ["Workshop 12", "Workshop 11", "Workshop 1"]  # the first is the one open
    assert event_count(session, project_id=project.id, search="workshop 1") == 4
    assert list(event_choices(session, project_id=project.id, search="rabat", limit=50).title)[-1] == "Workshop 1"


def test_another_projects_event_is_never_offered(session, events):
    project, _ = events
    other = make_project(session, code="FM.0999")
    stranger = make_event(session, other, title="Elsewhere")
    session.commit()
    assert "Elsewhere" not in set(event_choices(session, project_id=project.id, chosen=stranger.id).title)


# --- the pages at a volume far above a page ------------------------------------------------------------------------

EXTRA_WOMEN, EXTRA_PLANS, EXTRA_GROUPS = 400, 140, 60


@pytest.fixture
def crowded_demo(demo_url):
    """The demo data plus 400 women (VOL-0001…), 140 plans (BP-200…), one open cohort without anyone
    (VT-VOL-01), 60 more cohorts starting after it (VT-X-01…), 60 entrepreneurship groups (CREE-X-01…)
    and 60 workshops on 4 January 2016."""
    engine = make_engine(demo_url)
    with session_factory(engine)() as s, s.begin():
        project_id = s.scalar(select(Participant.project_id).limit(1))
        women = [Participant(project_id=project_id, code=f"VOL-{i:04d}", sex="F", nationality="SN",
                             city="Casablanca", registered_on=date(2015, 1, 10), full_name=f"Volume Woman {i}",
                             phone=f"+212 7{i:08d}") for i in range(1, EXTRA_WOMEN + 1)]
        s.add_all(women)
        s.flush()
        for n, woman in enumerate(women[:EXTRA_PLANS]):
            plan = BusinessPlan(project_id=project_id, code=f"BP-{200 + n}", business_idea=f"Volume idea {n}",
                                sector="Retail trade", city="Casablanca", requested_mad=Decimal("5000"),
                                mad_per_usd=Decimal("9.81"), created_on=date(2016, 3, 1))
            s.add(plan)
            s.flush()
            s.add(BusinessPlanOwner(plan_id=plan.id, participant_id=woman.id))
        template = s.get(TrainingGroup, 1)
        group = TrainingGroup(project_id=project_id, kind="vocational", code="VT-VOL-01", name="Volume cohort",
                              trade="Sewing", provider_id=template.provider_id, city="Casablanca",
                              planned_start=date(2016, 9, 5), planned_end=date(2016, 12, 16), planned_sessions=10,
                              planned_hours=40, capacity=20, status="open")
        s.add(group)
        s.flush()
        group_id = group.id
        s.add_all([TrainingGroup(project_id=project_id, kind="vocational", code=f"VT-X-{n:02d}", name=f"Extra {n}",
                                 trade="Retail", provider_id=template.provider_id, city="Rabat",
                                 planned_start=date(2016, 10, 3), planned_end=date(2016, 12, 23), planned_sessions=10,
                                 planned_hours=40, capacity=20, status="open") for n in range(1, EXTRA_GROUPS + 1)])
        s.add_all([TrainingGroup(project_id=project_id, kind="entrepreneurship", module="CREE", code=f"CREE-X-{n:02d}",
                                 name=f"CREE extra {n}", provider_id=template.provider_id, city="Rabat",
                                 planned_start=date(2016, 10, 3), planned_end=date(2016, 10, 7), planned_sessions=5,
                                 planned_hours=20, capacity=15, status="open") for n in range(1, EXTRA_GROUPS + 1)])
        s.add_all([StakeholderEvent(project_id=project_id, event_type="workshop", title=f"Extra workshop {n}",
                                    start_date=date(2016, 1, 4), end_date=date(2016, 1, 4), city="Rabat",
                                    score_scale=Decimal(100)) for n in range(1, EXTRA_GROUPS + 1)])
        total = s.query(Participant).count()
    engine.dispose()
    return demo_url, group_id, total


def test_the_register_page_sends_one_page_of_rows_and_of_edit_choices(crowded_demo):
    _, _, total = crowded_demo
    app = page_as("participants", "coordinator").run()
    assert not app.exception
    assert len(app.dataframe[0].value) == PAGE
    assert len(app.selectbox(key="edit_participant").options) == PAGE
    assert f"Participants 1–50 of {total}." in [c.value for c in app.caption]


def test_the_enrolment_picker_offers_a_page_and_finds_the_others_by_search(crowded_demo):
    url, group_id, total = crowded_demo
    app = page_as("training-sessions", "coordinator").run()
    app.selectbox(key="sessions_group").set_value(group_id).run()
    assert not app.exception
    picker = app.multiselect(key="enrol_who")
    assert len(picker.options) == PAGE
    assert f"The first 50 of {total:,} matching are listed" in " ".join(c.value for c in app.caption)
    app.text_input(key="enrol_who_search").input("vol-0399").run()
    app.multiselect(key="enrol_who").set_value([_id_of(url, Participant, "VOL-0399")]).run()
    # another search: the woman picked stays picked, beside the new matches
    app.text_input(key="enrol_who_search").input("volume woman 12").run()
    picker = app.multiselect(key="enrol_who")
    assert picker.value == [_id_of(url, Participant, "VOL-0399")]
    assert len(picker.options) == 12  # VOL-0012, VOL-0120…0129, and the one picked
    app.multiselect(key="enrol_who").select(_id_of(url, Participant, "VOL-0012"))
    app.button(key="enrol_submit").click().run()
    assert [s.value for s in app.success] == ["2 enrolled."]
    assert app.multiselect(key="enrol_who").value == []  # enrolled now, so no longer offered


def test_the_plan_page_sends_one_page_of_plans_and_of_owner_choices(crowded_demo):
    url, _, total = crowded_demo
    app = page_as("business-plans", "coordinator").run()
    assert not app.exception
    assert len(app.dataframe[0].value) == PAGE
    assert len(app.selectbox(key="enterprise_plan").options) == PAGE
    assert len(app.multiselect(key="new_owners").options) == PAGE
    assert "Business plans 1–50 of 158." in [c.value for c in app.caption]  # 18 demo plans and 140 more
    app.text_input(key="plans_search").input("volume idea 13").run()
    assert list(app.dataframe[0].value.code) == ["BP-213", *[f"BP-{n}" for n in range(330, 340)]]


def test_the_open_plan_stays_open_while_the_register_pages_on(crowded_demo):
    url, _, _ = crowded_demo
    app = page_as("business-plans", "coordinator").run()
    chosen = _id_of(url, BusinessPlan, "BP-210")
    app.selectbox(key="enterprise_plan").set_value(chosen).run()
    app.number_input(key="plans_page").set_value(4).run()
    assert list(app.dataframe[0].value.code) == [f"BP-{n}" for n in range(332, 340)]
    assert app.selectbox(key="enterprise_plan").value == chosen
    assert len(app.selectbox(key="enterprise_plan").options) == 9  # the last page's 8 plans and the open one


def test_the_cohort_page_sends_one_page_of_cohorts_and_of_edit_choices(crowded_demo):
    app = page_as("cohorts", "coordinator").run()
    assert not app.exception
    assert len(app.dataframe[0].value) == PAGE
    assert len(app.selectbox(key="edit_cohort").options) == PAGE
    assert "Cohorts 1–50 of 69." in [c.value for c in app.caption]  # 8 demo cohorts, VT-VOL-01, 60 more
    app.text_input(key="cohorts_search").input("extra 6").run()
    assert list(app.dataframe[0].value.code) == ["VT-X-06", "VT-X-60"]


def test_the_event_picker_offers_the_latest_and_finds_the_others_by_search(crowded_demo):
    app = page_as("stakeholder-events", "coordinator").run()
    assert not app.exception
    picker = app.selectbox(key="event_choice")
    assert len(picker.options) == PAGE + 1  # "a new event", then the latest 50
    assert "The latest 50 of" in " ".join(c.value for c in app.caption)
    app.text_input(key="events_search").input("extra workshop 5").run()
    assert len(app.selectbox(key="event_choice").options) == 1 + 11  # Extra workshop 5, 50…59


def test_the_entrepreneurship_page_sends_one_page_of_groups(crowded_demo):
    app = page_as("entrepreneurship-training", "coordinator").run()
    assert not app.exception
    assert len(app.dataframe[1].value) == PAGE  # after the completion per module
    assert "Groups 1–50 of 65." in [c.value for c in app.caption]  # 5 demo groups and 60 more
    app.text_input(key="entrepreneurship_groups_search").input("cree extra 1").run()
    assert len(app.dataframe[1].value) == 11


@pytest.mark.parametrize("url_path, key", [("training-sessions", "sessions_group"),
                                           ("cohort-results", "results_group")])
def test_cohort_pickers_offer_a_page_and_find_the_others_by_search(crowded_demo, url_path, key):
    app = page_as(url_path, "coordinator").run()
    assert not app.exception
    assert len(app.selectbox(key=key).options) == PAGE
    assert "The first 50 of 69 matching are listed" in " ".join(c.value for c in app.caption)
    first = app.selectbox(key=key).value
    app.text_input(key=f"{key}_search").input("extra 59").run()
    picker = app.selectbox(key=key)
    assert picker.value == first and len(picker.options) == 2  # the cohort open stays beside the match
    wanted = _id_of(crowded_demo[0], TrainingGroup, "VT-X-59")
    picker.set_value(wanted).run()
    assert not app.exception and app.selectbox(key=key).value == wanted


def test_pages_with_long_lists_render_in_french(crowded_demo):
    for url_path in ("participants", "business-plans", "training-sessions", "cohorts", "cohort-results",
                     "entrepreneurship-training", "stakeholder-events"):
        app = page_as(url_path, "coordinator", lang="fr").run()
        assert not app.exception, (url_path, app.exception)


def _id_of(url: str, model, code: str) -> int:
    """The id of the participant, cohort or plan with this code."""
    engine = make_engine(url)
    with session_factory(engine)() as s:
        found = s.scalar(select(model.id).where(model.code == code))
    engine.dispose()
    return found


@pytest.mark.parametrize("role", ["coordinator", "viewer"])
def test_the_cohort_progress_picker_offers_all_cohorts_and_a_page_and_finds_the_others(crowded_demo, role):
    """Beside "all cohorts", a page of them; a search finds the others; the funnel follows the one chosen."""
    app = page_as("cohort-progress", role).run()
    assert not app.exception
    assert len(app.selectbox(key="progress_group").options) == 1 + PAGE
    app.text_input(key="progress_group_search").input("extra 59").run()
    picker = app.selectbox(key="progress_group")
    assert len(picker.options) == 2  # "all cohorts" and the match
    wanted = _id_of(crowded_demo[0], TrainingGroup, "VT-X-59")
    picker.set_value(wanted).run()
    assert not app.exception and app.selectbox(key="progress_group").value == wanted
    app.text_input(key="progress_group_search").input("").run()
    assert app.selectbox(key="progress_group").value == wanted  # kept beside the first page
    assert len(app.selectbox(key="progress_group").options) == 1 + PAGE + 1
