"""Aging buckets: exact boundaries, and totals that always add up."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.aging import BUCKET_LIMITS, BUCKETS, Aging, age, bucket_for

AS_OF = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("days_late", "bucket"),
    [
        (-365, "not_due"),
        (-1, "not_due"),
        (0, "not_due"),
        (1, "1-30"),
        (30, "1-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, "over_90"),
        (3650, "over_90"),
    ],
)
def test_bucket_boundaries_are_exact(days_late: int, bucket: str) -> None:
    assert bucket_for(AS_OF - timedelta(days=days_late), AS_OF) == bucket


def test_invoice_due_today_is_not_yet_late() -> None:
    assert bucket_for(AS_OF, AS_OF) == "not_due"


def test_bucket_limits_cover_every_bucket_but_the_last_in_order() -> None:
    assert [name for name, _ in BUCKET_LIMITS] == list(BUCKETS[:-1])
    limits = [limit for _, limit in BUCKET_LIMITS]
    assert limits == sorted(limits)


def test_aging_splits_open_amounts_by_lateness() -> None:
    aging = age(
        [
            (AS_OF + timedelta(days=10), 100),
            (AS_OF, 200),
            (AS_OF - timedelta(days=1), 300),
            (AS_OF - timedelta(days=45), 400),
            (AS_OF - timedelta(days=90), 500),
            (AS_OF - timedelta(days=200), 600),
            (AS_OF - timedelta(days=200), 0),
        ],
        AS_OF,
    )
    assert aging.buckets == {
        "not_due": 300,
        "1-30": 300,
        "31-60": 400,
        "61-90": 500,
        "over_90": 600,
    }
    assert aging.total == 2100
    assert aging.overdue == 1800


def test_aging_of_nothing_is_zero_in_every_bucket() -> None:
    aging = age([], AS_OF)
    assert aging.buckets == dict.fromkeys(BUCKETS, 0) == Aging().buckets
    assert aging.total == aging.overdue == 0


def test_merged_agings_add_bucket_by_bucket() -> None:
    first = age([(AS_OF, 100), (AS_OF - timedelta(days=40), 50)], AS_OF)
    second = age([(AS_OF - timedelta(days=40), 25)], AS_OF)
    first.merge(second)
    assert first.buckets["31-60"] == 75
    assert first.total == 175
    assert second.total == 25


def test_an_invoice_moves_bucket_as_days_pass() -> None:
    due = date(2026, 10, 1)
    assert bucket_for(due, date(2026, 10, 1)) == "not_due"
    assert bucket_for(due, date(2026, 10, 31)) == "1-30"
    assert bucket_for(due, date(2026, 11, 1)) == "31-60"


@settings(max_examples=100)
@given(
    items=st.lists(
        st.tuples(
            st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)),
            st.integers(min_value=0, max_value=10**9),
        ),
        max_size=30,
    ),
    as_of=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
)
def test_sum_of_buckets_equals_open_total(items: list[tuple[date, int]], as_of: date) -> None:
    aging = age(items, as_of)
    assert set(aging.buckets) == set(BUCKETS)
    assert sum(aging.buckets.values()) == aging.total == sum(cents for _, cents in items)
    assert aging.overdue == sum(cents for due, cents in items if due < as_of)
    for name in BUCKETS:
        expected = sum(cents for due, cents in items if bucket_for(due, as_of) == name)
        assert aging.buckets[name] == expected


@given(
    due=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    as_of=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
)
def test_bucket_never_gets_earlier_as_time_passes(due: date, as_of: date) -> None:
    later = as_of + timedelta(days=1)
    assert BUCKETS.index(bucket_for(due, later)) >= BUCKETS.index(bucket_for(due, as_of))
