"""Reading the participant, enrolment and attendance lists that partners send as XLSX or CSV.

French habits are accepted: decimal commas, dd/mm/yyyy dates, semicolon-separated CSV, oui/non. Each
row comes back with its typed values and its problems (message keys, never text); no I/O besides the
bytes given.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook, load_workbook

from domain.errors import Problem
from domain.countries import code_of_name

# Columns of each template: (column, kind, required). The first row of the file names the columns.
PARTICIPANT_COLUMNS = (
    ("ville", "text", True), ("sexe", "sex", True), ("nationalite", "country", True),
    ("date_enregistrement", "date", True), ("annee_naissance", "int", False), ("nombre_enfants", "int", False),
    ("annee_regularisation", "int", False), ("consentement", "bool", False), ("nom_complet", "text", False),
    ("telephone", "text", False), ("doublon_confirme", "bool", False),
)
ENROLMENT_COLUMNS = (
    ("cohorte", "text", True), ("code_participant", "text", True), ("date_inscription", "date", True),
    ("raison_depassement", "text", False),
)
ATTENDANCE_COLUMNS = (
    ("cohorte", "text", True), ("date_seance", "date", True), ("theme", "text", True),
    ("heures", "decimal", True), ("code_participant", "text", True), ("present", "bool", True),
)
TEMPLATES = {"participants": PARTICIPANT_COLUMNS, "enrolments": ENROLMENT_COLUMNS, "attendance": ATTENDANCE_COLUMNS}
EXAMPLES = {
    "participants": ("Casablanca", "F", "SN", "15/09/2015", 1990, 2, 2014, "oui", "", "", "non"),
    "enrolments": ("VT-CAS-01", "CAS-0001", "20/12/2014", ""),
    "attendance": ("VT-CAS-01", "22/09/2014", "Taking measurements", "3,5", "CAS-0001", "oui"),
}
# English headers and common spellings are accepted too.
ALIASES = {
    "city": "ville", "sex": "sexe", "nationality": "nationalite", "registered_on": "date_enregistrement",
    "birth_year": "annee_naissance", "children": "nombre_enfants", "children_count": "nombre_enfants",
    "enfants": "nombre_enfants", "year_regularized": "annee_regularisation", "consent": "consentement",
    "full_name": "nom_complet", "nom": "nom_complet", "name": "nom_complet", "phone": "telephone",
    "confirm_duplicate": "doublon_confirme", "cohort": "cohorte", "session_date": "date_seance",
    "date": "date_seance", "topic": "theme", "hours": "heures", "participant": "code_participant",
    "code": "code_participant", "presence": "present", "enrolled_on": "date_inscription",
    "enrolment_date": "date_inscription", "date_d_inscription": "date_inscription",
    "over_capacity_reason": "raison_depassement", "raison": "raison_depassement",
    "reason": "raison_depassement",
}
TRUE_WORDS = {"oui", "o", "yes", "y", "1", "x", "vrai", "true", "present", "presente", "p"}
FALSE_WORDS = {"non", "n", "no", "0", "faux", "false", "absent", "absente", "a", ""}
DATE_PATTERN = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")


@dataclass
class ImportRow:
    """One data row: its number in the spreadsheet (the header is row 1), typed values and problems."""

    number: int
    values: dict[str, object] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text or "").strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def header_name(text: str) -> str:
    """The template column a header means: 'Date d'enregistrement' → date_enregistrement."""
    folded = _fold(text)
    return ALIASES.get(folded, folded)


def read_table(content: bytes, filename: str) -> list[list[object]]:
    """Rows of cells from an .xlsx (first sheet) or a .csv (comma, semicolon or tab; UTF-8 or Windows-1252)."""
    if filename.lower().endswith(".xlsx"):
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252")
        sample = text[:4096]
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
            delimiter = dialect.delimiter
        except csv.Error:
            delimiter = ";" if sample.count(";") >= sample.count(",") else ","
        rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return [r for r in rows if any(c not in (None, "") and str(c).strip() for c in r)]


