"""The illustrative demo dataset: it adds up to the public totals, keeps the budget rules, is consistent
with itself, and loads once."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from pathlib import Path

import bcrypt
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import seed.demo
from db.models import (
    ActionPoint, ActionPointChange, AppUser, Attendance, AuditEntry, BudgetLine, BusinessPlan,
    BusinessPlanOwner, Enrolment, EventParticipation, Expenditure, FollowUp, Indicator, IndicatorTarget,
    Institution, Participant, PlannedAmount, PlanTransition, Project, StakeholderEvent, TrainingGroup,
    TrainingSession,
)
from db.queries.overview import HEADLINE_MEASURES, headlines
from seed.__main__ import main
from seed.demo import DEMO_ACCOUNTS, load_demo, row_counts

ROOT = Path(__file__).resolve().parent.parent
END = date(2017, 2, 28)
START = date(2014, 7, 1)
CENT = Decimal("0.01")
MAD_PER_USD = {2014: Decimal("8.41"), 2015: Decimal("9.76"), 2016: Decimal("9.81"), 2017: Decimal("9.69")}


@pytest.fixture
def fast_hashing(monkeypatch) -> None:
    """bcrypt at its cheapest: the tests check passwords, not the cost factor (one test checks that)."""
    monkeypatch.setattr(seed.demo, "PASSWORD_ROUNDS", 4)


@pytest.fixture
def project(session, fast_hashing) -> Project:
    with session.begin():
        loaded = load_demo(session)
    return loaded


@pytest.fixture
def cli_db(db_url, monkeypatch) -> str:
    """`python -m seed` pointed at the test database."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    return db_url


