"""ILLUSTRATIVE steering committee (comité de suivi) records: the five meetings already on the workplan's
milestones, the institutions present, and decisions that later meetings review. None is signed off: a
signed-off meeting locks its period, and the demo must stay open for data entry."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from db.models import (
    BudgetLine, CommitteeDecision, CommitteeMeeting, CommitteeMember, DecisionChange, Indicator, ResultLevel,
    WorkplanActivity,
)
from seed.context import SYSTEM_USER, Demo
from seed.stakeholders import STEERING_MEMBERS
from seed.workplan import STEERING_COMMITTEES

D = date


@dataclass(frozen=True)
class DecisionSpec:
    text: str
    owner: str  # institution acronym
    due: date
    history: tuple[tuple[str, date, str], ...] = ()  # (to_status, changed_on, why) after "open"
    link: tuple[str, str] | None = None  # ("activity" | "indicator" | "budget_line", code)


@dataclass(frozen=True)
class MeetingSpec:
    held_on: date
    period: tuple[date, date]
    agenda: str
    minutes: str
    decisions: tuple[DecisionSpec, ...]


S = DecisionSpec
MEETINGS = (
    MeetingSpec(STEERING_COMMITTEES[0], (D(2014, 7, 1), D(2014, 9, 30)),
                "1. Launch of the project\n2. Workplan and results framework\n3. Selection of trades",
                "The committee approved the workplan and the results framework, and asked the partners to "
                "check the trades against employers' needs.",
                (S("Validate the list of trades with OFPPT and ANAPEC before the first cohorts", "OFPPT",
                   D(2014, 11, 30), (("in_progress", D(2014, 11, 3), "Meeting held with OFPPT"),
                                     ("done", D(2014, 11, 28), "List validated")), ("activity", "A1.5")),
                 S("Agree a referral procedure with the regional ANAPEC agency in Casablanca", "ANAPEC",
                   D(2015, 1, 31), (("done", D(2015, 2, 20), "Procedure signed, three weeks late"),)))),
    MeetingSpec(STEERING_COMMITTEES[1], (D(2014, 10, 1), D(2015, 3, 31)),
                "1. First cohorts\n2. Entrepreneurship component\n3. Budget and exchange rate",
                "First cohorts under way in both cities. The 2015 exchange-rate gain is to be reallocated.",
                (S("Prepare a budget revision for the 2015 exchange-rate gain", "IOM", D(2015, 9, 30),
                   (("in_progress", D(2015, 6, 2), "Draft shared with the donor"),
                    ("done", D(2015, 9, 22), "Revision approved")), ("budget_line", "ENT")),
                 S("Open a childcare arrangement during training sessions in Rabat", "FOO", D(2015, 7, 31),
                   (("in_progress", D(2015, 6, 15), "Space found near the centre"),
                    ("done", D(2015, 10, 5), "Childcare running since September"))))),
    MeetingSpec(STEERING_COMMITTEES[2], (D(2015, 4, 1), D(2015, 9, 30)),
                "1. Results to date\n2. Business plans\n3. Capacity building plan",
                "Placement is behind target; business plans move well through review.",
                (S("Hold a job fair with CGEM member companies in Casablanca", "LHJ", D(2016, 3, 31),
                   (("in_progress", D(2016, 1, 12), "Date set with CGEM"),), ("indicator", "1.1a")),
                 S("Add a module on labour rights to the ANAPEC staff training", "ANAPEC", D(2016, 2, 29),
                   (("done", D(2016, 2, 10), "Module delivered"),)))),
    MeetingSpec(STEERING_COMMITTEES[3], (D(2015, 10, 1), D(2016, 3, 31)),
                "1. Review of earlier decisions\n2. Enterprise survival\n3. Sustainability",
                "The committee asked for mentoring visits to continue after launch and for an exit plan.",
                (S("Draft the exit and sustainability plan with MCMREAM", "MCMREAM", D(2016, 9, 30),
                   (("in_progress", D(2016, 6, 20), "First draft discussed"),)),
                 S("Extend GERME mentoring to every enterprise for six months after launch", "FOO",
                   D(2016, 12, 31), (("done", D(2016, 11, 30), "All enterprises visited"),),
                   ("activity", "A2.3")))),
    MeetingSpec(STEERING_COMMITTEES[4], (D(2016, 4, 1), D(2016, 9, 30)),
                "1. Review of earlier decisions\n2. No-cost extension\n3. Closing workshop",
                "The committee supported a no-cost extension to 28 February 2017 and a closing workshop in Rabat.",
                (S("Send the no-cost extension request to the donor", "IOM", D(2016, 11, 30),
                   (("done", D(2016, 11, 15), "Request sent"),)),
                 S("Prepare the closing workshop with the ministry", "MCMREAM", D(2017, 2, 15),
                   (("in_progress", D(2016, 12, 12), "Programme drafted"),
                    ("done", D(2017, 2, 21), "Workshop held")), ("activity", "A3.3")),
                 S("Publish a summary of lessons learned for partners", "IOM", D(2017, 1, 31)))),
)


def add_committee(demo: Demo) -> None:
    """The meetings, their members and decisions with their status history (run after the workplan,
    the results framework and the budget, whose rows decisions may point at)."""
    session, project = demo.session, demo.project
    links = {
        "activity": dict(session.execute(select(WorkplanActivity.code, WorkplanActivity.id)
                                         .where(WorkplanActivity.project_id == project.id)).all()),
        "indicator": dict(session.execute(select(Indicator.code, Indicator.id)
                                          .join(ResultLevel, ResultLevel.id == Indicator.level_id)
                                          .where(ResultLevel.project_id == project.id)).all()),
        "budget_line": dict(session.execute(select(BudgetLine.code, BudgetLine.id)
                                            .where(BudgetLine.project_id == project.id)).all()),
    }
    members = [demo.institutions[acronym].id for acronym, _, _ in STEERING_MEMBERS]
    for spec in MEETINGS:
        meeting = CommitteeMeeting(project_id=project.id, held_on=spec.held_on, place="Rabat",
                                   chair_institution_id=demo.institutions["MCMREAM"].id,
                                   period_start=spec.period[0], period_end=spec.period[1],
                                   cutoff_date=spec.period[1], agenda=spec.agenda, minutes=spec.minutes)
        session.add(meeting)
        session.flush()
        session.add_all(CommitteeMember(meeting_id=meeting.id, institution_id=i) for i in members)
        for d in spec.decisions:
            kind, code = d.link or (None, None)
            ids = {f"{k}_id": links[k][code] for k in links if k == kind}
            decision = CommitteeDecision(meeting_id=meeting.id, text=d.text,
                                         owner_institution_id=demo.institutions[d.owner].id, due_date=d.due,
                                         status=(d.history[-1][0] if d.history else "open"), **ids)
            session.add(decision)
            session.flush()
            previous = "open"
            session.add(DecisionChange(decision_id=decision.id, from_status=None, to_status="open",
                                       changed_on=spec.held_on, actor=SYSTEM_USER))
            for to_status, day, why in d.history:
                session.add(DecisionChange(decision_id=decision.id, from_status=previous, to_status=to_status,
                                           changed_on=day, actor=SYSTEM_USER, comment=why))
                previous = to_status
    session.flush()
