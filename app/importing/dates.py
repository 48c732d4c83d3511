"""Reading a file's date columns: day first or month first, decided once per column.

`11/5/2019` is the 11th of May to a French export and November the 5th to an American one. A
column is read one way as a whole, decided from its values: one value whose first part is over
12 (`29/01/2020`) makes it day first, one whose second part is over 12 (`1/29/2020`) month
first. A column whose values all fit both ways follows the file's other date columns when their
values decided them (one program writes all its dates one way), else the file's language (French
headers: day first), else the book's locale (month first where its short date begins with the
month, as in the United States). ISO dates and date-times (`2021-01-28T07:57:37+00:00`,
`2021-01-28 05:14:15`) are read as the day they name, whatever the column.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from app.domain.calendar import DateError


class Order(enum.StrEnum):
    DAY_FIRST = "day_first"
    MONTH_FIRST = "month_first"


class Basis(enum.StrEnum):
    """Why a column is read in its order."""

    VALUES = "values"  # a value only one order can read
    OTHER_COLUMN = "other_column"  # another date column of the file, decided by its values
    LANGUAGE = "language"  # the file's headers are French
    LOCALE = "locale"  # the book's locale


@dataclass(frozen=True)
class ColumnOrder:
    order: Order
    basis: Basis
    example: str = ""  # the value that decided it, when `basis` is VALUES or OTHER_COLUMN
    column: str = ""  # the column that decided it, when `basis` is OTHER_COLUMN


# Day, month and year separated by `/`, `.` or `-`; a year of two digits is read in 2000–2099.
_PARTS = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})")
_ISO_DAY = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)


def _parts(text: str) -> tuple[int, int, int] | None:
    match = _PARTS.fullmatch(text.strip())
    if match is None:
        return None
    first, second, year = match.groups()
    return int(first), int(second), int(year) + (2000 if len(year) == 2 else 0)


def decided_by_values(values: Iterable[str]) -> ColumnOrder | None:
    """The order the first value that only one order can read gives, or None."""
    for value in values:
        parts = _parts(value)
        if parts is None:
            continue
        first, second, _year = parts
        if first > 12 >= second:
            return ColumnOrder(Order.DAY_FIRST, Basis.VALUES, value.strip())
        if second > 12 >= first:
            return ColumnOrder(Order.MONTH_FIRST, Basis.VALUES, value.strip())
    return None


def locale_order(locale: str) -> Order:
    """Month first where the locale's short date starts with the month (`M/d/yy`, en_US)."""
    try:
        pattern = Locale.parse(locale).date_formats["short"].pattern
    except (UnknownLocaleError, ValueError, KeyError):
        return Order.DAY_FIRST
    letters = [c for c in pattern if c in "dMy"]
    return Order.MONTH_FIRST if letters and letters[0] == "M" else Order.DAY_FIRST


def file_orders(
    columns: Mapping[str, Iterable[str]], *, french_file: bool, locale: str
) -> dict[str, ColumnOrder]:
    """Each date column's order (by header). A column its values leave open follows the file's
    other date columns when those were decided, and agree: one program wrote all its dates one
    way. Else it follows the file's language, else the book's locale."""
    decided = {header: decided_by_values(values) for header, values in columns.items()}
    known = {header: order for header, order in decided.items() if order is not None}
    agreed = {order.order for order in known.values()}
    orders = {}
    for header, order in decided.items():
        if order is not None:
            orders[header] = order
        elif len(agreed) == 1:
            source, witness = next(iter(known.items()))
            orders[header] = ColumnOrder(witness.order, Basis.OTHER_COLUMN, witness.example, source)
        elif french_file:
            orders[header] = ColumnOrder(Order.DAY_FIRST, Basis.LANGUAGE)
        else:
            orders[header] = ColumnOrder(locale_order(locale), Basis.LOCALE)
    return orders


@lru_cache(maxsize=8192)  # a file's dates repeat: an invoice's on each of its item lines
def read_date(text: str, order: Order = Order.DAY_FIRST) -> date:
    """A date as a file writes it, the column's order telling `11/5/2019` apart."""
    raw = text.strip()
    iso = _ISO_DAY.fullmatch(raw)
    try:
        if iso is not None:
            return date(*(int(g) for g in iso.groups()))
        parts = _parts(raw)
        if parts is not None:
            first, second, year = parts
            day, month = (first, second) if order is Order.DAY_FIRST else (second, first)
            return date(year, month, day)
        return datetime.fromisoformat(raw).date()  # other ISO forms: `20260122`, weeks…
    except ValueError as exc:
        raise DateError(f"“{text}” is not a date") from exc
