"""Dates as users type them and as the CLI exchanges them; the injectable clock."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime


class DateError(ValueError):
    """A text could not be read as a date."""


_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def parse_date(text: str) -> date:
    """Read ISO `2026-11-22` or French `22/11/2026` (also `22.11.2026`)."""
    raw = text.strip()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        pass
    match = _DMY.fullmatch(raw)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError as exc:
            raise DateError(f"“{text}” is not a valid date") from exc
    raise DateError(f"“{text}” is not a date (expected YYYY-MM-DD or DD/MM/YYYY)")


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_iso_date(text: str) -> date:
    """Strict ISO date, as the command line contract requires (not `20261122` nor `2026-W47-1`)."""
    raw = text.strip()
    try:
        if not _ISO.fullmatch(raw):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise DateError(f"“{text}” is not a date in the form YYYY-MM-DD") from exc


def format_date(value: date, locale: str, fmt: str = "medium") -> str:
    """Date for people, in the user's locale (`22 nov. 2026`, `22 Nov 2026`)."""
    from babel.dates import format_date as babel_format_date  # not at every command's start

    return str(babel_format_date(value, format=fmt, locale=locale))


def days_between(start: date, end: date) -> int:
    return (end - start).days


@dataclass(frozen=True)
class Clock:
    """Where "now" comes from: the system by default, a fixed moment in tests and with `--as-of`."""

    now_fn: Callable[[], datetime] = lambda: datetime.now(UTC)

    def now(self) -> datetime:
        return self.now_fn()

    def today(self) -> date:
        return self.now().astimezone().date()

    @classmethod
    def fixed(cls, moment: datetime | date) -> Clock:
        if not isinstance(moment, datetime):
            # Local noon, so that `today()` is this very day in every time zone (noon UTC is
            # already tomorrow in New Zealand).
            moment = datetime(moment.year, moment.month, moment.day, 12).astimezone()
        fixed_moment = moment
        return cls(lambda: fixed_moment)
