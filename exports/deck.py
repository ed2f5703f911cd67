"""The committee's deck: one PPTX slide per section of the story, charts as images of the pages' own Altair
charts, real tables for the IPTT and the budget, speaker notes saying where each figure comes from, and on
every slide the as-of date, the data version and (for demo data) the illustrative mark.

`python -m exports.deck --as-of 2017-02-28 --lang fr -o deck.pptx` builds it from DATABASE_URL."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from io import BytesIO

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from exports.committee_story import Section, Story

IOM_BLUE = RGBColor(0x00, 0x33, 0xA0)
ALERT_RED = RGBColor(0xC8, 0x10, 0x2E)
GREY = RGBColor(0x55, 0x5F, 0x6D)
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)


def build_deck(story: Story) -> bytes:
    """The PPTX file's bytes: a title slide, then one slide per section."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    _title_slide(deck, story)
    for section in story.sections:
        _section_slide(deck, story, section)
    out = BytesIO()
    deck.save(out)
    return out.getvalue()


def _text(slide, left, top, width, height, text: str, *, size: int, bold: bool = False,
          colour: RGBColor | None = None) -> None:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold = Pt(size), bold
    if colour is not None:
        run.font.color.rgb = colour


def _frame(slide, story: Story) -> None:
    """What every slide carries: the illustrative mark on top, the as-of date and data version at the foot."""
    if story.illustrative:
        _text(slide, MARGIN, Inches(0.05), WIDTH - 2 * MARGIN, Inches(0.35), story.illustrative, size=11,
              bold=True, colour=ALERT_RED)
    _text(slide, MARGIN, HEIGHT - Inches(0.45), WIDTH - 2 * MARGIN, Inches(0.35), story.footnote, size=10,
          colour=GREY)


def _title_slide(deck, story: Story) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    slide.shapes.title.text = story.title
    slide.placeholders[1].text = story.subtitle
    _frame(slide, story)
    slide.notes_slide.notes_text_frame.text = story.footnote


def _section_slide(deck, story: Story, section: Section) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = MARGIN, Inches(0.4), WIDTH - 2 * MARGIN, Inches(0.8)
    title.text = section.title
    title.text_frame.paragraphs[0].runs[0].font.size = Pt(30)
    title.text_frame.paragraphs[0].runs[0].font.color.rgb = IOM_BLUE
    _frame(slide, story)
    top = Inches(1.3)
    if section.figures:
        _tiles(slide, section, top)
        top += Inches(1.25)
    for line in section.lines:
        _text(slide, MARGIN, top, WIDTH - 2 * MARGIN, Inches(0.45), line, size=18)
        top += Inches(0.5)
    bottom = HEIGHT - Inches(0.55)
    image = story.images.get(section.key)
    if section.table is not None and image is not None:
        split = MARGIN + Inches(6.9)
        _table(slide, section, MARGIN, top, split - MARGIN - Inches(0.2), bottom - top)
        _picture(slide, image, split, top, WIDTH - MARGIN - split, bottom - top)
    elif section.table is not None:
        _table(slide, section, MARGIN, top, WIDTH - 2 * MARGIN, bottom - top)
    elif image is not None:
        _picture(slide, image, MARGIN, top, WIDTH - 2 * MARGIN, bottom - top)
    slide.notes_slide.notes_text_frame.text = f"{section.source}\n\n{story.footnote}"


def _tiles(slide, section: Section, top) -> None:
    count = len(section.figures)
    gap = Inches(0.15)
    width = int((WIDTH - 2 * MARGIN - gap * (count - 1)) / count)
    for i, figure in enumerate(section.figures):
        left = MARGIN + i * (width + gap)
        box = slide.shapes.add_textbox(left, top, width, Inches(1.1))
        frame = box.text_frame
        frame.word_wrap = True
        value = frame.paragraphs[0].add_run()
        value.text = figure.value
        value.font.size, value.font.bold, value.font.color.rgb = Pt(32), True, IOM_BLUE
        label = frame.add_paragraph().add_run()
        label.text = figure.label
        label.font.size, label.font.color.rgb = Pt(13), GREY


def _table(slide, section: Section, left, top, width, height) -> None:
    table = section.table
    rows = max(len(table.rows), 1) + 1
    size = 12 if rows <= 8 and len(table.columns) < 6 else 10
    shape = slide.shapes.add_table(rows, len(table.columns), left, top, width, min(height, Inches(0.4) * rows))
    grid = shape.table
    for j, heading in enumerate(table.columns):
        _cell(grid.cell(0, j), heading, size, bold=True)
    for i, row in enumerate(table.rows, start=1):
        for j, value in enumerate(row):
            _cell(grid.cell(i, j), value, size)
    if len(table.columns) > 1:  # the widest column (indicator, decision, line) takes what the others leave
        widths = [max(len(str(r[j])) for r in (*table.rows, table.columns)) for j in range(len(table.columns))]
        wide = widths.index(max(widths))
        narrow = int(width * 0.55 / (len(table.columns) - 1))
        for j, column in enumerate(grid.columns):
            column.width = Emu(width - narrow * (len(table.columns) - 1)) if j == wide else Emu(narrow)


def _cell(cell, text: str, size: int, *, bold: bool = False) -> None:
    cell.text = text
    for paragraph in cell.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size, run.font.bold = Pt(size), bold


def _picture(slide, png: bytes, left, top, width, height) -> None:
    """The chart at the largest size that fits the box, keeping its proportions."""
    from PIL import Image

    with Image.open(BytesIO(png)) as img:
        ratio = img.width / img.height
    if width / height > ratio:
        shown_w, shown_h = int(height * ratio), int(height)
    else:
        shown_w, shown_h = int(width), int(width / ratio)
    slide.shapes.add_picture(BytesIO(png), left + (width - shown_w) // 2, top, shown_w, shown_h)


def main(argv: list[str] | None = None) -> int:
    """Command line: the deck (or, with --pdf, the report too) for an as-of date or a meeting."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: project end)")
    parser.add_argument("--meeting", type=int, default=None, help="a committee meeting id (uses its cut-off date)")
    parser.add_argument("--lang", choices=("fr", "en"), default="fr")
    parser.add_argument("-o", "--output", default="deck.pptx")
    parser.add_argument("--pdf", default=None, help="also write the PDF report here")
    args = parser.parse_args(argv)
    from db.engine import make_engine, session_factory
    from db.settings import database_url
    from exports.committee_story import build_story
    from exports.report import build_report

    engine = make_engine(database_url())
    with session_factory(engine)() as session:
        story = build_story(session, lang=args.lang, as_of=args.as_of, meeting_id=args.meeting)
    with open(args.output, "wb") as out:
        out.write(build_deck(story))
    if args.pdf:
        with open(args.pdf, "wb") as out:
            out.write(build_report(story))
    engine.dispose()
    print(f"{args.output}: {len(story.sections) + 1} slides, as of {story.as_of.isoformat()}, {args.lang}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
