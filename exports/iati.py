"""The project as an IATI 2.03 activity file (`iati-activities`, one `iati-activity`), built from the records
for any as-of date: identity and organisations, status and dates, country and sectors, yearly budgets
(original, and revised where a revision changed a year), expenditures as transactions in USD, and the
results framework with the IPTT's own numbers (small disaggregated counts suppressed as for viewers).

Public data, for every role. Command: `python -m exports.iati --as-of 2017-02-28 > fm0390.xml`.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from calendar import monthrange
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timezone
from decimal import Decimal

from sqlalchemy.orm import Session

from db.audit import data_version
from db.queries import budget as budget_queries
from db.queries.publishing import Publisher, current_plans, last_update, plan_revisions, publisher
from db.queries.iptt import IpttLine, iptt, reporting_periods
from domain.budget_revisions import budget_years, last_revision_on, original_plan, plan_on, yearly_totals
from domain.iptt import Period
from exports.disclosure import breakdown_cells

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGES = ("en", "fr")  # Language codelist

# Every code below comes from the IATI codelist named beside it (tests check them against the copies in
# ../shared/standards/iati-2.03/codelists).
ACTIVITY_STATUS = {"pipeline": "1", "implementation": "2", "finalisation": "3", "closed": "4"}  # ActivityStatus
ACTIVITY_DATE = {"planned_start": "1", "actual_start": "2", "planned_end": "3", "actual_end": "4"}  # ActivityDateType
ORGANISATION_ROLE = {"funding": "1", "implementing": "4"}  # OrganisationRole
# OrganisationType, by institution type (domain word) and for IOM itself (an intergovernmental organisation).
ORGANISATION_TYPE = {"government": "10", "ngo": "22", "international": "40", "private_sector": "70",
                     "academia": "80", "multilateral": "40"}
ACTIVITY_SCOPE_NATIONAL = "4"  # ActivityScope
RECIPIENT_COUNTRY = "MA"  # Country
SECTOR_VOCABULARY_DAC5 = "1"  # SectorVocabulary: OECD DAC CRS purpose codes (5 digit)
# Sector (DAC 5 digit), with the share of the activity: the three components weighed roughly by budget.
SECTORS = (("11330", 50),   # vocational training (component 1)
           ("25030", 30),   # business development services (component 2: micro-enterprise support)
           ("15190", 20))   # facilitation of orderly, safe, regular migration (component 3: policy actors)
FLOW_TYPE_ODA = "10"  # FlowType
FINANCE_TYPE_GRANT = "110"  # FinanceType
AID_TYPE_PROJECT = "C01"  # AidType
TIED_STATUS_UNTIED = "5"  # TiedStatus
CURRENCY = "USD"  # Currency
BUDGET_TYPE = {"original": "1", "revised": "2"}  # BudgetType
BUDGET_STATUS_COMMITTED = "2"  # BudgetStatus
TRANSACTION_EXPENDITURE = "4"  # TransactionType
RESULT_TYPE = {"output": "1", "outcome": "2", "objective": "3"}  # ResultType (an objective is an impact)
INDICATOR_MEASURE = {"number": "1", "percentage": "2"}  # IndicatorMeasure: unit or percentage
# DescriptionType (not among the offline codelists): general, objectives, other.
DESCRIPTION_TYPE = {"general": "1", "objectives": "2", "other": "4"}
# A project stays in finalisation (final report due) for three months after its end, then it is closed.
FINALISATION_MONTHS = 3

NOTE = {
    "en": "Figures as of {as_of}; data version {version}. Disaggregated counts of people from 1 to 4 are "
          "not published (small-count suppression). Illustrative demo data: {illustrative}.",
    "fr": "Chiffres au {as_of} ; version des données {version}. Les effectifs ventilés de 1 à 4 personnes "
          "ne sont pas publiés (secret statistique). Données de démonstration fictives : {illustrative}.",
}
YES_NO = {"en": ("yes", "no"), "fr": ("oui", "non")}


def activity_status(start: date, end: date, as_of: date) -> str:
    """The IATI status on `as_of`: pipeline before the start, implementation until the end, finalisation from
    the end day while the final report is due, closed after that."""
    if as_of < start:
        return ACTIVITY_STATUS["pipeline"]
    if as_of < end:
        return ACTIVITY_STATUS["implementation"]
    month = end.month - 1 + FINALISATION_MONTHS
    year, month = end.year + month // 12, month % 12 + 1
    report_due = date(year, month, min(end.day, monthrange(year, month)[1]))
    return ACTIVITY_STATUS["finalisation"] if as_of <= report_due else ACTIVITY_STATUS["closed"]


def activity_xml(session: Session, *, project_id: int, as_of: date, generated_at: datetime | None = None,
                 illustrative: bool = False) -> bytes:
    """The IATI 2.03 activity file of the project as it stood on `as_of` (UTF-8 bytes)."""
    pub = publisher(session, project_id=project_id)
    if not pub.reporting_org_ref:
        raise ValueError("The project has no reporting organisation identifier (project.reporting_org_ref).")
    root = ET.Element("iati-activities", {
        "version": IATI_VERSION,
        "generated-datetime": _datetime(generated_at or datetime.now(timezone.utc))})
    updated = last_update(session)
    activity = ET.SubElement(root, "iati-activity", {
        XML_LANG: "en", "default-currency": CURRENCY, "hierarchy": "1",
        **({"last-updated-datetime": _datetime(updated)} if updated else {})})
    _identity(activity, pub, as_of, data_version(session), illustrative)
    _classifications(activity)
    _budgets(activity, session, pub, as_of)
    _transactions(activity, session, pub, as_of)
    _results(activity, iptt(session, project_id=project_id, as_of=as_of),
             reporting_periods(session, project_id=project_id), pub.start_date.year)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _identity(activity: ET.Element, pub: Publisher, as_of: date, version: int, illustrative: bool) -> None:
    _text(activity, "iati-identifier", f"{pub.reporting_org_ref}-{pub.code}")
    reporting = ET.SubElement(activity, "reporting-org", {"ref": pub.reporting_org_ref,
                                                          "type": ORGANISATION_TYPE["multilateral"]})
    _narratives(reporting, {"en": pub.reporting_org_name})
    _narratives(ET.SubElement(activity, "title"), {"en": pub.title, "fr": pub.title_fr})
    _narratives(ET.SubElement(activity, "description", {"type": DESCRIPTION_TYPE["general"]}),
                {"en": pub.description_en, "fr": pub.description_fr})
    _narratives(ET.SubElement(activity, "description", {"type": DESCRIPTION_TYPE["other"]}), {
        lang: NOTE[lang].format(as_of=as_of.isoformat(), version=version,
                                illustrative=YES_NO[lang][0 if illustrative else 1]) for lang in LANGUAGES})
    funding = ET.SubElement(activity, "participating-org", {
        "ref": pub.reporting_org_ref, "role": ORGANISATION_ROLE["funding"], "type": ORGANISATION_TYPE["multilateral"]})
    _narratives(funding, {"en": pub.fund})
    implementing = ET.SubElement(activity, "participating-org", {
        "ref": pub.reporting_org_ref, "role": ORGANISATION_ROLE["implementing"],
        "type": ORGANISATION_TYPE["multilateral"]})
    _narratives(implementing, {"en": pub.reporting_org_name})
    for name, kind in pub.partners:
        partner = ET.SubElement(activity, "participating-org", {
            "role": ORGANISATION_ROLE["implementing"], "type": ORGANISATION_TYPE[kind]})
        _narratives(partner, {"en": name})
    ET.SubElement(activity, "activity-status", {"code": activity_status(pub.start_date, pub.end_date, as_of)})
    dates = [("planned_start", pub.start_date), ("actual_start", pub.start_date if as_of >= pub.start_date else None),
             ("planned_end", pub.end_date), ("actual_end", pub.end_date if as_of >= pub.end_date else None)]
    for kind, day in dates:
        if day is not None:
            ET.SubElement(activity, "activity-date", {"type": ACTIVITY_DATE[kind], "iso-date": day.isoformat()})


def _classifications(activity: ET.Element) -> None:
    ET.SubElement(activity, "activity-scope", {"code": ACTIVITY_SCOPE_NATIONAL})
    ET.SubElement(activity, "recipient-country", {"code": RECIPIENT_COUNTRY, "percentage": "100"})
    for code, share in SECTORS:
        ET.SubElement(activity, "sector", {"vocabulary": SECTOR_VOCABULARY_DAC5, "code": code,
                                           "percentage": str(share)})
    ET.SubElement(activity, "default-flow-type", {"code": FLOW_TYPE_ODA})
    ET.SubElement(activity, "default-finance-type", {"code": FINANCE_TYPE_GRANT})
    ET.SubElement(activity, "default-aid-type", {"code": AID_TYPE_PROJECT})
    ET.SubElement(activity, "default-tied-status", {"code": TIED_STATUS_UNTIED})


def _budgets(activity: ET.Element, session: Session, pub: Publisher, as_of: date) -> None:
    """One original budget per project year; a revised one beside it where the plan in force on `as_of`
    gives that year another total (dated the day of the latest revision)."""
    plans = current_plans(session, project_id=pub.project_id)
    revisions = plan_revisions(session, project_id=pub.project_id)
    years = budget_years(pub.start_date, pub.end_date)
    original = yearly_totals([original_plan(plans[line], revisions.get(line, [])) for line in plans], years)
    in_force = yearly_totals([plan_on(plans[line], revisions.get(line, []), as_of) for line in plans], years)
    revised_on = max((d for d in (last_revision_on(revisions.get(line, []), as_of) for line in plans) if d),
                     default=None)
    for (first, last), before, after in zip(years, original, in_force, strict=True):
        _budget(activity, "original", first, last, before, first)
        if after != before:
            _budget(activity, "revised", first, last, after, revised_on)


def _budget(activity: ET.Element, kind: str, first: date, last: date, amount: Decimal, value_date: date) -> None:
    budget = ET.SubElement(activity, "budget", {"type": BUDGET_TYPE[kind], "status": BUDGET_STATUS_COMMITTED})
    ET.SubElement(budget, "period-start", {"iso-date": first.isoformat()})
    ET.SubElement(budget, "period-end", {"iso-date": last.isoformat()})
    _text(budget, "value", _money(amount), {"currency": CURRENCY, "value-date": value_date.isoformat()})


def _transactions(activity: ET.Element, session: Session, pub: Publisher, as_of: date) -> None:
    """Every expenditure up to `as_of`, oldest first, in USD at the rate used; described by its budget line
    (never by its free text, which may name a business plan)."""
    names = dict(zip(*(budget_queries.lines(session, project_id=pub.project_id, as_of=as_of)[c]
                       for c in ("code", "name")), strict=True))
    spent = budget_queries.recent_expenditures(session, project_id=pub.project_id, as_of=as_of, limit=None)
    for row in reversed(list(spent.itertuples())):
        transaction = ET.SubElement(activity, "transaction")
        ET.SubElement(transaction, "transaction-type", {"code": TRANSACTION_EXPENDITURE})
        ET.SubElement(transaction, "transaction-date", {"iso-date": row.spent_on.isoformat()})
        _text(transaction, "value", _money(Decimal(str(row.amount_usd))),
              {"currency": CURRENCY, "value-date": row.spent_on.isoformat()})
        _narratives(ET.SubElement(transaction, "description"),
                    {"en": f"{row.line} — {names[row.line]}{_paid_in(row)}"})


def _paid_in(row) -> str:
    """How a payment in another currency was converted ('' for USD)."""
    if row.currency == CURRENCY:
        return ""
    return f" (paid {row.currency} {Decimal(str(row.amount)):,.2f} at {_number(Decimal(str(row.rate)))} per USD)"


def _results(activity: ET.Element, lines: Sequence[IpttLine], periods: Sequence[Period], baseline_year: int) -> None:
    """One result per level holding indicators, in framework order; each indicator with the IPTT's cells."""
    by_level: dict[str, list[IpttLine]] = {}
    for line in lines:
        by_level.setdefault(line.level_code, []).append(line)
    for level_lines in by_level.values():
        first = level_lines[0]
        result = ET.SubElement(activity, "result", {"type": RESULT_TYPE[first.level_kind]})
        _narratives(ET.SubElement(result, "title"), {"en": f"{first.level_code}: {first.level_statement}"})
        for line in level_lines:
            _indicator(result, line, periods, baseline_year)


