"""The open-data package of the demo: aggregated CSV tables described by datapackage.json, the same figures
the pages show, no personal data, small counts suppressed, no cell a spreadsheet would run as a formula."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation

import pytest
from sqlalchemy import select

from db.audit import data_version
from db.engine import make_engine, session_factory
from db.models import BudgetLine, Indicator, PlannedAmount, Participant, ResultLevel
from db.queries import budget as budget_queries
from db.queries.iptt import iptt
from db.queries.overview import project_card
from exports.open_data import package
from tests.factories import make_project

AS_OF = date(2016, 3, 31)
GENERATED = datetime(2016, 4, 1, 8, 0, tzinfo=timezone.utc)
TABLES = ("iptt", "budget_by_line_and_quarter", "training_funnel_by_cohort", "enterprise_pipeline",
          "capacity_building_by_institution_type")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _read(zip_bytes: bytes) -> tuple[dict, dict[str, list[dict]], dict[str, str]]:
    """The descriptor, each table's rows (by its path) and each file's text."""
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
        texts = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    descriptor = json.loads(texts["datapackage.json"])
    tables = {r["name"]: list(csv.DictReader(io.StringIO(texts[r["path"]]))) for r in descriptor["resources"]}
    return descriptor, tables, texts


@pytest.fixture(scope="module")
def demo_package(demo_template):
    engine = make_engine(f"sqlite:///{demo_template}")
    with session_factory(engine)() as session:
        card = project_card(session)
        out = {
            "zip": package(session, project_id=card.id, as_of=AS_OF, illustrative=True, generated_at=GENERATED),
            "iptt": iptt(session, project_id=card.id, as_of=AS_OF),
            "spent": sum(budget_queries.lines(session, project_id=card.id, as_of=AS_OF)["spent_usd"], Decimal(0)),
            "version": data_version(session),
            "personal": session.execute(select(Participant.code, Participant.full_name, Participant.phone)).all(),
        }
    engine.dispose()
    return out


def test_the_package_holds_one_csv_per_table_and_the_descriptor(demo_package):
    descriptor, _tables, texts = _read(demo_package["zip"])
    assert sorted(texts) == sorted([f"{t}.csv" for t in TABLES] + ["datapackage.json"])
    assert [r["name"] for r in descriptor["resources"]] == list(TABLES)
    assert descriptor["profile"] == "tabular-data-package"


def test_the_descriptor_carries_the_as_of_date_and_the_data_version(demo_package):
    descriptor, _tables, _texts = _read(demo_package["zip"])
    assert descriptor["as_of"] == "2016-03-31"
    assert descriptor["data_version"] == demo_package["version"] > 0
    assert descriptor["illustrative"] is True


def _valid(value: str, kind: str) -> bool:
    try:
        if kind == "integer":
            int(value)
        elif kind == "number":
            Decimal(value)
        elif kind == "date":
            date.fromisoformat(value)
        elif kind == "boolean":
            return value in ("true", "false")
        return True
    except (ValueError, InvalidOperation):
        return False


def test_every_column_is_named_and_typed_in_the_descriptor_and_every_cell_fits_its_type(demo_package):
    descriptor, tables, texts = _read(demo_package["zip"])
    for resource in descriptor["resources"]:
        fields = resource["schema"]["fields"]
        missing = resource["schema"]["missingValues"]
        header = next(csv.reader(io.StringIO(texts[resource["path"]])))
        assert header == [f["name"] for f in fields]
        assert all(f["type"] in ("string", "integer", "number", "date", "boolean") and f["description"] for f in fields)
        rows = tables[resource["name"]]
        assert rows, resource["name"]
        bad = [(resource["name"], f["name"], row[f["name"]]) for row in rows for f in fields
               if row[f["name"]] not in missing and not _valid(row[f["name"]], f["type"])]
        assert bad == []


def test_the_iptt_table_shows_the_iptt_cells(demo_package):
    _descriptor, tables, _texts = _read(demo_package["zip"])
    published = {(r["indicator_code"], r["period_start"]): (r["target"], r["actual"])
                 for r in tables["iptt"] if r["dimension"] == "total"}
    expected = {}
    for line in demo_package["iptt"]:
        expected[(line.code, "")] = (line.row.lop.target, line.row.lop.actual)
        expected |= {(line.code, start.isoformat()): (cell.target, cell.actual)
                     for start, cell in line.row.periods.items() if cell.target is not None or cell.actual is not None}
    as_numbers = {k: tuple(None if v == "" else Decimal(v) for v in pair) for k, pair in published.items()}
    assert as_numbers == expected


def test_the_budget_table_plans_the_whole_budget_and_spends_what_the_budget_page_shows(demo_package):
    _descriptor, tables, _texts = _read(demo_package["zip"])
    rows = tables["budget_by_line_and_quarter"]
    assert sum(Decimal(r["planned_usd"]) for r in rows) == Decimal("200000")
    assert sum(Decimal(r["spent_usd"]) for r in rows) == demo_package["spent"]
    assert {date.fromisoformat(r["quarter_start"]).month for r in rows} <= {1, 4, 7, 10}


def test_counts_of_people_by_sex_from_one_to_four_never_appear(demo_package):
    _descriptor, tables, _texts = _read(demo_package["zip"])
    cells = [row["attendances"] for row in tables["capacity_building_by_institution_type"]]
    assert "<5" in cells, "the demo has small counts by sex: some must show as <5"
    assert [c for c in cells if c in ("1", "2", "3", "4")] == []


def test_counts_without_a_personal_breakdown_are_published_as_the_pages_show_them(demo_package):
    # domain.md: women per cohort and stage, plans by stage single no one out by who she is.
    _descriptor, tables, _texts = _read(demo_package["zip"])
    counted = {"training_funnel_by_cohort": ("enrolled", "attended", "completed", "certified", "placed"),
               "enterprise_pipeline": ("plans_now", "plans_reached")}
    cells = [row[c] for name, columns in counted.items() for row in tables[name] for c in columns]
    assert cells and all(c.isdigit() for c in cells)
    assert any(c in ("1", "2", "3", "4") for c in cells)


def test_small_counts_that_a_shown_total_would_give_away_are_withheld_too(demo_package):
    # Capacity building: the page shows the total attendances, so one lone "<5" would come back from it.
    _descriptor, tables, _texts = _read(demo_package["zip"])
    shown = [r["attendances"] for r in tables["capacity_building_by_institution_type"]]
    assert shown.count("<5") + shown.count("") != 1


def test_no_participant_code_name_or_phone_is_in_any_file(demo_package):
    _descriptor, _tables, texts = _read(demo_package["zip"])
    words = {value for row in demo_package["personal"] for value in row if value}
    assert any(w.startswith("CAS-") for w in words)
    found = {name: [w for w in words if w in text] for name, text in texts.items()}
    assert found == {name: [] for name in texts}


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_neutralised(session):
    project = make_project(session, reporting_org_ref="XM-DAC-47066")
    line = BudgetLine(project_id=project.id, code="OPS", name="=HYPERLINK(\"http://x\")", category="operational",
                      amount_usd=Decimal(200000))
    level = ResultLevel(project_id=project.id, kind="outcome", code="1", statement="@SUM(A1)")
    session.add_all([line, level])
    session.flush()
    session.add(PlannedAmount(line_id=line.id, quarter_start=date(2014, 7, 1), amount_usd=Decimal(200000)))
    session.add(Indicator(level_id=level.id, code="1a", name="+1 women trained", unit="-", lop_target=Decimal(5)))
    session.commit()
    _descriptor, tables, _texts = _read(package(session, project_id=project.id, as_of=date(2015, 1, 1)))
    assert tables["budget_by_line_and_quarter"][0]["line_name"] == "'=HYPERLINK(\"http://x\")"
    assert (tables["iptt"][0]["indicator"], tables["iptt"][0]["unit"]) == ("'+1 women trained", "'-")


def test_the_command_writes_the_package_for_a_date(demo_url, tmp_path):
    out = tmp_path / "open-data.zip"
    done = subprocess.run([sys.executable, "-m", "exports.open_data", "--as-of", "2017-02-28", "-o", str(out)],
                          cwd=ROOT, env=os.environ | {"DATABASE_URL": demo_url}, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert _read(out.read_bytes())[0]["as_of"] == "2017-02-28"
