"""Money as integer minor units with a currency: parsing what users type, formatting with Babel."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import cache

from babel import Locale
from babel.numbers import format_currency, get_currency_precision

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_CURRENCY_MARKS = re.compile(r"(€|EUR|£|GBP|CHF|\$|USD)", re.IGNORECASE)


# The largest amount Relance takes, in units of the currency: far beyond any invoice, and low
# enough that SQLite's 64-bit sums of such amounts cannot overflow in any real book.
MAX_UNITS = 10**12


class AmountError(ValueError):
    """A text could not be read as an amount of money."""


@cache
def minor_units(currency: str) -> int:
    """Number of decimals of a currency (2 for EUR, 0 for JPY), from the CLDR data."""
    return int(get_currency_precision(currency))


@cache
def ceiling(currency: str = "EUR") -> int:
    """`MAX_UNITS` in minor units of `currency`."""
    return MAX_UNITS * int(10 ** minor_units(currency))


def too_large(cents: int, currency: str = "EUR") -> bool:
    """Whether an amount, either way, is beyond what Relance takes."""
    return abs(cents) > ceiling(currency)


# An amount written with its currency: `$13.50`, `13,50 €`, `USD 13.50`, `-£40`, `(CA$12.00)`.
_MARKED = re.compile(
    r"(?P<lead>[+\-(]?)\s*(?P<pre>[^\d\s.,+\-()']+)?\s*"
    r"(?P<body>[+\-(]?\d[\d\s\u00a0\u202f\u2009.,']*\)?)\s*(?P<post>[^\d\s.,+\-()']+)?"
)
# Locales whose currency symbols an export may write; a symbol several currencies share (`$`,
# `¥`, `kr`) means the book's currency when it is one of them, else what it means in English.
_SYMBOL_LOCALES = ("en", "fr", "en_US", "en_GB", "en_CA", "fr_CA", "en_AU", "en_NZ", "de_CH")


@cache
def _symbols() -> dict[str, frozenset[str]]:
    from babel.numbers import get_currency_symbol, list_currencies

    table: dict[str, set[str]] = {}
    for code in list_currencies():
        for locale in _SYMBOL_LOCALES:
            symbol = _SPACES.sub("", get_currency_symbol(code, locale))
            if symbol != code:
                table.setdefault(symbol.casefold(), set()).add(code)
    return {symbol: frozenset(codes) for symbol, codes in table.items()}


@cache
def _codes() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


@cache  # a file writes the same few signs on every row
def currency_named(mark: str, book: str = "EUR") -> str:
    """The ISO code a currency sign or code names (`€`, `£`, `$`, `US$`, `usd`), or AmountError."""
    token = _SPACES.sub("", mark)
    if token.upper() in _codes():
        return token.upper()
    codes = _symbols().get(token.casefold())
    if not codes:
        raise AmountError(f"“{mark}” is not a currency")
    if len(codes) == 1:
        return next(iter(codes))
    if book in codes:
        return book
    from babel.numbers import get_currency_symbol

    english = [c for c in sorted(codes) if get_currency_symbol(c, "en") == token]
    return english[0] if english else sorted(codes)[0]


def split_currency(text: str, book: str = "EUR") -> tuple[str, str | None]:
    """The amount without its currency mark, and the currency the mark names (None: no mark)."""
    raw = text.strip()
    if not raw or (raw[0].isdigit() and raw[-1].isdigit()):
        return raw, None  # the common case, no mark, without a regular expression
    match = _MARKED.fullmatch(raw)
    if match is None or (match["pre"] and match["post"]):
        if match is not None and currency_named(match["pre"], book) == currency_named(
            match["post"], book
        ):  # `€ 12,00 EUR`: written twice, one currency
            return match["lead"] + match["body"].strip(), currency_named(match["pre"], book)
        return raw, None
    mark = match["pre"] or match["post"]
    if not mark:
        return raw, None
    return match["lead"] + match["body"].strip(), currency_named(mark, book)


def parse_decimal(text: str) -> Decimal:
    """Read an amount typed by a person: `1234,50`, `1234.50`, `1 234,50`, `1.234,50`, `-12`.

    A single separator followed by exactly three digits is ambiguous (`1,234`); we read it as a
    thousands separator only when it is a point or comma that repeats or is followed by another
    separator, and as a decimal mark otherwise, because people type cents far more than thousands.
    """
    raw = _CURRENCY_MARKS.sub("", text.strip())
    raw = _SPACES.sub("", raw)
    if raw.startswith("(") and raw.endswith(")"):
        raw = "-" + raw[1:-1]
    if not raw or not re.fullmatch(r"[+-]?[\d.,]+", raw) or not re.search(r"\d", raw):
        raise AmountError(f"“{text}” is not an amount")
    sign = ""
    if raw[0] in "+-":
        sign, raw = ("-" if raw[0] == "-" else ""), raw[1:]
    commas, points = raw.count(","), raw.count(".")
    if commas and points:
        decimal_mark = "," if raw.rfind(",") > raw.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        if raw.count(decimal_mark) > 1 or not _grouped(raw[: raw.rfind(decimal_mark)], thousands):
            raise AmountError(f"“{text}” is not an amount")
        raw = raw.replace(thousands, "").replace(decimal_mark, ".")
    elif commas > 1 or points > 1:
        mark = "," if commas else "."
        if not _grouped(raw, mark):
            raise AmountError(f"“{text}” is not an amount")
        raw = raw.replace(mark, "")
    else:
        raw = raw.replace(",", ".")
    try:
        value = Decimal(sign + raw)
    except InvalidOperation as exc:
        raise AmountError(f"“{text}” is not an amount") from exc
    if not value.is_finite():
        raise AmountError(f"“{text}” is not an amount")
    return value


def _grouped(integer_part: str, mark: str) -> bool:
    """Whether thousands separators split the digits as `1.234.567` does (so `1,2.30` is a typo)."""
    first, *rest = integer_part.split(mark)
    return 1 <= len(first) <= 3 and all(len(group) == 3 for group in rest)


def to_minor(value: Decimal, currency: str = "EUR") -> int:
    """Convert a decimal amount to integer minor units, refusing fractions of a cent."""
    scale = Decimal(10) ** minor_units(currency)
    scaled = value * scale
    if scaled != scaled.to_integral_value():
        raise AmountError(f"{value} has more decimals than {currency} allows")
    return int(scaled)


_PLAIN = re.compile(r"(-?)(\d{1,15})(?:[.,](\d{1,2}))?")


def parse_amount(text: str, currency: str = "EUR") -> int:
    """Read a typed amount into minor units of `currency`."""
    places = minor_units(currency)
    plain = _PLAIN.fullmatch(_SPACES.sub("", text))
    if plain and places == 2:  # the common case, `1234,5` or `-1 234.56`, without Decimal
        sign, units, fraction = plain.groups()
        cents = int(units) * 100 + int((fraction or "0").ljust(2, "0"))
        return -cents if sign else cents
    return to_minor(parse_decimal(text), currency)


def to_decimal(cents: int, currency: str = "EUR") -> Decimal:
    """Minor units back to a Decimal with the currency's exact number of places."""
    places = minor_units(currency)
    return (Decimal(cents) / (Decimal(10) ** places)).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN
    )


