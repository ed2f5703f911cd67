"""Real spreadsheet files for the import tests: an .xlsx written with openpyxl, a .csv as Excel saves it."""
from __future__ import annotations

import csv

from openpyxl import Workbook


def xlsx_file(path, rows) -> bytes:
    """Write `rows` to the first sheet of a workbook at `path`; its bytes."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path.read_bytes()


def csv_file(path, rows, delimiter=";") -> bytes:
    """Write `rows` as CSV at `path` (semicolons, as French Excel saves it); its bytes."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    return path.read_bytes()
