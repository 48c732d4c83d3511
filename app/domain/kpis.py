"""Figures that describe how a customer pays: pure functions over plain values."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from fractions import Fraction

WINDOW_DAYS = 365


def average_days_late(
    invoices: Iterable[tuple[date, date | None]], today: date, window_days: int = WINDOW_DAYS
) -> int | None:
    """Mean days late of the invoices due within the window up to today.

    Each invoice is (due date, settled on or None); one settled on time counts 0 days, one still
    open counts its days late so far. None when no invoice fell due in the window.
    """
    start = today - timedelta(days=window_days)
    late = [
        max(((settled or today) - due).days, 0)
        for due, settled in invoices
        if start <= due <= today
    ]
    if not late:
        return None
    return round(Fraction(sum(late), len(late)))


def share_kept(statuses: Iterable[str]) -> Fraction | None:
    """The share of evaluated promises that were kept (partly kept counts half)."""
    weights = {"kept": Fraction(1), "partly_kept": Fraction(1, 2), "broken": Fraction(0)}
    evaluated = [weights[s] for s in statuses if s in weights]
    if not evaluated:
        return None
    return sum(evaluated, Fraction(0)) / len(evaluated)
