"""Dates as people type them and as the command line exchanges them; the fixed clock."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest

from app.domain.calendar import Clock, DateError, days_between, parse_date, parse_iso_date


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-11-22", date(2026, 11, 22)),
        (" 2026-11-22 ", date(2026, 11, 22)),
        ("22/11/2026", date(2026, 11, 22)),
        ("22.11.2026", date(2026, 11, 22)),
        ("22-11-2026", date(2026, 11, 22)),
        ("1/2/2026", date(2026, 2, 1)),
        ("29/02/2028", date(2028, 2, 29)),
    ],
)
def test_iso_and_french_dates_are_read(typed: str, expected: date) -> None:
    assert parse_date(typed) == expected


@pytest.mark.parametrize(
    "typed",
    ["", "abc", "2026-02-30", "30/02/2026", "31/04/2026", "29/02/2027", "32/01/2026", "22/13/2026"],
)
def test_impossible_dates_are_refused(typed: str) -> None:
    with pytest.raises(DateError):
        parse_date(typed)


def test_day_month_year_is_never_read_as_month_day_year() -> None:
    assert parse_date("02/03/2026") == date(2026, 3, 2)
    with pytest.raises(DateError):
        parse_date("03/22/2026")


@pytest.mark.parametrize("typed", ["22/11/26", "2026/11/22", "11-22-2026"])
def test_ambiguous_or_short_forms_are_refused(typed: str) -> None:
    with pytest.raises(DateError):
        parse_date(typed)


def test_command_line_dates_are_strict_iso() -> None:
    assert parse_iso_date("2026-11-22") == date(2026, 11, 22)
    assert parse_iso_date(" 2026-11-22\n") == date(2026, 11, 22)


@pytest.mark.parametrize(
    "typed", ["22/11/2026", "2026-2-3", "20261122", "2026-W47-1", "2026-11-22T10:00", "2026-02-30"]
)
def test_command_line_refuses_anything_but_yyyy_mm_dd(typed: str) -> None:
    with pytest.raises(DateError, match="YYYY-MM-DD"):
        parse_iso_date(typed)


def test_days_between_counts_calendar_days() -> None:
    assert days_between(date(2026, 10, 31), date(2026, 11, 22)) == 22
    assert days_between(date(2026, 11, 22), date(2026, 11, 22)) == 0
    assert days_between(date(2026, 11, 23), date(2026, 11, 22)) == -1


def test_fixed_clock_on_a_date_gives_that_day_and_an_aware_moment() -> None:
    clock = Clock.fixed(date(2026, 11, 22))
    assert clock.today() == date(2026, 11, 22)
    assert clock.now().tzinfo is not None
    assert clock.now() == clock.now()


def test_fixed_clock_on_a_moment_never_moves() -> None:
    moment = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
    clock = Clock.fixed(moment)
    assert clock.now() == moment
    assert clock.today() == date(2026, 11, 22)


def test_system_clock_tells_the_time_of_the_machine_with_its_offset() -> None:
    before = datetime.now(UTC)
    now = Clock().now()
    after = datetime.now(UTC)
    assert now.utcoffset() is not None  # aware: comparable with stored UTC moments
    assert before <= now <= after
    assert Clock().today() in {before.astimezone().date(), after.astimezone().date()}


@pytest.fixture
def time_zone() -> Iterator[Callable[[str], None]]:
    """Switch the process time zone for one test, and switch it back afterwards."""
    saved = os.environ.get("TZ")

    def use(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield use
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="time zones are switched with tzset")
@pytest.mark.parametrize(
    "zone", ["UTC", "Europe/Paris", "Pacific/Auckland", "Pacific/Kiritimati", "Pacific/Pago_Pago"]
)
def test_fixed_clock_gives_the_same_day_in_every_time_zone(
    time_zone: Callable[[str], None], zone: str
) -> None:
    time_zone(zone)
    assert Clock.fixed(date(2026, 11, 22)).today() == date(2026, 11, 22)
    assert Clock.fixed(date(2026, 6, 30)).today() == date(2026, 6, 30)
