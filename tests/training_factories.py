"""Factories for training groups, participants and enrolments (shared by cohort and entrepreneurship tests)."""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from db.models import Enrolment, Institution, Participant, Project, TrainingGroup
from tests.factories import make_project


def make_partner(session: Session, name: str = "Association L'Heure Joyeuse", city: str = "Casablanca") -> Institution:
    partner = Institution(name=name, acronym=name[:3].upper(), type="ngo", level="local", city=city,
                          is_implementing_partner=True)
    session.add(partner)
    session.flush()
    return partner


def make_group(session: Session, project: Project, provider: Institution, **overrides) -> TrainingGroup:
    fields = dict(kind="vocational", code="VT-CAS-01", name="Sewing — Casablanca 2015", trade="Sewing",
                  provider_id=provider.id, city="Casablanca", planned_start=date(2015, 1, 5),
                  planned_end=date(2015, 3, 27), planned_sessions=10, planned_hours=40, capacity=3,
                  status="open")
    group = TrainingGroup(project_id=project.id, **(fields | overrides))
    session.add(group)
    session.flush()
    return group


def make_participant(session: Session, project: Project, code: str, **overrides) -> Participant:
    fields = dict(sex="F", birth_year=1988, nationality="SN", city="Casablanca", children_count=1,
                  consent_recorded=True, registered_on=date(2014, 12, 1))
    person = Participant(project_id=project.id, code=code, **(fields | overrides))
    session.add(person)
    session.flush()
    return person


def make_enrolment(session: Session, group: TrainingGroup, person: Participant, **overrides) -> Enrolment:
    enrolment = Enrolment(group_id=group.id, participant_id=person.id,
                          **({"enrolled_on": date(2014, 12, 20), "status": "enrolled"} | overrides))
    session.add(enrolment)
    session.flush()
    return enrolment


def cohort_world(session: Session, *, enrolled: int = 2) -> tuple[Project, Institution, TrainingGroup, list[Participant]]:
    """A project, a partner, a cohort of capacity 3 and `enrolled` enrolled women (committed)."""
    project = make_project(session)
    partner = make_partner(session)
    group = make_group(session, project, partner)
    women = [make_participant(session, project, f"CAS-{i:04d}") for i in range(1, enrolled + 1)]
    for woman in women:
        make_enrolment(session, group, woman)
    session.commit()
    return project, partner, group, women
