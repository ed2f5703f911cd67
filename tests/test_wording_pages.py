"""AppTest: in French, the IPTT, results framework and budget pages print the French wording of an indicator,
a statement or a budget line that has one and the English one of one that has none; admins edit both."""
from __future__ import annotations

import pyarrow as pa
from sqlalchemy import select, update

from db.engine import make_engine, session_factory
from db.models import BudgetLine, Indicator
from tests.page_harness import page_as

PLACED_FR = "Nombre de femmes migrantes insérées dans un emploi salarié ou indépendant"  # 1a, kept in French
WITHOUT_INCOME_EN = "% of trained women without income from work 6 months after training"  # 1b, French removed


def _in_db(url: str, statement) -> list[tuple]:
    """Run one statement on the page's database in its own transaction; the rows of a select."""
    engine = make_engine(url)
    with session_factory(engine)() as s, s.begin():
        result = s.execute(statement)
        rows = [tuple(r) for r in result] if statement.is_select else []
    engine.dispose()
    return rows


def _drop_french(url: str) -> dict[str, int]:
    """Indicator 1b and budget line OH lose their French wording; the ids of 1a, 1b, VT and OH."""
    _in_db(url, update(Indicator).where(Indicator.code == "1b").values(name_fr=None))
    _in_db(url, update(BudgetLine).where(BudgetLine.code == "OH").values(name_fr=None))
    ids = _in_db(url, select(Indicator.code, Indicator.id).where(Indicator.code.in_(["1a", "1b"])))
    ids += _in_db(url, select(BudgetLine.code, BudgetLine.id).where(BudgetLine.code.in_(["VT", "OH"])))
    return dict(ids)


def _cells(app, index: int = 0) -> set[str]:
    return {str(v) for v in app.dataframe[index].value.to_numpy().ravel()}


def _submit(app, label: str):
    next(b for b in app.button if b.label == label).click().run()
    return app


def test_the_iptt_in_french_prints_the_french_name_or_else_the_english_one(demo_url):
    _drop_french(demo_url)
    app = page_as("iptt", "viewer", lang="fr").run()
    assert not app.exception
    cells = _cells(app)
    assert PLACED_FR in cells and WITHOUT_INCOME_EN in cells
    assert "Number of migrant women placed in a job or in self-employment" not in cells
    assert any(str(c).endswith(": Femmes migrantes régularisées formées à des métiers demandés") for c in cells)
    labels = _chart_labels(app)
    assert f"1a · {PLACED_FR}" in labels and f"1b · {WITHOUT_INCOME_EN}" in labels


def _chart_labels(app) -> set[str]:
    """The labels of the IPTT chart's bars (Streamlit ships the data as an Arrow table beside the spec)."""
    frames = [pa.ipc.open_stream(d.data.data).read_pandas() for d in app.get("vega_lite_chart")[0].proto.datasets]
    return {label for frame in frames if "label" in frame for label in frame["label"]}


def test_the_budget_in_french_prints_the_french_line_name_or_else_the_english_one(demo_url):
    _drop_french(demo_url)
    app = page_as("budget", "viewer", lang="fr").run()
    assert not app.exception
    cells = _cells(app)
    assert "VT · Formation professionnelle" in cells and "OH · Overhead" in cells
    assert "VT · Vocational training" not in cells


def test_the_budget_in_english_keeps_the_english_names(demo_url):
    app = page_as("budget", "viewer", lang="en").run()
    assert "VT · Vocational training" in _cells(app)


