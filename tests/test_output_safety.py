"""Output safety: no cell a spreadsheet would run as a formula, no stored text rendered as Markdown."""
from __future__ import annotations

import csv
import io
import re

import pandas as pd
from hypothesis import given, strategies as st
from sqlalchemy import update

from components.plain_text import plain
from db.engine import make_engine, session_factory
from db.models import ResultLevel
from db.services.institutions import create_institution
from domain.inputs import parse
from domain.stakeholder_inputs import InstitutionInput
from exports.cells import csv_bytes, neutralise, neutralised
from tests.factories import COORDINATOR_ACTOR
from tests.page_harness import page_as

FORMULA = '=HYPERLINK("http://x","y")'
MARKDOWN = "Jobs for women ![x](http://evil/img.png) [click](http://evil)"


def test_text_a_spreadsheet_would_run_gets_an_apostrophe():
    for text in (FORMULA, "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1+1", "\r=1+1"):
        assert neutralise(text) == "'" + text
    assert neutralise("Association L'Heure Joyeuse") == "Association L'Heure Joyeuse"


def test_numbers_and_numbers_the_app_formatted_pass_unchanged():
    for value in (-420, 3.5, "-420", "-US$420", "-1 234,5 MAD", "+12 %", "-9\u202f000 $US"):
        assert neutralise(value) == value


def test_a_frame_is_neutralised_in_its_text_cells_and_headers_only():
    frame = pd.DataFrame({"name": [FORMULA, "OFPPT"], "count": [-3, 5], "=cmd": ["a", "b"]})
    out = neutralised(frame)
    assert out["name"].tolist() == ["'" + FORMULA, "OFPPT"]
    assert out["count"].tolist() == [-3, 5] and "'=cmd" in out.columns


def test_a_mixed_column_is_neutralised_and_the_shown_frame_left_as_it_was():
    frame = pd.DataFrame({"value": pd.Series([FORMULA, 12, None, "-US$420"], dtype=object),
                          "note": ["a", "b", "c", "d"]})
    out = neutralised(frame)
    assert out["value"].tolist() == ["'" + FORMULA, 12, None, "-US$420"]
    assert out["note"].tolist() == ["a", "b", "c", "d"] and out.dtypes.tolist() == frame.dtypes.tolist()
    assert frame["value"][0] == FORMULA


def test_a_csv_file_carries_the_name_as_text_not_as_a_formula():
    rows = list(csv.reader(io.StringIO(csv_bytes(pd.DataFrame({"name": [FORMULA]})).decode("utf-8-sig"))))
    assert rows == [["name"], ["'" + FORMULA]]


def test_a_hyperlink_typed_as_an_institution_name_reaches_the_table_neutralised(demo_url):
    """The table's own "Download as CSV" writes exactly the cells the page sends: they must be inert."""
    engine = make_engine(demo_url)
    with session_factory(engine)() as s, s.begin():
        create_institution(s, actor=COORDINATOR_ACTOR, given=parse(
            InstitutionInput, name=FORMULA, acronym="@X", type="ngo", level="local", city="-Rabat"))
    engine.dispose()
    app = page_as("institutions", "coordinator").run()
    assert not app.exception
    table = app.dataframe[0].value
    row = table[table["name"].str.contains("HYPERLINK")].iloc[0]
    assert (row["name"], row["acronym"], row["city"]) == ("'" + FORMULA, "'@X", "'-Rabat")


def _unescaped_markdown(text: str) -> list[str]:
    """Markdown that would make a link or an image: a '[', '(' or '!' not escaped by a backslash."""
    return re.findall(r"(?<!\\)[\[\]()!]", text)


def test_stored_markdown_is_escaped_so_it_reads_as_typed():
    shown = plain(MARKDOWN)
    assert not _unescaped_markdown(shown)
    assert re.sub(r"\\(.)", r"\1", shown) == MARKDOWN


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_escaping_never_loses_a_character(text):
    shown = plain(text)
    assert re.sub(r"\\(.)", r"\1", shown.replace("  \n", "\n")) == text
    assert not _unescaped_markdown(shown)


def test_a_statement_with_markdown_renders_as_literal_text_for_a_viewer(demo_url):
    engine = make_engine(demo_url)
    with session_factory(engine)() as s, s.begin():
        s.execute(update(ResultLevel).where(ResultLevel.code == "1").values(statement=MARKDOWN,
                                                                           assumptions="See [here](http://evil)"))
    engine.dispose()
    app = page_as("results-framework", "viewer").run()
    assert not app.exception
    labels = [e.label for e in app.expander]
    statement = next(label for label in labels if "Jobs for women" in label)
    assert not _unescaped_markdown(statement), statement
    assert "Jobs for women ![x](http://evil/img.png) [click](http://evil)" in re.sub(r"\\(.)", r"\1", statement)
    assumptions = [c.value for c in app.caption if "evil" in c.value]
    assert assumptions and not [c for c in assumptions if re.search(r"(?<!\\)[\[\]]", c)], assumptions
