"""A project built by hand (two indicators, one decreasing; one budget revision) exported to IATI and
compared, element by element, with an activity file written by hand (tests/data/iati_handbuilt_expected.xml)."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import select

from db.engine import session_factory
from db.models import (
    AuditEntry, BudgetLine, Indicator, IndicatorResult, IndicatorTarget, Institution, PlannedAmount, ResultLevel,
)
from db.services.budget import record_expenditure, set_planned_amounts
from domain.budget_inputs import ExpenditureInput, PlannedAmountsInput
from domain.inputs import parse
from exports.iati import activity_xml
from tests.factories import ADMIN_ACTOR, COORDINATOR_ACTOR, make_project
from tests.iati_standard import schema_errors

EXPECTED = Path(__file__).resolve().parent / "data" / "iati_handbuilt_expected.xml"
AS_OF = date(2016, 6, 30)
GENERATED = datetime(2016, 7, 1, 8, 0, tzinfo=timezone.utc)
H1_2015, H2_2015, H1_2016 = ((date(2015, 1, 1), date(2015, 6, 30)), (date(2015, 7, 1), date(2015, 12, 31)),
                             (date(2016, 1, 1), date(2016, 6, 30)))
# When each audited write was made (the revision's date is the revised budget's value date).
MADE_AT = (datetime(2015, 4, 1, 9, 0, tzinfo=timezone.utc), datetime(2015, 5, 11, 9, 0, tzinfo=timezone.utc),
           datetime(2015, 9, 30, 10, 0, tzinfo=timezone.utc))


def _write(engine, fn, **kwargs):
    with session_factory(engine)() as s, s.begin():
        return fn(s, **kwargs)


@pytest.fixture
def handbuilt(engine, session) -> int:
    project = make_project(session, code="FM.0999", title="Hand-built project", fund="IOM Development Fund",
                           start_date=H1_2015[0], end_date=H1_2016[1], budget_usd=D("10000"),
                           reporting_org_ref="XM-DAC-47066", reporting_org_name="IOM",
                           title_fr="Projet construit à la main", description_en="A small project.",
                           description_fr="Un petit projet.")
    session.add_all([Institution(name="Partner NGO", type="ngo", level="local", is_implementing_partner=True),
                     Institution(name="A ministry", type="government", level="central")])
    staff = BudgetLine(project_id=project.id, code="STAFF", name="Staff", category="staff", amount_usd=D(2000))
    train = BudgetLine(project_id=project.id, code="TRAIN", name="Training", category="operational",
                       amount_usd=D(8000))
    session.add_all([staff, train])
    session.flush()
    session.add_all(PlannedAmount(line_id=line.id, quarter_start=q, amount_usd=D(v)) for line, q, v in (
        (staff, date(2015, 1, 1), 1000), (staff, date(2016, 1, 1), 1000),
        (train, date(2015, 1, 1), 3000), (train, date(2015, 7, 1), 3000), (train, date(2016, 1, 1), 2000)))
    objective = ResultLevel(project_id=project.id, kind="objective", code="O", statement="Inclusion")
    session.add(objective)
    session.flush()
    outcome = ResultLevel(project_id=project.id, parent_id=objective.id, kind="outcome", code="1",
                          statement="Trained women live from their work")
    session.add(outcome)
    session.flush()
    output = ResultLevel(project_id=project.id, parent_id=outcome.id, kind="output", code="1.1",
                         statement="Women trained in a trade")
    session.add(output)
    session.flush()
    no_income = Indicator(level_id=outcome.id, code="1a", name="% of trained women without income from work",
                          unit="%", measure_type="percentage", cumulative=False, direction="decrease",
                          baseline=D(80), lop_target=D(60), frequency="semi_annual")
    trained = Indicator(level_id=output.id, code="1.1a", name="Number of women trained", unit="women",
                        cumulative=True, baseline=D(0), lop_target=D(30), frequency="semi_annual",
                        disaggregations="sex")
    session.add_all([no_income, trained])
    session.flush()
    session.add_all(IndicatorTarget(indicator_id=i.id, period_start=p[0], period_end=p[1], target=D(v))
                    for i, p, v in ((no_income, H1_2015, 70), (no_income, H2_2015, 60),
                                    (trained, H1_2015, 10), (trained, H2_2015, 20), (trained, H1_2016, 30)))
    results = [(no_income, H1_2015, "total", "", 75), (no_income, H2_2015, "total", "", 62),
               (no_income, H1_2016, "total", "", 55),
               (trained, H1_2015, "total", "", 11), (trained, H1_2015, "sex", "F", 6),
               (trained, H1_2015, "sex", "M", 5),
               (trained, H2_2015, "total", "", 9), (trained, H2_2015, "sex", "F", 7),
               (trained, H2_2015, "sex", "M", 2),
               (trained, H1_2016, "total", "", 8)]
    session.add_all(IndicatorResult(indicator_id=i.id, period_start=p[0], period_end=p[1], dimension=dim,
                                    category=cat, value=D(v), reported_by="coord") for i, p, dim, cat, v in results)
    session.commit()
    _write(engine, record_expenditure, actor=COORDINATOR_ACTOR, given=parse(
        ExpenditureInput, line_id=staff.id, spent_on=date(2015, 3, 31), description="Salary March 2015",
        amount="1000", currency="USD"))
    _write(engine, record_expenditure, actor=COORDINATOR_ACTOR, given=parse(
        ExpenditureInput, line_id=train.id, spent_on=date(2015, 5, 10), description="Trainer fees", amount="9760",
        currency="MAD", mad_per_usd="9.76"))
    # The budget revision: 1,000 of TRAIN's second half of 2015 moves to 2016.
    _write(engine, set_planned_amounts, actor=ADMIN_ACTOR, given=parse(
        PlannedAmountsInput, line_id=train.id,
        amounts={date(2015, 1, 1): "3000", date(2015, 7, 1): "2000", date(2016, 1, 1): "3000"}))
    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert len(entries) == len(MADE_AT)
    for entry, at in zip(entries, MADE_AT, strict=True):
        entry.at = at
    session.commit()
    return project.id


def _canonical(xml: bytes | str) -> str:
    return ET.canonicalize(xml_data=xml, strip_text=True, with_comments=False)


def test_the_export_matches_the_activity_file_written_by_hand(session, handbuilt):
    exported = activity_xml(session, project_id=handbuilt, as_of=AS_OF, generated_at=GENERATED)
    assert _canonical(exported) == _canonical(EXPECTED.read_bytes())


def test_the_file_written_by_hand_is_itself_valid_iati(handbuilt):
    assert schema_errors(EXPECTED.read_bytes()) == []


def test_before_the_revision_only_the_original_budgets_are_published(session, handbuilt):
    exported = ET.fromstring(activity_xml(session, project_id=handbuilt, as_of=date(2015, 9, 29),
                                          generated_at=GENERATED))
    budgets = [(b.get("type"), b.findtext("value")) for b in exported.iter("budget")]
    assert budgets == [("1", "7000.00"), ("1", "3000.00")]


def test_a_project_without_a_reporting_organisation_identifier_is_refused(session, handbuilt):
    from db.models import Project

    session.get(Project, handbuilt).reporting_org_ref = ""
    session.flush()
    with pytest.raises(ValueError, match="reporting organisation identifier"):
        activity_xml(session, project_id=handbuilt, as_of=AS_OF)