def _indicator(result: ET.Element, line: IpttLine, periods: Sequence[Period], baseline_year: int) -> None:
    indicator = ET.SubElement(result, "indicator", {
        "measure": INDICATOR_MEASURE[line.measure_type], "ascending": "1" if line.direction == "increase" else "0"})
    _narratives(ET.SubElement(indicator, "title"), {"en": f"{line.code}: {line.name}"})
    cumulative = "cumulative" if line.cumulative else "not cumulative"
    _narratives(ET.SubElement(indicator, "description"), {"en": f"Unit: {line.unit}; {cumulative}."})
    ET.SubElement(indicator, "baseline", {"year": str(baseline_year), "value": _number(line.baseline)})
    cells = breakdown_cells(line, periods)  # small counts suppressed as for viewers: those are left out
    for period in periods:
        cell = line.row.periods.get(period.start)
        if cell is None or (cell.target is None and cell.actual is None):
            continue
        element = ET.SubElement(indicator, "period")
        ET.SubElement(element, "period-start", {"iso-date": period.start.isoformat()})
        ET.SubElement(element, "period-end", {"iso-date": period.end.isoformat()})
        if cell.target is not None:
            ET.SubElement(element, "target", {"value": _number(cell.target)})
        if cell.actual is not None:
            ET.SubElement(element, "actual", {"value": _number(cell.actual)})
        for (dimension, category), value in sorted(cells.get(period.start, {}).items()):
            if not isinstance(value, Decimal):
                continue
            actual = ET.SubElement(element, "actual", {"value": _number(value)})
            ET.SubElement(actual, "dimension", {"name": dimension, "value": category})


def _narratives(parent: ET.Element, texts: Mapping[str, str]) -> None:
    for lang, text in texts.items():
        if text:
            _text(parent, "narrative", text, {XML_LANG: lang})


def _text(parent: ET.Element, tag: str, text: str, attributes: Mapping[str, str] | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag, dict(attributes or {}))
    element.text = text
    return element


def _number(value: Decimal) -> str:
    """A decimal without trailing zeros or exponent: 45.0000 → '45', 62.50 → '62.5'."""
    text = format(Decimal(value).normalize(), "f")
    return text


def _money(value: Decimal) -> str:
    return f"{Decimal(value).quantize(Decimal('0.01'))}"


def _datetime(moment: datetime) -> str:
    """xsd:dateTime in UTC (a stored time without zone is UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


if __name__ == "__main__":
    import sys

    from exports.cli import run

    sys.exit(run("iati", "The IATI 2.03 activity file of the project as of a date, on standard output.",
        lambda session, project_id, as_of, illustrative: activity_xml(
            session, project_id=project_id, as_of=as_of, illustrative=illustrative)))
