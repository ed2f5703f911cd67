"""Typed inputs of the write use cases: one frozen model per use case, validated in one place.

A form gathers raw widget values into a dict and calls `parse(SomeInput, raw)`; the field names of the
input are the contract with the form's error slots. Refusals come back as the domain's `ValidationError`
with one `Problem` per field, keyed for the translation catalogs:

- a missing value             -> error.required
- text longer than the column -> error.text_too_long {max}
- a number outside its bounds -> error.number_too_small {min} / error.number_too_large {max}
- text typed into a number    -> error.number_invalid
- a value outside a list      -> error.choice_unknown
- a custom rule               -> its own key (raise `refusal("error.key", **params)` in a validator)

Amounts, exchange rates and counts have bounds taken from the column sizes, so that no value the database
would refuse (or store absurdly, as SQLite does) ever reaches it. Numbers typed as text accept what the
app itself prints: a French decimal comma, spaces, no-break and narrow no-break spaces as thousands
separators (`1 234,50`), or an English `1,234.50`; never an exponent (`1e40`).
"""
from __future__ import annotations

import math
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

from domain.errors import Problem, ValidationError

T = TypeVar("T", bound="WriteInput")

CENT = Decimal("0.01")
# Money columns are Numeric(14, 2): at most 999,999,999,999.99. A project of USD 200,000 never needs more
# than a hundred million in any currency; the bound keeps typos (an extra three zeros) and overflow out.
MAX_AMOUNT = Decimal("100000000")
# Exchange rates are Numeric(10, 4): MAD per USD is about 10; a rate above 1,000 is a typo.
MAX_EXCHANGE_RATE = Decimal("1000")
MAX_COUNT = 100_000
SHORT_TEXT, NAME_TEXT, LONG_TEXT = 60, 200, 4000

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007']")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")


class WriteInput(BaseModel):
    """Base of every use case's input: immutable, no unknown fields, surrounding whitespace stripped."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def refusal(key: str, **params: object) -> PydanticCustomError:
    """A custom rule's refusal inside a validator: `raise refusal("error.plan_amount_above_request")`."""
    return PydanticCustomError(key, key, params)


def decimal_from_text(value: Any) -> Any:
    """A number as typed by a person in French or English, or the value unchanged for pydantic to judge.

    Blank text is None (then `required` or optional applies); text that is not a plain number is refused as
    `error.number_invalid` — including exponents, infinities and NaN, which Decimal() would accept."""
    if isinstance(value, Decimal) and not value.is_finite():
        raise refusal("error.number_invalid")  # Decimal("Infinity") or NaN: no count or amount is one
    if value is None or isinstance(value, Decimal | int) and not isinstance(value, bool):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise refusal("error.number_invalid")
        return Decimal(repr(value))
    if not isinstance(value, str):
        raise refusal("error.number_invalid")
    text = _SPACES.sub("", value)
    if text == "":
        return None
    if "," in text and "." in text:
        # The last separator is the decimal one: 1.234,50 (French) or 1,234.50 (English).
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "")
    elif text.count(",") > 1 or text.count(".") > 1:
        separator = "," if text.count(",") > 1 else "."
        text = text.replace(separator, "")  # 1,234,567 or 1.234.567: thousands only
    if not _PLAIN_NUMBER.fullmatch(text):
        raise refusal("error.number_invalid")
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern above admits only plain numbers
        raise refusal("error.number_invalid") from None


def to_cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


def _cents(value: Any) -> Any:
    number = decimal_from_text(value)
    if isinstance(number, Decimal) and number.is_finite() and abs(number) <= MAX_AMOUNT * 10:
        return to_cents(number)
    return number  # out of bounds (1e40 cannot even be rounded to the cent): the bounds refuse it


def _whole(value: Any) -> Any:
    """A count typed as text or a number: 12, '12', ' 12 ', 12.0; never 12.5, 'N/A' or True."""
    if isinstance(value, bool):
        raise refusal("error.number_invalid")
    if isinstance(value, int) or value is None:
        return value
    number = decimal_from_text(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise refusal("error.number_whole")
    return int(number)


def _blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


# Value types, named for what they hold. Bounds come from the columns they are stored in.
Amount = Annotated[Decimal, BeforeValidator(_cents), Field(gt=0, le=MAX_AMOUNT)]
"""Money paid, requested or budgeted: positive, at most MAX_AMOUNT, rounded to the cent."""
AmountOrZero = Annotated[Decimal, BeforeValidator(_cents), Field(ge=0, le=MAX_AMOUNT)]
"""Money planned or budgeted that may be nothing: from 0 to MAX_AMOUNT, rounded to the cent."""
SignedAmount = Annotated[Decimal, BeforeValidator(_cents), Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT)]
ExchangeRate = Annotated[Decimal, BeforeValidator(decimal_from_text), Field(gt=0, le=MAX_EXCHANGE_RATE)]
"""MAD per USD (`mad_per_usd`)."""
Count = Annotated[int, BeforeValidator(_whole), Field(ge=0, le=MAX_COUNT)]
"""People or items counted: a whole number from 0."""
Measure = Annotated[Decimal, BeforeValidator(decimal_from_text), Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT)]
"""A result value, score or percentage, bounded by its Numeric(14, 4) column."""
OptionalDate = Annotated[date | None, BeforeValidator(_blank_is_none)]
RecordId = Annotated[int, Field(ge=1, le=2**31 - 1)]
"""The id of a stored record (an INTEGER key): never zero, negative or beyond what the column holds."""
OptionalExchangeRate = Annotated[ExchangeRate | None, BeforeValidator(_blank_is_none)]
"""A rate that may be left blank (then the year's average rate applies)."""