def _count(session: Session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


# --- the public totals ----------------------------------------------------------------------------------

def test_demo_reaches_135_women_by_the_end(session, project):
    assert headlines(session, project_id=project.id, as_of=END).women_reached == 135


def test_demo_places_41_women_by_the_end(session, project):
    assert headlines(session, project_id=project.id, as_of=END).placed_in_work == 41


def test_every_participant_is_a_woman_with_recorded_consent(session, project):
    women = session.scalars(select(Participant)).all()
    assert len(women) == 135
    assert all(w.sex == "F" and w.consent_recorded and w.consent_date == w.registered_on for w in women)


def test_headline_figures_never_decrease_with_the_as_of_date(session, project):
    dates = (date(2015, 6, 30), date(2016, 6, 30), END)
    figures = [headlines(session, project_id=project.id, as_of=d) for d in dates]
    for measure in (*HEADLINE_MEASURES, "spent_usd"):
        values = [f.measure(measure) for f in figures]
        assert 0 <= values[0] <= values[1] <= values[2], measure
    assert figures[0].placed_in_work < figures[2].placed_in_work
    assert figures[0].women_reached < figures[2].women_reached


# --- budget ---------------------------------------------------------------------------------------------

def test_budget_lines_add_up_to_the_project_budget(session, project):
    lines = session.scalars(select(BudgetLine)).all()
    assert sum(line.amount_usd for line in lines) == Decimal("200000.00") == project.budget_usd


def test_staff_and_office_stay_within_30_percent_of_the_budget(session, project):
    lines = session.scalars(select(BudgetLine).where(BudgetLine.category.in_(("staff", "office")))).all()
    assert sum(line.amount_usd for line in lines) <= Decimal("0.30") * project.budget_usd


def test_planned_quarters_add_up_to_each_line(session, project):
    for line in session.scalars(select(BudgetLine)):
        planned = session.scalars(select(PlannedAmount.amount_usd)
                                  .where(PlannedAmount.line_id == line.id)).all()
        assert len(planned) == 11
        assert sum(planned, Decimal(0)) == line.amount_usd, line.code


def test_every_expenditure_keeps_its_rate_and_usd_value(session, project):
    for x in session.scalars(select(Expenditure)):
        assert x.units_per_usd == (Decimal(1) if x.currency == "USD" else MAD_PER_USD[x.spent_on.year])
        assert x.amount_usd == (x.amount / x.units_per_usd).quantize(CENT, rounding=ROUND_HALF_UP)


def test_spending_by_the_end_is_between_190_and_200_thousand_usd(session, project):
    spent = headlines(session, project_id=project.id, as_of=END).spent_usd
    assert Decimal(190_000) <= spent <= Decimal(200_000)


def test_only_the_events_line_is_overspent_and_it_says_why(session, project):
    spent: dict[int, Decimal] = {}
    for x in session.scalars(select(Expenditure)):
        spent[x.line_id] = spent.get(x.line_id, Decimal(0)) + x.amount_usd
    lines = session.scalars(select(BudgetLine)).all()
    assert [line.code for line in lines if spent[line.id] > line.amount_usd] == ["STK"]
    justified = session.scalars(select(Expenditure.line_id)
                                .where(Expenditure.overspend_justification.is_not(None))).all()
    assert justified == [next(line.id for line in lines if line.code == "STK")]


def test_each_start_up_grant_is_the_expenditure_of_its_disbursement(session, project):
    grants = session.scalars(select(Expenditure).where(Expenditure.business_plan_id.is_not(None))).all()
    disbursed = dict(session.execute(select(PlanTransition.plan_id, PlanTransition.occurred_on)
                                     .where(PlanTransition.to_status == "disbursed")).all())
    assert sorted(g.business_plan_id for g in grants) == sorted(disbursed)
    for grant in grants:
        plan = session.get(BusinessPlan, grant.business_plan_id)
        assert grant.currency == "MAD" and grant.amount <= plan.approved_mad <= plan.requested_mad
        assert grant.spent_on == disbursed[plan.id]


# --- consistency ----------------------------------------------------------------------------------------

def test_every_plan_status_is_its_last_transition(session, project):
    for plan in session.scalars(select(BusinessPlan)):
        steps = session.scalars(select(PlanTransition).where(PlanTransition.plan_id == plan.id)
                                .order_by(PlanTransition.occurred_on, PlanTransition.id)).all()
        assert steps[0].from_status is None and steps[0].to_status == "draft"
        assert all(a.to_status == b.from_status for a, b in pairwise(steps)), plan.code
        assert plan.status == steps[-1].to_status, plan.code


def test_self_employed_women_are_the_owners_of_launched_enterprises(session, project):
    launched = set(session.scalars(
        select(BusinessPlanOwner.participant_id)
        .join(PlanTransition, PlanTransition.plan_id == BusinessPlanOwner.plan_id)
        .where(PlanTransition.to_status == "launched")))
    latest = {}
    rows = session.execute(select(Enrolment.participant_id, FollowUp.status)
                           .join(FollowUp, FollowUp.enrolment_id == Enrolment.id)
                           .order_by(FollowUp.contact_date, FollowUp.id)).all()
    for woman, status in rows:
        latest[woman] = status
    assert {w for w, s in latest.items() if s == "self_employed"} == launched
    assert len(launched) == 12


def test_everything_happens_inside_the_project_period(session, project):
    dated = [select(func.min(c), func.max(c)) for c in (
        TrainingSession.session_date, Enrolment.enrolled_on, FollowUp.contact_date,
        PlanTransition.occurred_on, Expenditure.spent_on, StakeholderEvent.start_date,
        Participant.registered_on)]
    for query in dated:
        first, last = session.execute(query).one()
        assert START <= _as_date(first) <= _as_date(last) <= END
    assert session.scalar(select(func.max(Enrolment.enrolled_on))) <= date(2017, 2, 21)


def test_the_last_event_is_the_closing_workshop_in_rabat_on_21_february_2017(session, project):
    last = session.scalars(select(StakeholderEvent).order_by(StakeholderEvent.start_date.desc())).first()
    assert (last.event_type, last.city, last.start_date) == ("workshop", "Rabat", date(2017, 2, 21))
    assert "Closing workshop" in last.title


def test_the_two_implementing_partners_run_training_in_their_cities(session, project):
    partners = {i.acronym: i for i in
                session.scalars(select(Institution).where(Institution.is_implementing_partner))}
    assert {(p.name, p.city) for p in partners.values()} == {
        ("Association L'Heure Joyeuse", "Casablanca"), ("Fondation Orient-Occident", "Rabat")}
    for group in session.scalars(select(TrainingGroup)):
        assert group.provider_id == partners["LHJ" if group.city == "Casablanca" else "FOO"].id


def test_computed_indicators_end_on_their_life_of_project_target(session, project):
    computed = session.scalars(select(Indicator).where(Indicator.computed_measure.is_not(None))).all()
    assert {i.computed_measure for i in computed} == set(HEADLINE_MEASURES)
    for indicator in computed:
        last = session.scalars(select(IndicatorTarget).where(IndicatorTarget.indicator_id == indicator.id)
                               .order_by(IndicatorTarget.period_start.desc())).first()
        assert last.target == indicator.lop_target


# --- users and audit ------------------------------------------------------------------------------------

def test_demo_users_log_in_with_their_documented_passwords_and_roles(session, project):
    for username, password, role, name in DEMO_ACCOUNTS:
        user = session.scalar(select(AppUser).where(AppUser.username == username))
        assert (user.role, user.name, user.active) == (role, name, True)
        assert bcrypt.checkpw(password.encode(), user.password_hash.encode())


def test_a_load_writes_one_audit_entry_for_the_project(session, project):
    entry = session.scalars(select(AuditEntry)).one()
    assert (entry.actor, entry.action, entry.entity) == ("system", "seed", "project")
    assert entry.entity_id == project.id
    assert '"scale": 1' in entry.detail


# --- loading --------------------------------------------------------------------------------------------

def test_loading_twice_from_the_command_line_changes_nothing(cli_db, session, fast_hashing, capsys):
    assert main([]) == 0
    first = row_counts(session)
    session.rollback()
    assert main([]) == 0
    assert row_counts(session) == first
    assert "already loaded" in capsys.readouterr().out


def test_loading_twice_through_the_function_returns_the_same_project(session, project):
    before = row_counts(session)
    session.rollback()  # end the read, so that the load gets its own transaction
    with session.begin():
        again = load_demo(session)
    assert again.id == project.id and row_counts(session) == before


def test_empty_project_has_reference_data_but_no_account_and_no_activity(cli_db, session, fast_hashing):
    """For a real deployment: the first admin comes from `python -m db.accounts create-admin`."""
    assert main(["--empty-project"]) == 0
    assert _count(session, Project) == 1 and _count(session, AppUser) == 0
    assert _count(session, Institution) >= 9
    for activity in (Participant, TrainingGroup, BudgetLine, StakeholderEvent, BusinessPlan):
        assert _count(session, activity) == 0, activity.__name__


def test_if_empty_leaves_a_database_with_another_project_alone(cli_db, session, fast_hashing):
    with session.begin():
        session.add(Project(code="XX.0001", prima_id="X", title="Another", project_type="t", fund="f",
                            region="r", member_state="m", coverage="c", start_date=START, end_date=END,
                            budget_usd=Decimal(1)))
    assert main(["--if-empty"]) == 0
    assert _count(session, Project) == 1 and _count(session, Participant) == 0


def test_the_command_line_hashes_demo_passwords_with_12_bcrypt_rounds(cli_db, session):
    assert main([]) == 0
    hashes = list(session.scalars(select(AppUser.password_hash)))
    assert len(hashes) == 3 and all(h.startswith("$2b$12$") for h in hashes)


def test_scale_rejects_zero(cli_db):
    with pytest.raises(SystemExit):
        main(["--scale", "0"])


def test_scale_two_adds_a_synthetic_copy_of_the_cohorts(session, fast_hashing):
    with session.begin():
        project = load_demo(session, scale=2)
    # A synthetic copy fills each of the 8 cohorts (20+18+20+18+20+16+18+15 = 145 places) with new women,
    # and its entrepreneurship groups take 15 more (13 in TRIE, 2 in CREE Rabat 2015), as the demo's do.
    assert _count(session, Participant) == 135 + 145 + 15
    assert headlines(session, project_id=project.id, as_of=END).women_reached == 135 + 145 + 15


@pytest.fixture
def scaled_3(session, fast_hashing) -> Project:
    with session.begin():
        loaded = load_demo(session, scale=3)
    return loaded


def test_each_synthetic_batch_adds_the_demos_plans_and_events(session, scaled_3):
    assert _count(session, BusinessPlan) == 3 * 18
    assert _count(session, BusinessPlanOwner) == 3 * 20
    assert _count(session, PlanTransition) == 3 * 122
    assert _count(session, StakeholderEvent) == 3 * 13
    assert _count(session, EventParticipation) == 3 * 90
    assert _count(session, ActionPoint) == 3 * 9


def test_synthetic_plan_codes_are_unique_and_owned_by_women_of_their_batch(session, scaled_3):
    codes = list(session.scalars(select(BusinessPlan.code)))
    assert len(set(codes)) == len(codes) == 54
    assert {c[:4] for c in codes} == {"BP-0", "S02-", "S03-"}
    owners = session.execute(select(BusinessPlan.code, Participant.code)
                             .join(BusinessPlanOwner, BusinessPlanOwner.plan_id == BusinessPlan.id)
                             .join(Participant, Participant.id == BusinessPlanOwner.participant_id)).all()
    batch_of = lambda code: code[:4] if code.startswith("S") else ""  # noqa: E731 - "S02-" or the demo's ""
    assert all(batch_of(plan) == batch_of(owner) for plan, owner in owners)


def test_synthetic_events_fall_inside_the_project_period_with_their_action_points(session, scaled_3):
    assert session.scalar(select(func.min(StakeholderEvent.start_date))) >= START
    assert session.scalar(select(func.max(StakeholderEvent.end_date))) <= END
    late = select(func.count()).select_from(ActionPointChange).join(
        ActionPoint, ActionPoint.id == ActionPointChange.action_point_id).join(
        StakeholderEvent, StakeholderEvent.id == ActionPoint.event_id).where(
        ActionPointChange.changed_on < StakeholderEvent.start_date)
    assert session.scalar(late) == 0
    titles = list(session.scalars(select(StakeholderEvent.title).where(
        StakeholderEvent.title.like("%(synthetic 3)"))))
    assert len(titles) == 13


FINGERPRINT_SCRIPT = """
import seed.demo
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from db.models import Base
from tests.test_seed import fingerprint
seed.demo.PASSWORD_ROUNDS = 4
engine = create_engine("sqlite://")
Base.metadata.create_all(engine)
with Session(engine) as s, s.begin():
    seed.demo.load_demo(s)
    print(fingerprint(s))
"""


def test_the_same_seed_gives_the_same_data_whatever_the_hash_seed():
    prints = {subprocess.run([sys.executable, "-c", FINGERPRINT_SCRIPT], cwd=ROOT, check=True, text=True,
                             capture_output=True, env=os.environ | {"PYTHONHASHSEED": str(hash_seed)}).stdout
              for hash_seed in (1, 2)}
    assert len(prints) == 1


def fingerprint(session: Session) -> str:
    """A digest of the data a person would see, independent of row ids."""
    queries = (
        select(Participant.code, Participant.full_name, Participant.nationality, Participant.birth_year,
               Participant.registered_on).order_by(Participant.code),
        select(Expenditure.spent_on, Expenditure.description, Expenditure.amount)
        .order_by(Expenditure.spent_on, Expenditure.description, Expenditure.amount),
        select(Participant.code, FollowUp.contact_date, FollowUp.status)
        .join(Enrolment, Enrolment.id == FollowUp.enrolment_id)
        .join(Participant, Participant.id == Enrolment.participant_id)
        .order_by(Participant.code, FollowUp.contact_date),
        select(BusinessPlan.code, PlanTransition.to_status, PlanTransition.occurred_on)
        .join(BusinessPlan, BusinessPlan.id == PlanTransition.plan_id)
        .order_by(BusinessPlan.code, PlanTransition.occurred_on, PlanTransition.to_status),
        select(func.count()).select_from(Attendance).where(Attendance.present.is_(True)),
    )
    rows = [[tuple(map(str, r)) for r in session.execute(q)] for q in queries]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value
