"""Viewer-facing reads (db/queries/disclosed.py) on SQLite and PostgreSQL: a viewer's frame holds no count
of 1–4, a coordinator's holds every count, in the same shape."""
from datetime import date

from db.queries.disclosed import participation_by_sex, plan_breakdown
from tests.test_business_plan_queries import story as plans  # noqa: F401  (two plans, one owner each)
from tests.test_stakeholder_queries import story  # noqa: F401  (the fixture: two events, five institutions)

DAY = date(2017, 2, 28)


def _cells(disclosed) -> dict:
    return {(r.type, r.level, r.sex): (None if r.count_hidden else int(r.count), r.count_shown)
            for r in disclosed.frame.itertuples()}


def test_a_coordinator_reads_every_attendance_by_sex(session, story):  # noqa: F811
    cells = _cells(participation_by_sex(session, project_id=story.id, as_of=DAY, suppress=False))
    # government·central is the ministry at both events: women 3 + 1 = 4, men 4 + 2 = 6
    assert cells[("government", "central", "women")] == (4, "4")
    assert cells[("ngo", "local", "men")] == (0, "0")


def test_a_viewer_reads_no_count_of_one_to_four_and_no_number_behind_a_hidden_one(session, story):  # noqa: F811
    disclosed = participation_by_sex(session, project_id=story.id, as_of=DAY, suppress=True)
    cells = _cells(disclosed)
    assert not [k for k, (n, _) in cells.items() if n is not None and 0 < n < 5], cells
    hidden = disclosed.frame[disclosed.frame.count_hidden]
    assert hidden["count"].isna().all() and set(hidden.count_shown) <= {"<5", "…"}
    # NGO women (5) and men (0) are not small, but with the women's and the NGO's totals shown the other
    # cells of their lines hide: whatever is left shown is 0 or at least 5
    assert disclosed.total == 22 and disclosed.category_totals == {("women",): 13, ("men",): 9}


def test_a_viewer_reads_the_two_plan_owners_by_sex_as_hidden_cells_and_totals(session, plans):  # noqa: F811
    project, _, _ = plans
    # end of 2015: a woman's plan is running (launched), a man's rejected: four cells of 1 or 0
    viewer = plan_breakdown(session, project_id=project.id, as_of=date(2015, 12, 31), dimension="sex", suppress=True)
    assert set(viewer.frame.count_shown) == {"<5"} and viewer.frame["count"].isna().all()
    assert viewer.category_totals == {("F",): "<5", ("M",): "<5"} and viewer.total == 2
    staff = plan_breakdown(session, project_id=project.id, as_of=date(2015, 12, 31), dimension="sex", suppress=False)
    assert sorted(zip(staff.frame.group, staff.frame.phase, staff.frame["count"])) == [
        ("F", "rejected", 0), ("F", "running", 1), ("M", "rejected", 1), ("M", "running", 0)]


def test_plans_by_sector_are_not_a_personal_breakdown(session, plans):  # noqa: F811
    project, _, _ = plans
    viewer = plan_breakdown(session, project_id=project.id, as_of=date(2015, 12, 31), dimension="sector",
                            suppress=True)
    assert not viewer.frame.count_hidden.any() and not viewer.suppressed
