"""Every UI string goes through `t()`; numbers, money and dates are formatted for the chosen language."""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

import streamlit as st
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent

from domain.wordings import wording_in

LANGUAGES = {"en": "English", "fr": "Français"}
DEFAULT_LANGUAGE = "fr"
LOCALES = {"en": "en_GB", "fr": "fr_FR"}
LANG_KEY = "lang"
CATALOG_DIR = Path(__file__).resolve().parent / "locales"


@cache
def catalog(lang: str) -> dict[str, str]:
    """The message catalog of one language, read once per process from one file per area of the app."""
    messages: dict[str, str] = {}
    for path in sorted((CATALOG_DIR / lang).glob("*.json")):
        part = json.loads(path.read_text(encoding="utf-8"))
        clash = set(part) & set(messages)
        if clash:
            raise ValueError(f"{path.name} repeats keys defined in another catalog file: {sorted(clash)}")
        messages |= part
    return messages


def translate(key: str, lang: str, **params: object) -> str:
    """The message for `key` in `lang`, falling back to English, then to the key itself."""
    text = catalog(lang).get(key) or catalog("en").get(key) or key
    return text.format(**params) if params else text


# Set while a file (deck, report) is built in a language other than the session's, or outside a session.
_FORCED: ContextVar[str | None] = ContextVar("forced_language", default=None)


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Within the block, t(), num(), day() and every label helper speak `lang`, whatever the session's."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    token = _FORCED.set(lang)
    try:
        yield
    finally:
        _FORCED.reset(token)


def current_language() -> str:
    forced = _FORCED.get()
    if forced is not None:
        return forced
    lang = st.session_state.get(LANG_KEY, DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **params: object) -> str:
    """Translate `key` into the language chosen in this browser session."""
    return translate(key, current_language(), **params)


def wording(english: str, french: str | None) -> str:
    """A name or statement kept in two languages, in this session's language (French falls back to English)."""
    return wording_in(current_language(), english, french)


def format_number(value: float | int | Decimal, lang: str, decimals: int = 0) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def format_money(value: float | Decimal, lang: str, currency: str = "USD") -> str:
    """Whole units of money: 'US$200,000' in English, '200 000 $US' in French."""
    return format_currency(value, currency, format="¤#,##0" if lang == "en" else "#,##0 ¤",
                           locale=LOCALES[lang], currency_digits=False)


def format_share(value: float | None, lang: str) -> str:
    """A share as a percentage ('42 %' in French); a dash when there is nothing to show."""
    return "–" if value is None else format_percent(value, format="#,##0%" if lang == "en" else "#,##0 %",
                                                 locale=LOCALES[lang])


def format_day(value: date | None, lang: str) -> str:
    return "–" if value is None else format_date(value, format="long" if lang == "en" else "d MMMM y",
                                                 locale=LOCALES[lang])


def num(value: float | int | Decimal, decimals: int = 0) -> str:
    return format_number(value, current_language(), decimals)


def money(value: float | Decimal, currency: str = "USD") -> str:
    return format_money(value, current_language(), currency)


def pct(value: float | None) -> str:
    return format_share(value, current_language())


def day(value: date | None) -> str:
    return format_day(value, current_language())


def format_moment(value: datetime, lang: str) -> str:
    """A point in time in the server's zone, as a person reads it: '29 Nov 2026, 14:32'."""
    local = value.astimezone() if value.tzinfo else value
    return format_datetime(local, format="d MMM y, HH:mm", locale=LOCALES[lang])


def moment(value: datetime) -> str:
    return format_moment(value, current_language())