def parse_decimal(value: object) -> Decimal | None:
    """'3,5' and '3.5' and 3.5 → Decimal('3.5'); blank → None; raises ValueError when not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = Decimal(str(value))
        if not number.is_finite():  # a NaN or infinite cell (signalling NaN included) is no number of hours
            raise ValueError(value)
        return number
    text = str(value).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if "," in text and "." in text:  # 1.234,5 (French thousands) or 1,234.5 (English thousands)
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(value) from error
    if not number.is_finite():
        raise ValueError(value)
    return number


def parse_date(value: object) -> date | None:
    """A spreadsheet date, '21/02/2017', '21-02-17' or '2017-02-21'; blank → None; ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    match = DATE_PATTERN.match(text)
    if match:
        d, m, y = (int(g) for g in match.groups())
        return date(y + 2000 if y < 100 else y, m, d)
    return date.fromisoformat(text[:10])


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    word = _fold("" if value is None else str(value))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(value)


def _convert(kind: str, value: object) -> object:
    if kind == "text":
        return None if value is None else (str(value).strip() or None)
    if kind == "date":
        return parse_date(value)
    if kind == "decimal":
        return parse_decimal(value)
    if kind == "int":
        number = parse_decimal(value)
        if number is not None and number != number.to_integral_value():
            raise ValueError(value)
        return None if number is None else int(number)
    if kind == "bool":
        return parse_bool(value)
    if kind == "sex":
        word = _fold(str(value or ""))
        sexes = {"f": "F", "femme": "F", "female": "F", "m": "M", "h": "M", "homme": "M", "male": "M"}
        if word and word not in sexes:
            raise ValueError(value)
        return sexes.get(word)
    if kind == "country":
        if value is None or not str(value).strip():
            return None
        code = code_of_name(str(value))
        if code is None:
            raise ValueError(value)
        return code
    raise ValueError(kind)


BAD_VALUE_KEY = {"date": "error.import_bad_date", "decimal": "error.import_bad_number",
                 "int": "error.import_bad_whole_number", "bool": "error.import_bad_yes_no",
                 "sex": "error.import_bad_sex", "country": "error.import_bad_country"}


def parse_rows(table: list[list[object]], template: str) -> tuple[list[ImportRow], list[Problem]]:
    """Typed rows of a `template` ("participants", "enrolments" or "attendance") and problems of the file as a whole."""
    columns = TEMPLATES[template]
    if not table:
        return [], [Problem("file", "error.import_empty")]
    headers = [header_name(h) for h in table[0]]
    missing = [name for name, _kind, required in columns if required and name not in headers]
    if missing:
        return [], [Problem("file", "error.import_missing_columns", {"columns": ", ".join(missing)})]
    if len(table) == 1:
        return [], [Problem("file", "error.import_empty")]
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        row = ImportRow(number)
        for name, kind, required in columns:
            raw = cells[headers.index(name)] if name in headers and headers.index(name) < len(cells) else None
            try:
                value = _convert(kind, raw)
            except (ValueError, TypeError):
                row.problems.append(Problem(name, BAD_VALUE_KEY[kind], {"value": str(raw)}))
                row.values[name] = raw  # kept as typed, for the preview; a row with problems is never written
                continue
            if required and value is None:
                row.problems.append(Problem(name, "error.import_value_missing"))
            row.values[name] = value
        rows.append(row)
    return rows, []


def template_workbook(template: str) -> bytes:
    """An .xlsx with the template's column names and one example row, as bytes to download."""
    book = Workbook()
    sheet = book.active
    sheet.title = template
    sheet.append([name for name, _kind, _required in TEMPLATES[template]])
    sheet.append(list(EXAMPLES[template]))
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = max(14, len(str(column[0].value)) + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