def test_an_admin_gives_an_indicator_a_new_french_wording(demo_url):
    ids = _drop_french(demo_url)
    [(version,)] = _in_db(demo_url, select(Indicator.version).where(Indicator.id == ids["1b"]))
    app = page_as("results-framework", "admin", lang="fr").run()
    app.selectbox(key="wording_pick").select(f"indicator:{ids['1b']}").run()
    assert app.text_area(key=f"wording_indicator:{ids['1b']}:english").value == WITHOUT_INCOME_EN
    assert app.text_area(key=f"wording_indicator:{ids['1b']}:french").value == ""
    app.text_area(key=f"wording_indicator:{ids['1b']}:french").input("% de femmes formées sans revenu à 6 mois")
    _submit(app, "Enregistrer les libellés")
    assert not app.exception and not app.error
    assert "Libellés enregistrés." in [s.value for s in app.success]
    assert _in_db(demo_url, select(Indicator.name, Indicator.name_fr, Indicator.version)
                  .where(Indicator.id == ids["1b"])) == [(WITHOUT_INCOME_EN, "% de femmes formées sans revenu à 6 mois",
                                                        version + 1)]
    iptt = page_as("iptt", "viewer", lang="fr").run()
    assert "% de femmes formées sans revenu à 6 mois" in _cells(iptt)


def test_an_admin_clears_a_budget_lines_french_name_and_french_readers_see_the_english_one(demo_url):
    ids = _drop_french(demo_url)
    app = page_as("budget", "admin", lang="fr").run()
    app.selectbox(key="wording_line").select(ids["VT"]).run()
    assert app.text_input(key=f"wording_budget_line:{ids['VT']}:french").value == "Formation professionnelle"
    app.text_input(key=f"wording_budget_line:{ids['VT']}:french").input("")
    _submit(app, "Enregistrer les libellés")
    assert not app.exception and not app.error
    assert _in_db(demo_url, select(BudgetLine.name, BudgetLine.name_fr).where(BudgetLine.id == ids["VT"])) == [
        ("Vocational training", None)]
    assert "VT · Vocational training" in _cells(app)


def test_a_line_name_too_long_is_refused_next_to_it_and_nothing_is_written(demo_url):
    ids = _drop_french(demo_url)
    before = _in_db(demo_url, select(BudgetLine.name, BudgetLine.version).where(BudgetLine.id == ids["OH"]))
    app = page_as("budget", "admin", lang="en").run()
    app.selectbox(key="wording_line").select(ids["OH"]).run()
    app.text_input(key=f"wording_budget_line:{ids['OH']}:english").input("O" * 201)
    _submit(app, "Save the wordings")
    assert not app.exception
    assert [e.value for e in app.error] == ["Keep this under 200 characters."]
    assert before[0][0] == "Overhead"
    assert _in_db(demo_url, select(BudgetLine.name, BudgetLine.version).where(BudgetLine.id == ids["OH"])) == before


def test_a_second_admins_stale_save_shows_the_stored_wording_beside_hers_and_keeps_it(demo_url):
    ids = _drop_french(demo_url)
    french = f"wording_budget_line:{ids['OH']}:french"
    first, second = (page_as("budget", "admin", lang="en").run() for _ in range(2))
    for app in (first, second):
        app.selectbox(key="wording_line").select(ids["OH"]).run()
    first.text_input(key=french).input("Frais généraux de l'OIM")
    _submit(first, "Save the wordings")
    assert "Wordings saved." in [s.value for s in first.success]

    second.text_input(key=french).input("Frais généraux")
    _submit(second, "Save the wordings")
    assert not second.exception
    [warning] = [w.value for w in second.warning]
    assert warning.startswith("Amina Admin changed this record at ")
    [comparison] = [d.value for d in second.dataframe if "Stored now" in d.value.columns]
    assert comparison.to_dict("records") == [
        {"Field": "French wording", "Stored now": "Frais généraux de l'OIM", "Yours": "Frais généraux"}]
    assert second.text_input(key=french).value == "Frais généraux"  # nothing to retype
    assert _in_db(demo_url, select(BudgetLine.name_fr).where(BudgetLine.id == ids["OH"])) == [
        ("Frais généraux de l'OIM",)]

    _submit(second, "Save the wordings")  # she has compared: her wording now goes in
    assert "Wordings saved." in [s.value for s in second.success]
    assert _in_db(demo_url, select(BudgetLine.name_fr).where(BudgetLine.id == ids["OH"])) == [("Frais généraux",)]
