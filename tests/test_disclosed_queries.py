"""Viewer-facing reads (db/queries/disclosed.py) on SQLite and PostgreSQL: a viewer's frame holds no count
of 1–4, a coordinator's holds every count, in the same shape."""
from datetime import date

from db.queries.disclosed import participation_by_sex
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
