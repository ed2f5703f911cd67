"""The IATI activity file of the demo project: valid against the IATI 2.03 schema, codes from the IATI
codelists, and the same money and results the budget page and the IPTT show on the same day."""
from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone
from decimal import Decimal
from itertools import pairwise

import pytest
from sqlalchemy import select

import exports.iati as iati
from db.audit import data_version
from db.engine import make_engine, session_factory
from db.models import Participant
from db.queries import budget as budget_queries
from db.queries.iptt import iptt, reporting_periods
from db.queries.overview import project_card
from exports.iati import activity_status, activity_xml
from tests.iati_standard import ROOT, codelist, schema_errors

AS_OF_DATES = (date(2015, 6, 30), date(2016, 3, 31), date(2017, 2, 28))
GENERATED = datetime(2017, 3, 1, 8, 0, tzinfo=timezone.utc)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def demo_exports(demo_template):
    """The demo's export at each of the three dates, with the pages' own reads on those dates."""
    engine = make_engine(f"sqlite:///{demo_template}")
    out = {}
    with session_factory(engine)() as session:
        card = project_card(session)
        for as_of in AS_OF_DATES:
            out[as_of] = {
                "xml": activity_xml(session, project_id=card.id, as_of=as_of, generated_at=GENERATED,
                                    illustrative=card.is_illustrative),
                "spent": sum(budget_queries.lines(session, project_id=card.id, as_of=as_of)["spent_usd"], Decimal(0)),
                "iptt": iptt(session, project_id=card.id, as_of=as_of),
                "periods": reporting_periods(session, project_id=card.id),
                "version": data_version(session),
            }
        personal = session.execute(select(Participant.code, Participant.full_name, Participant.phone)).all()
    engine.dispose()
    return out, card, personal


def _activity(xml: bytes) -> ET.Element:
    return ET.fromstring(xml).find("iati-activity")


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_the_demo_export_is_valid_against_the_iati_2_03_schema(demo_exports, as_of):
    exports, _card, _ = demo_exports
    assert schema_errors(exports[as_of]["xml"]) == []


def test_the_activity_is_identified_by_ioms_organisation_identifier_and_the_project_code(demo_exports):
    exports, _card, _ = demo_exports
    activity = _activity(exports[AS_OF_DATES[-1]]["xml"])
    assert activity.findtext("iati-identifier") == "XM-DAC-47066-FM.0390"
    assert activity.find("reporting-org").get("ref") == "XM-DAC-47066"


def test_funding_and_implementing_organisations_are_the_fund_iom_and_the_two_partners(demo_exports):
    exports, _card, _ = demo_exports
    orgs = [(o.get("role"), o.findtext("narrative")) for o in _activity(exports[AS_OF_DATES[-1]]["xml"])
            .findall("participating-org")]
    assert orgs == [("1", "IOM Development Fund (IDF)"), ("4", "International Organization for Migration (IOM)"),
                    ("4", "Association L'Heure Joyeuse"), ("4", "Fondation Orient-Occident")]


def test_title_and_description_are_in_english_and_french(demo_exports):
    exports, _card, _ = demo_exports
    activity = _activity(exports[AS_OF_DATES[-1]]["xml"])
    for element in (activity.find("title"), activity.find("description")):
        assert [n.get(XML_LANG) for n in element.findall("narrative")] == ["en", "fr"]
        assert all(n.text.strip() for n in element.findall("narrative"))


def test_yearly_budgets_add_up_to_the_project_budget(demo_exports):
    exports, card, _ = demo_exports
    for as_of in AS_OF_DATES:
        budgets = _activity(exports[as_of]["xml"]).findall("budget")
        originals = [Decimal(b.findtext("value")) for b in budgets if b.get("type") == iati.BUDGET_TYPE["original"]]
        assert len(originals) == 4  # 2014 (from July), 2015, 2016, 2017 (to February)
        assert sum(originals) == card.budget_usd == Decimal("200000.00")


