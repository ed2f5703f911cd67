"""Eight admins each demote a different admin at the same moment: however the moves interleave, one active
admin always remains (exactly one of the eight is refused as the last), and nothing else goes wrong."""
from __future__ import annotations

import json

from sqlalchemy import func, select

from db.models import AppUser, AuditEntry
from db.services.users import change_role
from domain.errors import ValidationError
from domain.inputs import parse
from domain.user_inputs import RoleChange
from tests.concurrency_harness import ROUNDS, THREADS, hammer
from tests.factories import ADMIN_ACTOR, make_user


def test_admins_demoting_each_other_at_once_always_leave_one_admin(engine, session):
    admins = [make_user(session, username=f"admin{n}", role="admin").id for n in range(THREADS)]
    session.commit()

    def demote_or_restore(s, round_, thread):
        # even rounds: everyone demotes "their" admin at once; odd rounds: they are all made admins again
        role = "coordinator" if round_ % 2 == 0 else "admin"
        return change_role(s, actor=ADMIN_ACTOR, given=parse(RoleChange, user_id=admins[thread], role=role)).role

    outcome = hammer(engine, demote_or_restore, refusals=(ValidationError,))

    assert outcome.errors == []
    demoting_rounds = (ROUNDS + 1) // 2
    assert len(outcome.refused) == demoting_rounds  # one admin kept per demoting round
    assert {p.key for r in outcome.refused for p in r.problems} == {"error.last_admin"}
    assert len(outcome.written) == THREADS * ROUNDS - demoting_rounds
    session.expire_all()
    demotions = [json.loads(d) for d in session.scalars(select(AuditEntry.detail)
                                                        .where(AuditEntry.action == "change_role"))]
    assert sum(d["old"] == "admin" and d["new"] == "coordinator" for d in demotions) == \
        (THREADS - 1) * demoting_rounds
    left = session.scalar(select(func.count()).select_from(AppUser).where(AppUser.role == "admin",
                                                                          AppUser.active.is_(True)))
    assert left == (THREADS if ROUNDS % 2 == 0 else 1)
