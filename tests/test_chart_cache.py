"""Chart specs kept between reruns (components.chart_cache): drawn exactly as `st.altair_chart` draws them,
rebuilt when the data version, the language or any argument changes, never stale after a write."""
from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

import altair as alt
import pandas as pd
import pyarrow as pa
import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from components import chart_cache
from db.engine import make_engine, session_factory
from db.models import BudgetLine
from db.services.budget import record_expenditure
from domain.budget_inputs import ExpenditureInput
from domain.inputs import parse
from tests.factories import COORDINATOR_ACTOR
from tests.page_harness import page_as

built: list[tuple] = []


def spied_chart(frame: pd.DataFrame, *, title: str) -> alt.Chart:
    """A builder that records each time it really runs."""
    built.append((len(frame), title))
    return alt.Chart(frame).mark_bar().encode(x="n:Q", y="name:N").properties(title=title)


@pytest.fixture
def spec_of(monkeypatch):
    """`chart_spec(spied_chart, ...)` at a chosen data version and language, on an empty cache."""
    chart_cache._spec.clear()
    built.clear()

    def spec_of(frame, *, title="Plans", version=1, language="en"):
        monkeypatch.setattr(chart_cache, "current_version", lambda: version)
        monkeypatch.setattr(chart_cache, "current_language", lambda: language)
        return chart_cache.chart_spec(spied_chart, frame, title=title)

    yield spec_of
    chart_cache._spec.clear()


FRAME = pd.DataFrame({"name": ["Rabat", "Tangier"], "n": [3, 5]})


def test_a_rerun_with_the_same_version_language_and_arguments_reuses_the_spec(spec_of):
    first = spec_of(FRAME)
    again = spec_of(FRAME.copy())  # another frame with the same content
    assert first == again
    assert built == [(2, "Plans")]


@pytest.mark.parametrize("change", [
    {"version": 2},  # a write, from any process
    {"language": "fr"},  # number formats and every label
    {"title": "Plans per city"},  # a plain argument
    {"frame": FRAME.assign(n=[3, 6])},  # the data drawn
])
def test_the_spec_is_rebuilt_when_any_part_of_its_key_changes(spec_of, change):
    spec_of(FRAME)
    spec_of(**({"frame": FRAME} | change))
    assert len(built) == 2


def test_the_cached_spec_is_what_altair_chart_builds(spec_of):
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    assert spec_of(FRAME) == _convert_altair_to_vega_lite_spec(spied_chart(FRAME, title="Plans"))


def _both_ways(lang: str) -> None:
    """The funnel drawn by `st.altair_chart` and by `show_chart`, one under the other."""
    import pandas as pd
    import streamlit as st

    from components.chart_cache import show_chart
    from components.cohort_charts import funnel_chart

    st.session_state["lang"] = lang
    frame = pd.DataFrame({"stage": ["enrolled", "completed"], "label": ["Inscrites", "Terminé"],
                          "count": [1200, 950], "shown": ["1 200", "950"]})
    st.altair_chart(funnel_chart(frame, title="Entonnoir", count_title="Femmes"), width="stretch")
    left, _ = st.columns(2)
    show_chart(funnel_chart, frame, where=left, title="Entonnoir", count_title="Femmes")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_show_chart_sends_the_browser_what_altair_chart_sends(demo_url, lang):
    app = AppTest.from_function(_both_ways, args=(lang,), default_timeout=60)
    app.run()
    assert not app.exception
    direct, cached = app.get("vega_lite_chart")
    assert cached.proto.spec == direct.proto.spec  # same spec, same number locale
    assert cached.proto.datasets == direct.proto.datasets
    assert cached.proto.theme == direct.proto.theme == "streamlit"
    assert cached.proto.use_container_width == direct.proto.use_container_width


def _lines_chart_data(app: AppTest) -> pd.DataFrame:
    chart = next(c for c in app.get("vega_lite_chart") if "Budget" in c.proto.spec and "yOffset" in c.proto.spec)
    frames = [pa.ipc.open_stream(d.data.data).read_pandas() for d in chart.proto.datasets]
    return next(f for f in frames if "measure" in f.columns)


def test_a_write_from_another_process_shows_in_the_chart_at_the_next_rerun(demo_url):
    app = page_as("budget", "coordinator")
    app.run()
    before = _lines_chart_data(app)
    engine = make_engine(os.environ["DATABASE_URL"])
    with session_factory(engine)() as s, s.begin():  # as another replica would: no page involved
        line_id = s.scalar(select(BudgetLine.id).where(BudgetLine.code == "ME"))
        record_expenditure(s, actor=COORDINATOR_ACTOR, given=parse(
            ExpenditureInput, dict(line_id=line_id, spent_on=date(2017, 2, 10), description="Final report",
                                   amount="500", currency="USD"), mad_per_usd=None, justification=""))
    engine.dispose()
    app.run()
    after = _lines_chart_data(app)
    spent = before.iloc[-1]["measure"]  # spent is the last series drawn
    me_before = before[(before.line == "ME") & (before.measure == spent)].usd.item()
    me_after = after[(after.line == "ME") & (after.measure == spent)].usd.item()
    assert Decimal(str(me_after)) - Decimal(str(me_before)) == 500


def test_every_page_draws_its_charts_through_the_cache():
    import ast
    from pathlib import Path

    pages = Path(__file__).resolve().parent.parent / "pages"
    direct = sorted(f"{path.name}:{node.lineno}" for path in pages.glob("*.py")
                    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                    if isinstance(node, ast.Attribute) and node.attr in {"altair_chart", "vega_lite_chart"})
    assert direct == [], "draw charts with components.chart_cache.show_chart"