def test_the_demo_records_no_budget_revision_so_only_original_budgets_are_published(demo_exports):
    exports, _card, _ = demo_exports
    types = {b.get("type") for b in _activity(exports[AS_OF_DATES[-1]]["xml"]).findall("budget")}
    assert types == {iati.BUDGET_TYPE["original"]}


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_transactions_add_up_to_the_budget_pages_spending_on_that_day(demo_exports, as_of):
    exports, _card, _ = demo_exports
    transactions = _activity(exports[as_of]["xml"]).findall("transaction")
    assert transactions, "the demo spends money from the first month"
    assert sum(Decimal(t.findtext("value")) for t in transactions) == exports[as_of]["spent"]
    assert all(date.fromisoformat(t.find("transaction-date").get("iso-date")) <= as_of for t in transactions)


def test_a_transaction_is_described_by_its_budget_line_and_the_rate_used(demo_exports):
    exports, _card, _ = demo_exports
    first = _activity(exports[AS_OF_DATES[0]]["xml"]).find("transaction")
    # The demo's first payment: office running costs of July 2014, MAD 4,052 at 8.41 → USD 481.81.
    assert first.find("transaction-date").get("iso-date") == "2014-07-05"
    assert first.findtext("value") == "481.81"
    assert first.findtext("description/narrative") == (
        "OFFICE — Office and running costs (paid MAD 4,052.00 at 8.41 per USD)")


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_every_indicator_periods_target_and_actual_equal_the_iptt_cells(demo_exports, as_of):
    exports, _card, _ = demo_exports
    published = {}
    for indicator in _activity(exports[as_of]["xml"]).iter("indicator"):
        code = indicator.findtext("title/narrative").split(":")[0]
        for period in indicator.findall("period"):
            totals = [a for a in period.findall("actual") if a.find("dimension") is None]
            target = period.find("target")
            published[(code, date.fromisoformat(period.find("period-start").get("iso-date")))] = (
                Decimal(target.get("value")) if target is not None else None,
                Decimal(totals[0].get("value")) if totals else None)
    expected = {(line.code, start): (cell.target, cell.actual) for line in exports[as_of]["iptt"]
                for start, cell in line.row.periods.items() if cell.target is not None or cell.actual is not None}
    assert published == expected
    assert len(expected) > 20


def test_indicators_say_their_measure_direction_and_baseline(demo_exports):
    exports, _card, _ = demo_exports
    indicators = {i.findtext("title/narrative").split(":")[0]: i
                  for i in _activity(exports[AS_OF_DATES[-1]]["xml"]).iter("indicator")}
    no_income = indicators["1b"]  # % of trained women without income from work: should fall from 85 %
    assert (no_income.get("measure"), no_income.get("ascending")) == ("2", "0")
    assert (no_income.find("baseline").get("year"), no_income.find("baseline").get("value")) == ("2014", "85")
    assert (indicators["1a"].get("measure"), indicators["1a"].get("ascending")) == ("1", "1")


def test_results_follow_the_framework_order_of_the_iptt(demo_exports):
    exports, _card, _ = demo_exports
    results = [(r.get("type"), r.findtext("title/narrative").split(":")[0])
               for r in _activity(exports[AS_OF_DATES[-1]]["xml"]).findall("result")]
    # outcome 1, its outputs 1.1 and 1.2, outcome 2, its output 2.1 (the objective holds no indicator)
    assert results == [("2", "1"), ("1", "1.1"), ("1", "1.2"), ("2", "2"), ("1", "2.1")]


def test_the_events_by_city_are_suppressed_as_the_iptt_hides_them_from_viewers(demo_exports):
    # 2.1b counts events by city: one or two per city and semester, all below 5, so the IPTT shows "<5"
    # to viewers and the export publishes no disaggregated actual at all.
    exports, _card, _ = demo_exports
    lines = {line.code: line for line in exports[AS_OF_DATES[-1]]["iptt"]}
    assert lines["2.1b"].breakdown, "the demo reports events by city"
    assert not list(_activity(exports[AS_OF_DATES[-1]]["xml"]).iter("dimension"))


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_result_and_budget_periods_do_not_overlap_and_lie_inside_the_activity(demo_exports, as_of):
    exports, _card, _ = demo_exports
    activity = _activity(exports[as_of]["xml"])
    dates = {d.get("type"): date.fromisoformat(d.get("iso-date")) for d in activity.findall("activity-date")}
    start, end = dates[iati.ACTIVITY_DATE["planned_start"]], dates[iati.ACTIVITY_DATE["planned_end"]]
    groups = [[p for p in indicator.findall("period")] for indicator in activity.iter("indicator")]
    groups += [[b for b in activity.findall("budget") if b.get("type") == kind] for kind in iati.BUDGET_TYPE.values()]
    for group in groups:
        spans = sorted((date.fromisoformat(p.find("period-start").get("iso-date")),
                        date.fromisoformat(p.find("period-end").get("iso-date"))) for p in group)
        assert all(start <= first <= last <= end for first, last in spans)
        assert all(a_last < b_first for (_, a_last), (b_first, _) in pairwise(spans))
    for budget in activity.findall("budget"):  # IATI: a budget period is at most a year
        first = date.fromisoformat(budget.find("period-start").get("iso-date"))
        last = date.fromisoformat(budget.find("period-end").get("iso-date"))
        assert (last - first).days < 366


