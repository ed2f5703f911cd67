"""Making a cell value safe for a spreadsheet: every table, CSV and XLSX the app produces goes through here."""
from __future__ import annotations

import re

import pandas as pd

# A spreadsheet runs a cell starting with one of these as a formula (tab and carriage return too: some
# spreadsheets strip them and then see the formula behind).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number the app formatted itself ("-420", "-US$420", "+12 %", "-1 234,5 MAD"): a sign, digits, separators
# and a currency or percent sign, and nothing that could make a formula.
_CURRENCY = r"(?:US\$|\$US|MAD|USD|\$|€)"
_FORMATTED_NUMBER = re.compile(rf"[+-]\s?{_CURRENCY}?\s?[\d\s\u00a0\u202f.,]+\s?(?:%|{_CURRENCY})?")


def neutralise(value: object) -> object:
    """Text starting with = + - @, a tab or a carriage return gets a leading apostrophe, so a spreadsheet
    shows it instead of running it as a formula. Numbers, and numbers the app formatted as text, pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _FORMATTED_NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells and column names are neutralised (other cells untouched)."""
    out = frame.rename(columns=lambda c: neutralise(c) if isinstance(c, str) else c)
    for position, dtype in enumerate(out.dtypes):
        if dtype == object or pd.api.types.is_string_dtype(dtype):
            values = out.iloc[:, position].tolist()
            safe = [neutralise(v) for v in values]
            # Most tables hold no such text: a column is replaced only when a cell changed (pages show
            # several tables on every rerun, and replacing each text column cost ~0.5 ms).
            if any(a is not b for a, b in zip(safe, values)):
                out.isetitem(position, pd.Series(safe, index=out.index, dtype=dtype))
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A CSV file (UTF-8 with BOM, for spreadsheets) of `frame` with its text neutralised."""
    return neutralised(frame).to_csv(index=False).encode("utf-8-sig")