def Text(max_length: int, *, min_length: int = 0) -> Any:  # noqa: N802 - a type factory, read as a type
    """Text stored in a column of `max_length` characters; inner runs of whitespace are kept."""
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)]


def OptionalText(max_length: int) -> Any:  # noqa: N802
    """Text that may be left blank (stored as None)."""
    bounded = Annotated[str, StringConstraints(strip_whitespace=True, max_length=max_length)]
    return Annotated[bounded | None, BeforeValidator(_blank_is_none)]


_KEYS = {
    "missing": "error.required",
    "string_too_short": "error.required",
    "string_too_long": "error.text_too_long",
    "too_long": "error.too_many",
    "greater_than": "error.number_too_small",
    "greater_than_equal": "error.number_too_small",
    "less_than": "error.number_too_large",
    "less_than_equal": "error.number_too_large",
    "literal_error": "error.choice_unknown",
    "enum": "error.choice_unknown",
    "date_type": "error.date_invalid",
    "date_parsing": "error.date_invalid",
    "date_from_datetime_parsing": "error.date_invalid",
    "bool_type": "error.choice_unknown",
    "bool_parsing": "error.choice_unknown",
}


def _problem(error: dict[str, Any]) -> Problem:
    field = str(error["loc"][0]) if error["loc"] else "__root__"
    kind, ctx = error["type"], dict(error.get("ctx") or {})
    if kind.startswith("error."):
        return Problem(field, kind, ctx)
    if kind in ("string_too_long", "too_long"):
        return Problem(field, _KEYS[kind], {"max": ctx.get("max_length")})
    if kind in ("greater_than", "greater_than_equal"):
        return Problem(field, "error.number_too_small", {"min": _plain(ctx.get("gt", ctx.get("ge")))})
    if kind in ("less_than", "less_than_equal"):
        return Problem(field, "error.number_too_large", {"max": _plain(ctx.get("lt", ctx.get("le")))})
    if kind in ("none_required",) or (kind.endswith("_type") and error.get("input") is None):
        return Problem(field, "error.required")
    if kind in _KEYS:
        return Problem(field, _KEYS[kind])
    # decimal_parsing, int_parsing, finite_number, decimal_max_digits...: a number that is not one we store.
    return Problem(field, "error.number_invalid")


def _plain(value: object) -> object:
    return format(value, "f") if isinstance(value, Decimal) else value


def parse(kind: type[T], raw: dict[str, Any] | None = None, **fields: Any) -> T:
    """Validate raw values into the use case's input, or raise ValidationError with a problem per field."""
    data = dict(raw or {}) | fields
    try:
        return kind.model_validate(data)
    except PydanticValidationError as error:
        problems, seen = [], set()
        for item in error.errors(include_url=False):
            problem = _problem(item)
            if problem.field not in seen:  # one message per field: the first is the one to fix first
                seen.add(problem.field)
                problems.append(problem)
        raise ValidationError(problems) from None


def within(day: date | None, start: date, end: date) -> bool:
    """A date inside [start, end]; None is not inside anything."""
    return day is not None and start <= day <= end


def months_after(day: date, months: int) -> date:
    """The same day `months` later (the last day of the month when that day does not exist)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def date_problems(field: str, day: date | None, start: date, end: date, *, grace_months: int = 0,
                  required: bool = True, today: date | None = None) -> list[Problem]:
    """The one date rule of field dates: given, inside the project period (follow-ups may run
    `grace_months` past its end), and not in the future (`today` is read at call time, never at import)."""
    if day is None:
        return [Problem(field, "error.required")] if required else []
    last = months_after(end, grace_months) if grace_months else end
    if not start <= day <= last:
        return [Problem(field, "error.date_outside_project", {"start": start.isoformat(), "end": last.isoformat()})]
    if day > (today or date.today()):
        return [Problem(field, "error.date_in_future")]
    return []
