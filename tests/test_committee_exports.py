"""The deck and the report, read back from the files: the slide titles, headline figures and IPTT cells are
what the pages compute for the same date, in both languages; no participant code, name or phone anywhere;
every slide and page carries the as-of date, the data version and the illustrative mark."""
from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from pptx import Presentation
from pypdf import PdfReader
from sqlalchemy import select

from components.i18n import format_money, format_number, translate
from db.engine import make_engine, session_factory
from db.models import CommitteeMeeting, Participant
from db.queries.committee import decisions_to_review
from db.queries.iptt import iptt
from db.queries.overview import HEADLINE_MEASURES, headlines, project_card
from exports.committee_story import SECTIONS, build_story
from exports.deck import build_deck
from exports.report import build_report

DATES = (date(2015, 6, 30), date(2016, 3, 31), date(2017, 2, 28))
CASES = [(d, lang) for d in DATES for lang in ("fr", "en")]
CODE = re.compile(r"\b[A-Z]{3}-\d{4}\b")


def _plain(text: str) -> str:
    """Spaces as a reader sees them (PDF text extraction and PowerPoint keep no-break spaces)."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from tests.demo_databases import seeded_sqlite

    path = seeded_sqlite(tmp_path_factory.mktemp("exports") / "demo.db")
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def files(demo):
    """Deck and report for three as-of dates in both languages, built once for the module."""
    built = {}
    with session_factory(demo)() as session:
        for as_of, lang in CASES:
            story = build_story(session, lang=lang, as_of=as_of)
            built[(as_of, lang)] = (story, Presentation(BytesIO(build_deck(story))),
                                    PdfReader(BytesIO(build_report(story))))
    return built


def _slide_texts(slide) -> list[str]:
    texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    for shape in slide.shapes:
        if shape.has_table:
            texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return texts


def _tiles(slide) -> dict[str, str]:
    """label → value of the slide's figure tiles (a value paragraph above a label paragraph)."""
    out = {}
    for shape in slide.shapes:
        if shape.has_text_frame and len(shape.text_frame.paragraphs) == 2:
            value, label = (p.text for p in shape.text_frame.paragraphs)
            out[label] = value
    return out


def _table(slide) -> list[list[str]]:
    shape = next(s for s in slide.shapes if s.has_table)
    return [[cell.text for cell in row.cells] for row in shape.table.rows]


@pytest.mark.parametrize("as_of,lang", CASES)
def test_the_deck_has_a_title_slide_then_one_slide_per_section_in_the_language(files, as_of, lang):
    _, deck, _ = files[(as_of, lang)]
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles[1:] == [translate(f"story.{key}", lang) for key in SECTIONS]


@pytest.mark.parametrize("as_of,lang", CASES)
def test_the_headline_figures_are_the_overview_figures_of_that_date(demo, files, as_of, lang):
    _, deck, report = files[(as_of, lang)]
    with session_factory(demo)() as session:
        figures = headlines(session, project_id=project_card(session).id, as_of=as_of)
    expected = {translate(f"measure.{m}", lang): format_number(figures.measure(m), lang) for m in HEADLINE_MEASURES}
    expected[translate("overview.spent", lang)] = format_money(figures.spent_usd, lang)
    tiles = _tiles(deck.slides[1])
    assert {label: tiles[label] for label in expected} == expected
    first_section = _plain(report.pages[1].extract_text())
    assert all(_plain(value) in first_section for value in expected.values())


@pytest.mark.parametrize("as_of,lang", CASES)
def test_the_iptt_cells_are_the_iptt_pages_life_of_project_cells(demo, files, as_of, lang):
    _, deck, report = files[(as_of, lang)]
    with session_factory(demo)() as session:
        lines = iptt(session, project_id=project_card(session).id, as_of=as_of)

    def number(value) -> str:
        return "" if value is None else format_number(value, lang, 0 if value == int(value) else 1)

    expected = [[line.code, line.name_in(lang), number(line.row.lop.target), number(line.row.lop.actual),
                 "" if line.row.lop.met is None else f"{line.row.lop.met * 100:.0f} %"] for line in lines]
    slide = deck.slides[1 + SECTIONS.index("iptt")]
    assert [row[:5] for row in _table(slide)[1:]] == expected
    pdf_text = _plain(" ".join(page.extract_text() for page in report.pages))
    assert all(_plain(cell) in pdf_text for row in expected for cell in row if cell and len(cell) < 12)


@pytest.mark.parametrize("as_of,lang", CASES)
def test_every_slide_and_page_carries_the_date_version_and_illustrative_mark(files, as_of, lang):
    story, deck, report = files[(as_of, lang)]
    assert story.illustrative and str(story.as_of.year) in story.footnote
    for slide in deck.slides:
        texts = _slide_texts(slide)
        assert story.footnote in texts and story.illustrative in texts
        assert story.footnote in slide.notes_slide.notes_text_frame.text
    for page in report.pages:
        text = _plain(page.extract_text())
        assert _plain(story.footnote) in text and _plain(story.illustrative) in text


def test_a_french_deck_uses_the_french_wording_and_an_english_one_the_english(files):
    rows = {lang: _table(files[(DATES[-1], lang)][1].slides[1 + SECTIONS.index("budget")])[1:] for lang in ("fr", "en")}
    assert rows["fr"][0][0] == "STAFF · Personnel" and rows["en"][0][0] == "STAFF · Staff"
    iptt_rows = {lang: _table(files[(DATES[-1], lang)][1].slides[1 + SECTIONS.index("iptt")])[1:]
                 for lang in ("fr", "en")}
    assert iptt_rows["fr"][0][1] == "Nombre de femmes migrantes insérées dans un emploi salarié ou indépendant"
    assert iptt_rows["en"][0][1] == "Number of migrant women placed in a job or in self-employment"


def test_speaker_notes_say_where_each_section_comes_from(files):
    story, deck, _ = files[(DATES[-1], "en")]
    notes = [slide.notes_slide.notes_text_frame.text for slide in list(deck.slides)[1:]]
    assert [n.split("\n")[0] for n in notes] == [translate(f"story.source.{key}", "en") for key in SECTIONS]


def test_no_participant_code_name_or_phone_in_any_text_run_or_pdf_page(demo, files):
    with session_factory(demo)() as session:
        people = session.execute(select(Participant.code, Participant.full_name, Participant.phone)).all()
    forbidden = {v for row in people for v in row if v}
    assert len(forbidden) > 200  # the demo has codes, names and phones to find
    for story, deck, report in files.values():
        texts = [text for slide in deck.slides for text in
                 [*_slide_texts(slide), slide.notes_slide.notes_text_frame.text]]
        texts += [page.extract_text() for page in report.pages]
        for text in texts:
            assert not CODE.search(text), text
            assert not [value for value in forbidden if value in text]


def test_a_meetings_story_is_cut_at_its_cutoff_and_reviews_its_earlier_decisions(demo):
    with session_factory(demo)() as session:
        meeting = session.scalars(select(CommitteeMeeting).order_by(CommitteeMeeting.held_on)).all()[3]
        story = build_story(session, lang="en", meeting_id=meeting.id)
        review = decisions_to_review(session, project_id=meeting.project_id, meeting_id=meeting.id)
    deck = Presentation(BytesIO(build_deck(story)))
    assert story.as_of == meeting.cutoff_date
    rows = _table(deck.slides[1 + SECTIONS.index("decisions")])[1:]
    assert [row[1] for row in rows] == review["text"].tolist() and len(rows) >= 1
