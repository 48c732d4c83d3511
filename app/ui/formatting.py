"""How the window shows amounts, dates and durations, in the current language."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from babel.numbers import format_percent

from app.domain.calendar import format_date
from app.domain.money import format_money
from app.i18n import current_locale, ngettext

DATE_FORMAT = "dd/MM/yyyy"  # Qt date edits: the day first, as in France and the UK


def money_text(cents: int, currency: str) -> str:
    return format_money(cents, currency, current_locale())


def date_text(value: date, fmt: str = "short") -> str:
    return format_date(value, current_locale(), fmt)


def days_text(days: int) -> str:
    """`12 days`, or nothing for zero (nothing late)."""
    if not days:
        return ""
    return ngettext("{n} day", "{n} days", days).format(n=days)


def datetime_text(value: datetime) -> str:
    """A moment in the user's time zone: the short date, then hours and minutes."""
    local = value.astimezone()
    return f"{date_text(local.date())} {local:%H:%M}"


def percent_text(share: Fraction) -> str:
    """A share as a whole percentage, spaced as the language wants (`67 %`, `67%`)."""
    value = Decimal(share.numerator) / Decimal(share.denominator)
    return str(format_percent(value, locale=current_locale()))
