"""The workplan on the 2014–2017 timeline: activities per component and the reporting milestones."""
from __future__ import annotations

from datetime import date, timedelta

from db.models import Milestone, WorkplanActivity
from seed.context import CLOSING_WORKSHOP, Demo, semesters

D = date
# (component, code, name, responsible, planned start, planned end, actual start, actual end, % complete)
ACTIVITIES = (
    ("vocational_training", "A1.1", "Labour-market assessment and choice of trades and training providers",
     "IOM", D(2014, 7, 1), D(2014, 8, 31), D(2014, 7, 7), D(2014, 9, 5), 100),
    ("vocational_training", "A1.2", "Identification, registration and consent of participants",
     "LHJ, FOO", D(2014, 8, 1), D(2016, 8, 31), D(2014, 8, 18), D(2016, 8, 26), 100),
    ("vocational_training", "A1.3", "Vocational training cohorts in Casablanca", "LHJ",
     D(2014, 9, 1), D(2016, 6, 30), D(2014, 9, 15), D(2016, 5, 27), 100),
    ("vocational_training", "A1.4", "Vocational training cohorts in Rabat", "FOO",
     D(2014, 10, 1), D(2016, 9, 30), D(2014, 10, 13), D(2016, 11, 25), 100),
    ("vocational_training", "A1.5", "Follow-up of trainees 3 and 6 months after training", "LHJ, FOO",
     D(2015, 3, 1), D(2017, 2, 28), D(2015, 3, 19), D(2017, 2, 25), 100),
    ("entrepreneurship", "A2.1", "TRIE and CREE entrepreneurship training", "LHJ, FOO",
     D(2015, 2, 1), D(2016, 6, 30), D(2015, 2, 9), D(2016, 7, 15), 100),
    ("entrepreneurship", "A2.2", "Review of business plans and start-up grants", "IOM",
     D(2015, 4, 1), D(2016, 12, 31), D(2015, 4, 6), None, 90),
    ("entrepreneurship", "A2.3", "GERME training and mentoring of new enterprises", "LHJ, FOO",
     D(2015, 9, 1), D(2017, 2, 28), D(2015, 8, 20), D(2017, 2, 28), 100),
    ("capacity_building", "A3.1", "Trainings and study visit for government and NGO staff", "IOM",
     D(2014, 11, 1), D(2016, 10, 31), D(2014, 12, 9), D(2016, 10, 12), 100),
    ("capacity_building", "A3.2", "Policy dialogues and workshops", "IOM, MCMREAM",
     D(2015, 3, 1), D(2016, 6, 30), D(2015, 3, 24), D(2016, 6, 14), 100),
    ("capacity_building", "A3.3", "Closing workshop", "MCMREAM, IOM",
     D(2017, 2, 1), D(2017, 2, 28), D(2017, 2, 21), D(2017, 2, 21), 100),
    ("management", "A4.1", "Steering committee, reporting and financial management", "IOM",
     D(2014, 7, 1), D(2017, 2, 28), D(2014, 7, 1), D(2017, 2, 28), 100),
)
STEERING_COMMITTEES = (D(2014, 10, 16), D(2015, 4, 21), D(2015, 10, 20), D(2016, 4, 19), D(2016, 10, 25))
REPORT_DELAY = timedelta(weeks=6)


def add_workplan(demo: Demo) -> None:
    """Activities with planned and actual dates; milestones for committees, reports, revisions and closure."""
    demo.session.add_all(
        WorkplanActivity(project_id=demo.project.id, component=component, code=code, name=name,
                         responsible=responsible, planned_start=ps, planned_end=pe, actual_start=as_,
                         actual_end=ae, percent_complete=pct)
        for component, code, name, responsible, ps, pe, as_, ae, pct in ACTIVITIES)
    demo.session.add_all(Milestone(project_id=demo.project.id, kind=kind, name=name, due_date=due, done_on=done)
                         for kind, name, due, done in _milestones(demo))


def _milestones(demo: Demo) -> list[tuple[str, str, date, date | None]]:
    rows = [("other", "Results framework and workplan submitted", D(2014, 7, 31), D(2014, 7, 28))]
    rows += [("steering_committee", f"Steering committee meeting {i}", day, day)
             for i, day in enumerate(STEERING_COMMITTEES, start=1)]
    for start, end in semesters()[:-1]:
        due = end + REPORT_DELAY
        rows.append(("interim_report", f"Interim narrative and financial report {start:%b}–{end:%b %Y}", due,
                     due + timedelta(days=demo.rng.randint(-8, 4))))
    rows += [("budget_revision", "Budget revision: reallocation of the 2015 exchange-rate gain", D(2015, 9, 30),
              D(2015, 9, 22)),
             ("extension_request", "No-cost extension request to 28 February 2017", D(2016, 11, 30),
              D(2016, 11, 15)),
             ("closing_workshop", "Closing workshop in Rabat", CLOSING_WORKSHOP, CLOSING_WORKSHOP),
             ("final_report", "Final narrative and financial report", D(2017, 5, 31), None)]
    return rows
