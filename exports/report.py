"""The committee's report: the story's sections in document form (A4 PDF, reportlab), with the same figures,
tables and chart images as the deck; every page carries the as-of date, the data version and, for demo data,
the illustrative mark. Where each figure comes from is said under its section."""
from __future__ import annotations

from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from exports.committee_story import Section, Story

IOM_BLUE = colors.HexColor("#0033A0")
ALERT_RED = colors.HexColor("#C8102E")
GREY = colors.HexColor("#555F6D")
# A Unicode font for French (accents, narrow no-break spaces): DejaVu where the system has it, else the
# Vera fonts that ship inside reportlab itself.
FONT_CANDIDATES = (
    (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")),
)


def _fonts() -> tuple[str, str]:
    if "StoryFont" in pdfmetrics.getRegisteredFontNames():
        return "StoryFont", "StoryFont-Bold"
    import reportlab

    bundled = Path(reportlab.__file__).parent / "fonts"
    regular, bold = next(((r, b) for r, b in FONT_CANDIDATES if r.exists() and b.exists()),
                         (bundled / "Vera.ttf", bundled / "VeraBd.ttf"))
    pdfmetrics.registerFont(TTFont("StoryFont", str(regular)))
    pdfmetrics.registerFont(TTFont("StoryFont-Bold", str(bold)))
    return "StoryFont", "StoryFont-Bold"


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=20, leading=25, textColor=IOM_BLUE, spaceAfter=10),
        "subtitle": ParagraphStyle("subtitle", fontName=regular, fontSize=13, leading=17, spaceAfter=8),
        "heading": ParagraphStyle("heading", fontName=bold, fontSize=15, leading=19, textColor=IOM_BLUE,
                                  spaceBefore=6, spaceAfter=8),
        "body": ParagraphStyle("body", fontName=regular, fontSize=10, leading=13),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10),
        "cell_bold": ParagraphStyle("cell_bold", fontName=bold, fontSize=8, leading=10),
        "figure": ParagraphStyle("figure", fontName=bold, fontSize=12, leading=15, textColor=IOM_BLUE),
        "note": ParagraphStyle("note", fontName=regular, fontSize=8, leading=10, textColor=GREY),
        "mark": ParagraphStyle("mark", fontName=bold, fontSize=11, leading=14, textColor=ALERT_RED),
    }


def build_report(story: Story) -> bytes:
    """The PDF file's bytes: a cover, then one section per page or more."""
    styles = _styles()
    out = BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, leftMargin=1.8 * cm, rightMargin=1.8 * cm, topMargin=2 * cm,
                                 bottomMargin=2 * cm, title=f"{story.code} — {story.subtitle}", author="",
                                 subject=story.footnote)
    flow = [Paragraph(escape(story.title), styles["title"]), Paragraph(escape(story.subtitle), styles["subtitle"])]
    if story.illustrative:
        flow.append(Paragraph(escape(story.illustrative), styles["mark"]))
    for section in story.sections:
        flow += [PageBreak(), *_section(story, section, styles, document.width)]
    document.build(flow, onFirstPage=lambda c, d: _page(c, d, story, styles),
                   onLaterPages=lambda c, d: _page(c, d, story, styles))
    return out.getvalue()


def _page(canvas, document, story: Story, styles) -> None:
    """Every page: the illustrative mark at the top, the as-of date, data version and page number at the foot."""
    canvas.saveState()
    width, height = A4
    if story.illustrative:
        canvas.setFont(styles["mark"].fontName, 9)
        canvas.setFillColor(ALERT_RED)
        canvas.drawString(document.leftMargin, height - 1.2 * cm, story.illustrative)
    canvas.setFont(styles["note"].fontName, 8)
    canvas.setFillColor(GREY)
    canvas.drawString(document.leftMargin, 1.1 * cm, story.footnote)
    canvas.drawRightString(width - document.rightMargin, 1.1 * cm, str(document.page))
    canvas.restoreState()


def _section(story: Story, section: Section, styles, width: float) -> list:
    flow: list = [Paragraph(escape(section.title), styles["heading"])]
    if section.figures:
        cells = [[Paragraph(escape(f.value), styles["figure"]) for f in section.figures],
                 [Paragraph(escape(f.label), styles["cell"]) for f in section.figures]]
        grid = Table(cells, colWidths=[width / len(section.figures)] * len(section.figures))
        grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LINEBELOW", (0, 1), (-1, 1), 0.5, colors.lightgrey)]))
        flow += [grid, Spacer(1, 8)]
    for line in section.lines:
        flow.append(Paragraph(escape(line), styles["body"]))
    image = story.images.get(section.key)
    if image is not None:
        flow += [Spacer(1, 6), _image(image, width, 11 * cm),
                 Paragraph(escape(story.footnote), styles["note"])]
    if section.table is not None and section.table.rows:
        flow += [Spacer(1, 8), _table(section, styles, width), Paragraph(escape(story.footnote), styles["note"])]
    flow += [Spacer(1, 8), Paragraph(escape(section.source), styles["note"])]
    return flow


def _image(png: bytes, width: float, height: float) -> Image:
    from PIL import Image as Picture

    with Picture.open(BytesIO(png)) as img:
        ratio = img.width / img.height
    shown_w, shown_h = (height * ratio, height) if width / height > ratio else (width, width / ratio)
    return Image(BytesIO(png), width=shown_w, height=shown_h)


def _table(section: Section, styles, width: float) -> Table:
    table = section.table
    head = [Paragraph(escape(c), styles["cell_bold"]) for c in table.columns]
    body = [[Paragraph(escape(str(v)), styles["cell"]) for v in row] for row in table.rows]
    widths = [max(len(str(r[j])) for r in (*table.rows, table.columns)) for j in range(len(table.columns))]
    wide = widths.index(max(widths))
    narrow = width * 0.55 / max(len(table.columns) - 1, 1)
    columns = [width - narrow * (len(table.columns) - 1) if j == wide else narrow for j in range(len(table.columns))]
    grid = Table([head, *body], colWidths=columns, repeatRows=1)
    grid.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8ECF4")),
                              ("GRID", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                              ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return grid
