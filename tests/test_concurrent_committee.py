"""Eight coordinators move the same committee decisions at once, each from the status their screen showed:
one move per decision is kept, every other is refused in plain words, and the history never stacks two moves
made from the same status."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from db.models import CommitteeDecision, DecisionChange
from db.services.committee import add_decision, change_decision_status, record_meeting
from domain.committee_inputs import DecisionInput, DecisionMove, MeetingInput
from domain.errors import ValidationError
from domain.inputs import parse
from tests.concurrency_harness import ROUNDS, THREADS, hammer
from tests.factories import COORDINATOR_ACTOR, make_project
from tests.stakeholder_factories import make_institution

TARGETS = ("in_progress", "done", "dropped")


def _decisions(session, count: int) -> list[int]:
    """`count` open decisions of one meeting held on 19/04/2016."""
    project = make_project(session)
    ministry = make_institution(session, "MCMREAM")
    meeting = record_meeting(session, actor=COORDINATOR_ACTOR, given=parse(
        MeetingInput, project_id=project.id, held_on=date(2016, 4, 19), place="Rabat",
        chair_institution_id=ministry.id, member_ids=[ministry.id], period_start=date(2015, 10, 1),
        period_end=date(2016, 3, 31), cutoff_date=date(2016, 3, 31)))
    ids = [add_decision(session, actor=COORDINATOR_ACTOR, given=parse(
        DecisionInput, meeting_id=meeting.id, text=f"Decision {n}", owner_institution_id=ministry.id,
        due_date=date(2016, 9, 30))).id for n in range(count)]
    session.commit()
    return ids


def test_eight_people_moving_the_same_open_decision_at_once_keep_exactly_one_move(engine, session):
    decisions = _decisions(session, ROUNDS)

    def move(s, round_, thread):
        # everyone saw "open"; they choose different next statuses
        return change_decision_status(s, actor=COORDINATOR_ACTOR, given=parse(
            DecisionMove, decision_id=decisions[round_], from_status="open", to_status=TARGETS[thread % 3],
            changed_on=date(2016, 6, 20), comment=f"Seen by coordinator {thread}")).to_status

    outcome = hammer(engine, move, refusals=(ValidationError,))

    assert outcome.errors == []
    assert len(outcome.written) == ROUNDS
    assert len(outcome.refused) == (THREADS - 1) * ROUNDS
    assert {p.key for r in outcome.refused for p in r.problems} == {"error.decision_moved_meanwhile"}
    session.expire_all()
    moves = session.execute(select(DecisionChange.decision_id, func.count())
                            .where(DecisionChange.from_status == "open").group_by(DecisionChange.decision_id)).all()
    assert sorted(moves) == [(decision_id, 1) for decision_id in decisions]
    stored = dict(session.execute(select(CommitteeDecision.id, CommitteeDecision.status)).all())
    kept = dict(session.execute(select(DecisionChange.decision_id, DecisionChange.to_status)
                                .where(DecisionChange.from_status == "open")).all())
    assert stored == kept  # the status is the one move that was kept, never a move lost under another
    assert set(session.scalars(select(CommitteeDecision.version))) == {2}  # moved once each
