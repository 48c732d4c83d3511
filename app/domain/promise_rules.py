"""Whether a promise to pay was kept: pure rules over the money that came in after it was made.

A promise covers some invoices (or the whole account) and an amount, by a date. What counts is
what was applied to those invoices (or, for the account, everything the customer paid) from the
day the promise was made to its date plus a grace of a few days, and that Relance learnt of after
the promise was recorded: a payment recorded or imported before it, even on the same day, was the
reason for the promise's amount, not its keeping.

- all of it, by then: **kept** (even a little late, within the grace);
- while the date plus the grace has not passed: still **pending**;
- after that, some of it: **partly kept**; none: **broken**.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta


class PromiseOutcome(enum.StrEnum):
    PENDING = "pending"
    KEPT = "kept"
    PARTLY_KEPT = "partly_kept"
    BROKEN = "broken"


@dataclass(frozen=True)
class PromiseTerms:
    amount_cents: int
    due: date
    made_on: date
    invoice_ids: frozenset[int] = frozenset()  # empty: the account as a whole
    made_at: datetime | None = None  # when it was recorded


@dataclass(frozen=True)
class MoneyIn:
    """Money applied to an invoice (or paid on the account, `invoice_id` None) on a day."""

    on: date
    cents: int
    invoice_id: int | None
    recorded_at: datetime | None = None  # when Relance learnt of it (None: before we kept it)


def _after(money: MoneyIn, terms: PromiseTerms) -> bool:
    if money.on < terms.made_on:
        return False
    if money.recorded_at is None or terms.made_at is None:
        return True
    return money.recorded_at > terms.made_at


@dataclass(frozen=True)
class Evaluation:
    outcome: PromiseOutcome
    paid_cents: int


def evaluate(
    terms: PromiseTerms, money: Iterable[MoneyIn], today: date, grace_days: int
) -> Evaluation:
    last_day = terms.due + timedelta(days=grace_days)
    paid = sum(
        m.cents
        for m in money
        if m.on <= min(last_day, today)
        and _after(m, terms)
        and (not terms.invoice_ids or m.invoice_id in terms.invoice_ids)
    )
    if paid >= terms.amount_cents:
        return Evaluation(PromiseOutcome.KEPT, paid)
    if today <= last_day:
        return Evaluation(PromiseOutcome.PENDING, paid)
    if paid > 0:
        return Evaluation(PromiseOutcome.PARTLY_KEPT, paid)
    return Evaluation(PromiseOutcome.BROKEN, 0)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return date(year, month, min(day.day, last_day))


def split_equally(
    total_cents: int, count: int, first: date, every: str | int = "month"
) -> list[tuple[date, int]]:
    """`count` instalments adding up to the total exactly (the last one takes the odd cents),
    monthly on the same day, or every so many days."""
    if count <= 0 or total_cents <= 0:
        raise ValueError("a plan needs at least one instalment and an amount")
    share = total_cents // count
    amounts = [share] * (count - 1) + [total_cents - share * (count - 1)]
    days = [
        add_months(first, n) if every == "month" else first + timedelta(days=int(every) * n)
        for n in range(count)
    ]
    return list(zip(days, amounts, strict=True))


def instalment_terms(
    schedule: list[tuple[date, int]],
    index: int,
    made_on: date,
    invoice_ids: frozenset[int],
    made_at: datetime | None = None,
) -> PromiseTerms:
    """Instalment `index` is kept when everything due by its date has come in."""
    due, _amount = schedule[index]
    cumulative = sum(cents for _day, cents in schedule[: index + 1])
    return PromiseTerms(cumulative, due, made_on, invoice_ids, made_at)
