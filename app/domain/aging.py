"""Aging of receivables: how much is not yet due, and how late the rest is, as of any date."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

BUCKETS: tuple[str, ...] = ("not_due", "1-30", "31-60", "61-90", "over_90")
# Upper bound (days past due, inclusive) of every bucket but the last.
BUCKET_LIMITS: tuple[tuple[str, int], ...] = (
    ("not_due", 0),
    ("1-30", 30),
    ("31-60", 60),
    ("61-90", 90),
)


def bucket_for(due_date: date, as_of: date) -> str:
    """The bucket of an open item: days past due as of a date (due today is not yet late)."""
    days = (as_of - due_date).days
    for name, limit in BUCKET_LIMITS:
        if days <= limit:
            return name
    return BUCKETS[-1]


@dataclass(slots=True)
class Aging:
    """Open amounts split by lateness; `total` always equals the sum of the buckets."""

    buckets: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))

    @property
    def total(self) -> int:
        return sum(self.buckets.values())

    @property
    def overdue(self) -> int:
        return self.total - self.buckets["not_due"]

    def add(self, due_date: date, open_cents: int, as_of: date) -> None:
        self.buckets[bucket_for(due_date, as_of)] += open_cents

    def merge(self, other: Aging) -> None:
        for key, value in other.buckets.items():
            self.buckets[key] += value


def age(items: Iterable[tuple[date, int]], as_of: date) -> Aging:
    """Aging of `(due_date, open_cents)` pairs as of a date."""
    result = Aging()
    for due_date, open_cents in items:
        if open_cents:
            result.add(due_date, open_cents, as_of)
    return result
