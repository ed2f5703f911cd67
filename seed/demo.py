"""The ILLUSTRATIVE demo dataset of project FM.0390: the project, reference data, demo users and two and a
half years of activity that add up to the public totals (135 women reached, 41 placed).

Everything is written inside the caller's transaction; the data depends only on `random.Random(390)`."""
from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import attendance_summary, audit, group_outcomes
from db.actor import SEED_ACTOR
from db.models import AppUser, Base, ExchangeRate, Institution, Project
from db.queries.overview import headlines
from db.services.users import hash_password
from seed.budget import add_budget
from seed.committee import add_committee
from seed.context import MAD_PER_USD, PROJECT_END, PROJECT_START, Demo
from seed.enterprise import add_enterprises
from seed.follow_ups import add_follow_ups
from seed.results import add_results_framework
from seed.stakeholders import add_events
from seed.synthetic import add_synthetic_batch
from seed.training import add_training
from seed.wordings import add_french_wordings
from seed.workplan import add_workplan

PROJECT_CODE = "FM.0390"
RANDOM_SEED = 390
PASSWORD_ROUNDS = 12
# The public totals the demo adds up to (press coverage of the closing workshop).
WOMEN_REACHED, WOMEN_PLACED = 135, 41
WOMEN_PLACED_IN_WAGE_JOBS = 29  # plus the 12 owners of launched enterprises

# IOM's organisation identifier: DAC channel code 47066 (IATI activity "XM-DAC-47066-FM.0390").
IOM_ORG_REF = "XM-DAC-47066"
DESCRIPTION_EN = ("Improves the employability and livelihoods of regularized migrants in Morocco, above all women "
                  "with children in Casablanca and Rabat, through market-relevant vocational training, "
                  "entrepreneurship training with start-up support, and capacity building of Moroccan "
                  "governmental and non-governmental actors for their social and economic inclusion.")
DESCRIPTION_FR = ("Améliore l'employabilité et les revenus des migrants régularisés au Maroc, surtout des femmes "
                  "avec enfants à Casablanca et Rabat, par une formation professionnelle adaptée au marché, une "
                  "formation à l'entrepreneuriat avec appui au démarrage, et le renforcement des capacités des "
                  "acteurs marocains, gouvernementaux et non gouvernementaux, pour leur inclusion sociale et "
                  "économique.")

# (username, password, role, name): printed in the README; change them on any real deployment.
DEMO_ACCOUNTS = [
    ("admin", "admin-fm0390", "admin", "Amina Admin"),
    ("coordinator", "coord-fm0390", "coordinator", "Karim Coordinator"),
    ("viewer", "viewer-fm0390", "viewer", "Committee Viewer"),
]

# (name, acronym, type, level, city, implementing partner)
INSTITUTIONS = (
    ("Association L'Heure Joyeuse", "LHJ", "ngo", "local", "Casablanca", True),
    ("Fondation Orient-Occident", "FOO", "ngo", "local", "Rabat", True),
    ("Ministry in charge of Moroccans Living Abroad and Migration Affairs", "MCMREAM", "government", "central",
     "Rabat", False),
    ("Ministry of Solidarity, Women, Family and Social Development", "MSFFDS", "government", "central", "Rabat",
     False),
    ("Office de la Formation Professionnelle et de la Promotion du Travail", "OFPPT", "government", "central",
     "Casablanca", False),
    ("Agence Nationale de Promotion de l'Emploi et des Compétences", "ANAPEC", "government", "central", "Rabat",
     False),
    ("ANAPEC — Casablanca regional agency", "ANAPEC-CAS", "government", "local", "Casablanca", False),
    ("Entraide Nationale", "EN", "government", "central", "Rabat", False),
    ("IOM Morocco", "IOM", "international", "central", "Rabat", False),
    ("Association Amal pour les femmes migrantes", "AMAL", "ngo", "local", "Rabat", False),
    ("Université Mohammed V de Rabat", "UM5", "academia", "central", "Rabat", False),
    ("Confédération Générale des Entreprises du Maroc", "CGEM", "private_sector", "central", "Casablanca",
     False),
)


def find_project(session: Session) -> Project | None:
    """The demo project, when it has already been loaded."""
    return session.scalar(select(Project).where(Project.code == PROJECT_CODE))


