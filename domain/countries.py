"""ISO 3166 alpha-2 nationalities and their names in a language (from Babel's CLDR data)."""
from __future__ import annotations

from functools import cache

from babel import Locale

# CLDR lists groupings and placeholders beside real countries: they are not nationalities.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}
# Nationalities most seen among the project's participants, offered first.
COMMON = ("SN", "CI", "CM", "NG", "GN", "ML", "CD", "CG", "SY")


@cache
def country_codes() -> tuple[str, ...]:
    """Every ISO alpha-2 code, the common ones first, then alphabetical."""
    codes = sorted(k for k in Locale("en").territories if len(k) == 2 and k.isalpha() and k not in NOT_COUNTRIES)
    return COMMON + tuple(c for c in codes if c not in COMMON)


def is_country(code: str | None) -> bool:
    return bool(code) and code in country_codes()


def country_name(code: str, lang: str) -> str:
    """'Côte d’Ivoire' for CI in French; the code itself when unknown."""
    return Locale(lang).territories.get(code, code)


@cache
def code_of_name(name: str) -> str | None:
    """The code for a country typed by name in English or French, or as a code (case and accents tolerant)."""
    wanted = _fold(name)
    if len(wanted) == 2 and wanted.upper() in country_codes():
        return wanted.upper()
    for lang in ("fr", "en"):
        for code, label in Locale(lang).territories.items():
            if code in country_codes() and _fold(label) == wanted:
                return code
    return None


def _fold(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", (text or "").strip().replace("’", "'"))
    import re

    return re.sub(r"[^a-z0-9]+", " ", "".join(c for c in text if not unicodedata.combining(c)).lower()).strip()