def to_plain(cents: int, currency: str = "EUR") -> str:
    """Machine form used by the CLI's JSON and CSV: `1234.50`, always with the currency's places.

    Written from the integer (`to_decimal`'s `f` form, which a test holds it to): a report of a
    large book writes a hundred thousand amounts, through `plain_writer`.
    """
    return plain_writer(currency)(cents)


@cache
def plain_writer(currency: str = "EUR") -> Callable[[int], str]:
    """`to_plain` for one currency, its places looked up once: for a report's many amounts."""
    places = minor_units(currency)
    if not places:
        return str
    scale, pattern = 10**places, f"%d.%0{places}d"

    def plain(cents: int) -> str:
        text: str = pattern % divmod(abs(cents), scale)
        return text if cents >= 0 else "-" + text

    return plain


@dataclass(frozen=True, slots=True)
class _Shape:
    """How a locale writes amounts of a currency, learnt once from Babel: `1 234,56 €`."""

    prefix: str
    suffix: str
    group: str
    decimal: str
    places: int


@cache
def _shape(currency: str, locale: str) -> _Shape | None:
    places = minor_units(currency)
    parsed = Locale.parse(locale)
    if parsed.currency_formats["standard"].grouping != (3, 3):
        return None  # e.g. Indian grouping: leave it to Babel
    probe = "1234567" + ("." + "89"[:places].ljust(places, "0") if places else "")
    text = str(format_currency(Decimal(probe), currency, locale=parsed))
    first = text.index("1")
    last = max(i for i, char in enumerate(text) if char.isdigit())
    body = text[first : last + 1]
    group = body[1]
    decimal = body[-places - 1] if places else ""
    if group.isdigit() or (places and decimal.isdigit()):
        return None
    return _Shape(text[:first], text[last + 1 :], group, decimal, places)


def format_money(cents: int, currency: str, locale: str) -> str:
    """Human form for the user's locale: `1 234,50 €` in fr_FR, `€1,234.50` in en_GB.

    Same output as Babel's `format_currency` (a test holds them together), without Babel's
    per-call lookups: an import writes a hundred thousand amounts into the history.
    """
    shape = _shape(currency, locale)
    if shape is None or cents < 0:
        return str(format_currency(to_decimal(cents, currency), currency, locale=locale))
    units, fraction = divmod(cents, 10**shape.places)
    digits = f"{units:,}".replace(",", shape.group)
    if shape.places:
        digits += shape.decimal + str(fraction).zfill(shape.places)
    return f"{shape.prefix}{digits}{shape.suffix}"


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in minor units of one currency; arithmetic refuses to mix currencies."""

    cents: int
    currency: str = "EUR"

    def __post_init__(self) -> None:
        if type(self.cents) is not int:  # a float (or a bool) here is a bug upstream
            raise TypeError(f"money is integer minor units, not {type(self.cents).__name__}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.cents + other.cents, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.cents - other.cents, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.cents, self.currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot mix {self.currency} and {other.currency}")

    @property
    def decimal(self) -> Decimal:
        return to_decimal(self.cents, self.currency)

    def plain(self) -> str:
        return to_plain(self.cents, self.currency)

    def format(self, locale: str) -> str:
        return format_money(self.cents, self.currency, locale)

    @classmethod
    def parse(cls, text: str, currency: str = "EUR") -> Money:
        return cls(parse_amount(text, currency), currency)
