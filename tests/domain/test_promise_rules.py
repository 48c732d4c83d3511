"""Promises judged on the money that came in: kept, kept late within grace, partly kept, broken."""

from __future__ import annotations

from datetime import date

from app.domain.promise_rules import MoneyIn, PromiseOutcome, PromiseTerms, evaluate

MADE, DUE = date(2026, 11, 10), date(2026, 11, 20)
TERMS = PromiseTerms(100_000, DUE, MADE, frozenset({1, 2}))


def test_kept_on_time() -> None:
    money = [MoneyIn(date(2026, 11, 18), 60_000, 1), MoneyIn(date(2026, 11, 20), 40_000, 2)]
    result = evaluate(TERMS, money, date(2026, 11, 21), grace_days=3)
    assert (result.outcome, result.paid_cents) == (PromiseOutcome.KEPT, 100_000)


def test_kept_late_within_the_grace() -> None:
    money = [MoneyIn(date(2026, 11, 23), 100_000, 1)]
    assert evaluate(TERMS, money, date(2026, 11, 23), 3).outcome is PromiseOutcome.KEPT


def test_pending_until_the_grace_has_passed_then_broken() -> None:
    assert evaluate(TERMS, [], date(2026, 11, 23), 3).outcome is PromiseOutcome.PENDING
    assert evaluate(TERMS, [], date(2026, 11, 24), 3).outcome is PromiseOutcome.BROKEN


def test_partly_kept_and_money_outside_the_window_or_the_invoices_does_not_count() -> None:
    money = [
        MoneyIn(date(2026, 11, 15), 30_000, 1),
        MoneyIn(date(2026, 11, 9), 50_000, 1),  # before the promise was made
        MoneyIn(date(2026, 11, 15), 50_000, 9),  # another invoice
        MoneyIn(date(2026, 11, 25), 70_000, 2),  # after the grace
    ]
    result = evaluate(TERMS, money, date(2026, 11, 30), 3)
    assert (result.outcome, result.paid_cents) == (PromiseOutcome.PARTLY_KEPT, 30_000)


def test_a_promise_on_the_account_counts_every_payment() -> None:
    account = PromiseTerms(50_000, DUE, MADE)
    money = [MoneyIn(date(2026, 11, 12), 20_000, None), MoneyIn(date(2026, 11, 19), 30_000, 7)]
    assert evaluate(account, money, date(2026, 11, 19), 0).outcome is PromiseOutcome.KEPT
