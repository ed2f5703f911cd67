"""The results framework: objective, outcomes and outputs, their indicators, semi-annual targets,
hand-reported results and one recorded target change."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from db.models import Indicator, IndicatorResult, IndicatorTarget, ResultLevel, StakeholderEvent, TargetChange
from db.queries.overview import OFFICIALS_TRAINED, PLACED, PLANS_APPROVED, WOMEN_REACHED
from seed.context import Demo, semester_of, semesters
from seed.enterprise import Enterprises
from seed.stakeholders import EventSpec

LEVELS = (  # (code, kind, parent code, statement, assumptions)
    ("O", "objective", None,
     "Contribute to the social and economic inclusion of regularized migrants in Morocco",
     "The national migration policy keeps its priority"),
    ("1", "outcome", "O", "Employability and livelihoods of regularized migrant women in Casablanca and Rabat "
     "improved", "Employers are willing to hire regularized migrants"),
    ("2", "outcome", "O", "Moroccan governmental and non-governmental actors better able to include "
     "regularized migrants in their programmes and policies", "Trained staff stay in post"),
    ("1.1", "output", "1", "Regularized migrant women trained in market-relevant trades",
     "Childcare and transport allowances let mothers attend"),
    ("1.2", "output", "1", "Regularized migrant women trained in entrepreneurship and supported to start "
     "micro-enterprises", "Start-up grants are disbursed on time"),
    ("2.1", "output", "2", "Government and NGO actors trained; workshops and policy dialogues held",
     "Ministries nominate the relevant staff"),
)


@dataclass(frozen=True)
class IndicatorSpec:
    level: str
    code: str
    name: str
    unit: str
    lop_target: Decimal
    measure: str | None = None  # computed from records when set, else reported by hand
    measure_type: str = "number"
    cumulative: bool = True
    direction: str = "increase"
    baseline: Decimal = Decimal(0)
    targets: tuple[int, ...] = ()  # one per semester, July 2014 – February 2017
    verification: str = ""
    disaggregations: str = ""


INDICATORS = (
    IndicatorSpec("1", "1a", "Number of migrant women placed in a job or in self-employment", "women",
                  Decimal(45), PLACED, targets=(0, 8, 18, 28, 38, 45),
                  verification="Follow-up calls 3 and 6 months after training", disaggregations="city, sector"),
    IndicatorSpec("1", "1b", "% of trained women without income from work 6 months after training", "%",
                  Decimal(60), measure_type="percentage", cumulative=False, direction="decrease",
                  baseline=Decimal(85), verification="Follow-up phone survey"),
    IndicatorSpec("2", "2a", "% of trained officials reporting improved knowledge", "%", Decimal(70),
                  measure_type="percentage", cumulative=False, baseline=Decimal(0),
                  verification="Pre- and post-test sheets, evaluation forms"),
    IndicatorSpec("2", "2b", "Number of institutions adopting a measure to include regularized migrants",
                  "institutions", Decimal(3), verification="Circulars, notes, strategy documents"),
    IndicatorSpec("1.1", "1.1a", "Number of migrant women reached by training (cumulative)", "women",
                  Decimal(150), WOMEN_REACHED, targets=(20, 50, 80, 110, 140, 150),
                  verification="Enrolment lists and attendance sheets",
                  disaggregations="city, nationality, age band"),
    IndicatorSpec("1.2", "1.2a", "Number of business plans approved", "plans", Decimal(15), PLANS_APPROVED,
                  targets=(0, 5, 10, 12, 14, 15), verification="Review panel minutes"),
    IndicatorSpec("1.2", "1.2b", "Number of enterprises operating 6 months after launch", "enterprises",
                  Decimal(8), verification="Mentoring visit reports"),
    IndicatorSpec("2.1", "2.1a", "Number of government and NGO staff trained", "people", Decimal(120),
                  OFFICIALS_TRAINED, targets=(15, 35, 55, 80, 100, 120),
                  verification="Attendance sheets of trainings, workshops and study visits",
                  disaggregations="sex, institution type, level"),
    IndicatorSpec("2.1", "2.1b", "Number of trainings, workshops, policy dialogues and study visits held",
                  "events", Decimal(8), cumulative=False, targets=(1, 2, 1, 2, 1, 1),
                  verification="Event reports", disaggregations="city"),
)
KNOWLEDGE_RESULTS = {date(2014, 7, 1): 62, date(2015, 1, 1): 68, date(2016, 1, 1): 74, date(2016, 7, 1): 77}
NO_INCOME_RESULTS = {date(2015, 7, 1): 72, date(2016, 7, 1): 63}
MEASURES_ADOPTED = {date(2015, 7, 1): (1, "ANAPEC circular: regularized migrants register as jobseekers"),
                    date(2016, 1, 1): (1, "Entraide Nationale centres open to migrant women"),
                    date(2017, 1, 1): (1, "Migrants' desk at the ANAPEC Casablanca agency")}
CAPACITY_EVENTS = ("training", "workshop", "policy_dialogue", "study_visit")
REPORTER = "coordinator"


def add_results_framework(demo: Demo, enterprises: Enterprises,
                          events: Sequence[tuple[StakeholderEvent, EventSpec]]) -> None:
    """Levels, indicators with their targets, the reported results, and the target change of 2015."""
    levels: dict[str, ResultLevel] = {}
    for code, kind, parent, statement, assumptions in LEVELS:  # parents come first
        levels[code] = ResultLevel(project_id=demo.project.id, kind=kind, code=code, statement=statement,
                                   assumptions=assumptions, parent_id=levels[parent].id if parent else None)
        demo.session.add(levels[code])
        demo.session.flush()
    indicators = {spec.code: _indicator(levels[spec.level], spec) for spec in INDICATORS}
    demo.session.add_all(indicators.values())
    demo.session.flush()
    periods = semesters()
    for spec in (s for s in INDICATORS if s.targets):
        demo.session.add_all(IndicatorTarget(indicator_id=indicators[spec.code].id, period_start=start,
                                             period_end=end, target=Decimal(target))
                             for (start, end), target in zip(periods, spec.targets, strict=True))
    reported = {
        "1b": {start: (Decimal(v), "") for start, v in NO_INCOME_RESULTS.items()},
        "2a": {start: (Decimal(v), "") for start, v in KNOWLEDGE_RESULTS.items()},
        "2b": {start: (Decimal(n), note) for start, (n, note) in MEASURES_ADOPTED.items()},
        "1.2b": {start: (Decimal(n), "") for start, n in Counter(
            semester_of(d)[0] for d in enterprises.operating_6m_on).items()},
    }
    for code, values in reported.items():
        demo.session.add_all(_result(indicators[code], start, value, note)
                             for start, (value, note) in values.items())
    demo.session.add_all(_events_held(indicators["2.1b"], [spec for _, spec in events]))
    demo.session.add(TargetChange(indicator_id=indicators["2.1a"].id, field="lop_target", old_value="100",
                                  new_value="120", changed_by="admin",
                                  reason="Budget revision of September 2015 added a training of trainers for "
                                         "Entraide Nationale and NGO staff"))


def _indicator(level: ResultLevel, spec: IndicatorSpec) -> Indicator:
    return Indicator(level_id=level.id, code=spec.code, name=spec.name, unit=spec.unit,
                     measure_type=spec.measure_type, cumulative=spec.cumulative, direction=spec.direction,
                     baseline=spec.baseline, lop_target=spec.lop_target,
                     frequency="semi_annual" if spec.targets or spec.measure_type == "percentage" else "lop",
                     means_of_verification=spec.verification, source="computed" if spec.measure else "reported",
                     computed_measure=spec.measure, disaggregations=spec.disaggregations)


def _result(indicator: Indicator, start: date, value: Decimal, note: str = "", dimension: str = "total",
            category: str = "") -> IndicatorResult:
    _, end = semester_of(start)
    return IndicatorResult(indicator_id=indicator.id, period_start=start, period_end=end, dimension=dimension,
                           category=category, value=value, note=note, reported_by=REPORTER,
                           evidence_ref=f"Semester report {start:%Y-%m}")


def _events_held(indicator: Indicator, specs: Sequence[EventSpec]) -> list[IndicatorResult]:
    """Capacity-building events per semester, in total and by city (the cities add up to the total)."""
    by_period: dict[date, Counter] = {}
    for spec in specs:
        if spec.event_type in CAPACITY_EVENTS:
            by_period.setdefault(semester_of(spec.start)[0], Counter())[spec.city] += 1
    rows = []
    for start, cities in sorted(by_period.items()):
        rows.append(_result(indicator, start, Decimal(sum(cities.values()))))
        rows += [_result(indicator, start, Decimal(n), dimension="city", category=city)
                 for city, n in sorted(cities.items())]
    return rows