def load_demo(session: Session, *, scale: int = 1, empty: bool = False, demo_accounts: bool = True) -> Project:
    """Load the demo into the caller's transaction and return its project; a no-op when FM.0390 exists.

    `empty` writes only the project, institutions, exchange rates and (unless `demo_accounts` is False, as
    for a real deployment) demo users. `scale` N > 1 adds N-1 synthetic batches: the vocational cohorts,
    entrepreneurship groups, business plans and stakeholder events again (for benchmarks; headline totals
    then grow)."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    existing = find_project(session)
    if existing is not None:
        return existing
    project = _project()
    session.add(project)
    session.flush()
    demo = Demo(session, random.Random(RANDOM_SEED), project, institutions=_institutions(session))
    session.add_all(ExchangeRate(project_id=project.id, currency="MAD", year=year, units_per_usd=rate)
                    for year, rate in MAD_PER_USD.items())
    if demo_accounts:
        _add_demo_users(session)
    if not empty:
        _add_activity(demo, scale)
    session.flush()
    attendance_summary.rebuild(session, project.id)
    group_outcomes.rebuild(session)
    audit.record(session, actor=SEED_ACTOR, action="seed", entity="project", entity_id=project.id,
                 scale=scale, empty=empty)
    return project


def _project() -> Project:
    return Project(
        code=PROJECT_CODE, prima_id="MA10P0001",
        title="Vocational Training and Livelihood Opportunities for Regularized Migrants in Morocco",
        project_type="Facilitated Migration Services", fund="IOM Development Fund (IDF)", region="Africa",
        member_state="Morocco", coverage="National",
        target_group="Regularized migrants, above all women with children, living in Casablanca and Rabat",
        start_date=PROJECT_START, end_date=PROJECT_END, budget_usd=Decimal("200000.00"), is_illustrative=True,
        reporting_org_ref=IOM_ORG_REF, reporting_org_name="International Organization for Migration (IOM)",
        title_fr="Formation professionnelle et opportunités de revenus pour les migrants régularisés au Maroc",
        description_en=DESCRIPTION_EN, description_fr=DESCRIPTION_FR)


def _institutions(session: Session) -> dict[str, Institution]:
    """Shared reference data: reuse institutions already there (by name), add the others."""
    known = {i.name: i for i in session.scalars(select(Institution))}
    by_acronym = {}
    for name, acronym, kind, level, city, partner in INSTITUTIONS:
        if name not in known:
            known[name] = Institution(name=name, acronym=acronym, type=kind, level=level, city=city,
                                      is_implementing_partner=partner)
            session.add(known[name])
        by_acronym[acronym] = known[name]
    session.flush()
    return by_acronym


def _add_demo_users(session: Session) -> None:
    """The three demo logins (skipping a username that already exists)."""
    taken = set(session.scalars(select(AppUser.username)))
    session.add_all(AppUser(username=username, name=name, role=role, active=True,
                            password_hash=hash_password(password, rounds=PASSWORD_ROUNDS))
                    for username, password, role, name in DEMO_ACCOUNTS if username not in taken)


def _add_activity(demo: Demo, scale: int) -> None:
    """Training, enterprises, follow-ups, events, budget, results framework, workplan and committee, in
    that order (each builder reads what the earlier ones wrote)."""
    roster = add_training(demo)
    enterprises = add_enterprises(demo, roster)
    final_status = add_follow_ups(demo, roster, self_employed=enterprises.self_employed,
                                  wage_jobs=WOMEN_PLACED_IN_WAGE_JOBS, not_wage=enterprises.pending_owners)
    placed = final_status.get("wage_job", 0) + final_status.get("self_employed", 0)
    if (len(roster.women), placed) != (WOMEN_REACHED, WOMEN_PLACED):
        raise RuntimeError(f"demo data no longer adds up: {len(roster.women)} women, {placed} placed")
    events = add_events(demo)
    lines = add_budget(demo, roster, enterprises, events)
    add_results_framework(demo, enterprises, events)
    add_workplan(demo)
    add_committee(demo)
    add_french_wordings(demo)
    for batch in range(2, scale + 1):
        add_synthetic_batch(demo, lines, batch)


def row_counts(session: Session) -> dict[str, int]:
    """Rows per table, in dependency order."""
    return {table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables}


def summary(session: Session, project: Project, as_of: date = PROJECT_END) -> str:
    """A few lines on what the project reached by `as_of`, from the overview's own queries."""
    h = headlines(session, project_id=project.id, as_of=as_of)
    share = h.spent_usd / project.budget_usd * 100
    return "\n".join([
        f"{project.code} — {project.title} (illustrative demo data), as of {as_of:%d %B %Y}:",
        f"  women reached             {h.women_reached}",
        f"  placed in work            {h.placed_in_work}",
        f"  business plans approved   {h.business_plans_approved}",
        f"  officials trained         {h.officials_trained}",
        f"  spent                     USD {h.spent_usd:,.2f} of {project.budget_usd:,.2f} ({share:.1f} %)",
    ])