def test_activity_status_and_actual_dates_follow_the_as_of_date(demo_exports):
    exports, _card, _ = demo_exports
    during, last_day = _activity(exports[date(2016, 3, 31)]["xml"]), _activity(exports[date(2017, 2, 28)]["xml"])
    assert during.find("activity-status").get("code") == "2"
    assert [d.get("type") for d in during.findall("activity-date")] == ["1", "2", "3"]
    assert last_day.find("activity-status").get("code") == "3"
    assert [d.get("type") for d in last_day.findall("activity-date")] == ["1", "2", "3", "4"]


@pytest.mark.parametrize(("as_of", "status"), [
    (date(2014, 6, 30), "1"),   # the day before the start: pipeline
    (date(2014, 7, 1), "2"),    # first day: implementation
    (date(2017, 2, 27), "2"),
    (date(2017, 2, 28), "3"),   # last day: finalisation (final report due within three months)
    (date(2017, 5, 28), "3"),   # the final report's due date, three months after the end
    (date(2017, 5, 29), "4"),   # then closed
])
def test_activity_status_on_a_date(as_of, status):
    assert activity_status(date(2014, 7, 1), date(2017, 2, 28), as_of) == status


def test_the_file_names_its_as_of_date_and_data_version(demo_exports):
    exports, _card, _ = demo_exports
    for as_of in AS_OF_DATES:
        activity = _activity(exports[as_of]["xml"])
        note = activity.find("description[@type='4']")
        texts = {n.get(XML_LANG): n.text for n in note.findall("narrative")}
        assert f"as of {as_of.isoformat()}; data version {exports[as_of]['version']}." in texts["en"]
        assert f"au {as_of.isoformat()} ; version des données {exports[as_of]['version']}." in texts["fr"]
        assert activity.get("last-updated-datetime")


def test_no_participant_code_name_or_phone_is_in_the_file(demo_exports):
    exports, _card, personal = demo_exports
    words = {value for row in personal for value in row if value}
    assert any(w.startswith("CAS-") for w in words) and len(words) > 135
    for as_of in AS_OF_DATES:
        text = exports[as_of]["xml"].decode("utf-8")
        assert [w for w in words if w in text] == []


# --- codes ----------------------------------------------------------------------------------------------

CONSTANTS = [  # (codelist, codes the module names)
    ("ActivityStatus", iati.ACTIVITY_STATUS.values()),
    ("ActivityDateType", iati.ACTIVITY_DATE.values()),
    ("OrganisationRole", iati.ORGANISATION_ROLE.values()),
    ("OrganisationType", iati.ORGANISATION_TYPE.values()),
    ("TransactionType", [iati.TRANSACTION_EXPENDITURE]),
    ("BudgetType", iati.BUDGET_TYPE.values()),
    ("BudgetStatus", [iati.BUDGET_STATUS_COMMITTED]),
    ("ResultType", iati.RESULT_TYPE.values()),
    ("IndicatorMeasure", iati.INDICATOR_MEASURE.values()),
    ("SectorVocabulary", [iati.SECTOR_VOCABULARY_DAC5]),
    ("Sector", [code for code, _ in iati.SECTORS]),
    ("Country", [iati.RECIPIENT_COUNTRY]),
    ("Currency", [iati.CURRENCY]),
    ("Language", iati.LANGUAGES),
    ("ActivityScope", [iati.ACTIVITY_SCOPE_NATIONAL]),
    ("FlowType", [iati.FLOW_TYPE_ODA]),
    ("FinanceType", [iati.FINANCE_TYPE_GRANT]),
    ("AidType", [iati.AID_TYPE_PROJECT]),
    ("TiedStatus", [iati.TIED_STATUS_UNTIED]),
]

USED = [  # (codelist, element path, attribute) of every coded value in the file
    ("ActivityStatus", "activity-status", "code"), ("ActivityDateType", "activity-date", "type"),
    ("OrganisationRole", "participating-org", "role"), ("OrganisationType", "participating-org", "type"),
    ("OrganisationType", "reporting-org", "type"), ("TransactionType", ".//transaction-type", "code"),
    ("BudgetType", "budget", "type"), ("BudgetStatus", "budget", "status"), ("ResultType", "result", "type"),
    ("IndicatorMeasure", ".//indicator", "measure"), ("SectorVocabulary", "sector", "vocabulary"),
    ("Sector", "sector", "code"), ("Country", "recipient-country", "code"), ("Currency", ".//value", "currency"),
    ("Language", ".//narrative", XML_LANG), ("ActivityScope", "activity-scope", "code"),
    ("FlowType", "default-flow-type", "code"), ("FinanceType", "default-finance-type", "code"),
    ("AidType", "default-aid-type", "code"), ("TiedStatus", "default-tied-status", "code"),
]


@pytest.mark.parametrize(("name", "codes"), CONSTANTS, ids=[name for name, _ in CONSTANTS])
def test_every_code_the_module_names_is_an_active_code_of_its_iati_codelist(name, codes):
    known = codelist(name)
    assert {code: known.get(code) for code in codes} == {code: known.get(code) for code in codes
                                                         if known.get(code) in ("active", "")}
    assert set(codes) <= set(known)


def test_every_coded_value_in_the_file_is_in_its_iati_codelist(demo_exports):
    exports, _card, _ = demo_exports
    activity = _activity(exports[AS_OF_DATES[-1]]["xml"])
    for name, path, attribute in USED:
        used = {e.get(attribute) for e in activity.findall(path) if e.get(attribute) is not None}
        assert used, f"nothing found at {path}"
        assert used <= set(codelist(name)), name
    assert sum(int(s.get("percentage")) for s in activity.findall("sector")) == 100


# --- the command ---------------------------------------------------------------------------------------

def test_the_command_writes_the_file_for_a_date(demo_url, tmp_path):
    out = tmp_path / "fm0390.xml"
    done = subprocess.run([sys.executable, "-m", "exports.iati", "--as-of", "2017-02-28", "--output", str(out)],
                          cwd=ROOT, env=os.environ | {"DATABASE_URL": demo_url}, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert _activity(out.read_bytes()).findtext("iati-identifier") == "XM-DAC-47066-FM.0390"
    assert schema_errors(out.read_bytes()) == []


def test_the_command_refuses_a_date_it_cannot_read(demo_url):
    done = subprocess.run([sys.executable, "-m", "exports.iati", "--as-of", "28/02/2017"], cwd=ROOT,
                          env=os.environ | {"DATABASE_URL": demo_url}, capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "not a date (YYYY-MM-DD)" in done.stderr


# --- on every database ---------------------------------------------------------------------------------

def test_the_demo_export_holds_on_every_database(session, monkeypatch):
    """The demo loaded into this test's database (SQLite, and PostgreSQL when configured): a valid file
    whose budgets and transactions are the budget page's figures on the last day."""
    import seed.demo

    monkeypatch.setattr(seed.demo, "PASSWORD_ROUNDS", 4)
    with session.begin():
        project = seed.demo.load_demo(session)
    as_of = date(2017, 2, 28)
    xml = activity_xml(session, project_id=project.id, as_of=as_of, generated_at=GENERATED)
    activity = _activity(xml)
    spent = sum(budget_queries.lines(session, project_id=project.id, as_of=as_of)["spent_usd"], Decimal(0))
    assert schema_errors(xml) == []
    assert sum(Decimal(b.findtext("value")) for b in activity.findall("budget")) == Decimal("200000.00")
    assert sum(Decimal(t.findtext("value")) for t in activity.findall("transaction")) == spent
