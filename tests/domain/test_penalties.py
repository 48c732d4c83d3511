"""Late-payment penalties: French and British rules, per half-year, never for individuals."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from app.domain.penalties import (
    FR,
    GB,
    LateInvoice,
    RatePeriod,
    fixed_compensation_cents,
    interest_cents,
    penalties,
)

PERIODS = [
    RatePeriod(FR, date(2025, 1, 1), 315, 371),
    RatePeriod(FR, date(2025, 7, 1), 215, 276),
    RatePeriod(FR, date(2026, 1, 1), 215, 262),
    RatePeriod(FR, date(2024, 1, 1), 450, 507),
    RatePeriod(GB, date(2025, 7, 1), 425),
    RatePeriod(GB, date(2026, 1, 1), 375),
]


def test_french_rate_is_ecb_plus_ten_points_unless_three_times_legal_is_higher() -> None:
    assert RatePeriod(FR, date(2026, 1, 1), 215, 262).rate_bp() == 1215
    assert RatePeriod(FR, date(2024, 1, 1), 450, 507).rate_bp() == 1521  # the floor wins
    assert RatePeriod(FR, date(2026, 1, 1), 215, 262).rate_bp(agreed_bp=500) == 786


def test_interest_within_one_half_year() -> None:
    # 10,000.00 € late 31 days in 2026 H1 at 12.15 %: 10000 × 0.1215 × 31 / 365 = 103.19
    cents = interest_cents(1_000_000, date(2026, 2, 28), date(2026, 3, 31), PERIODS, FR)
    assert cents == 10319


def test_interest_across_half_years_uses_each_periods_rate() -> None:
    due, as_of = date(2025, 6, 20), date(2025, 7, 10)
    expected = Fraction(1_000_000 * 1315 * 10, 10_000 * 365) + Fraction(
        1_000_000 * 1215 * 10, 10_000 * 365
    )
    assert interest_cents(1_000_000, due, as_of, PERIODS, FR) == round(expected)


def test_nothing_before_the_due_date_or_on_it() -> None:
    assert interest_cents(1_000_000, date(2026, 3, 1), date(2026, 3, 1), PERIODS, FR) == 0
    assert interest_cents(1_000_000, date(2026, 3, 2), date(2026, 3, 1), PERIODS, FR) == 0


def test_after_the_last_known_period_the_last_rate_applies() -> None:
    a = interest_cents(100_000, date(2026, 9, 1), date(2026, 10, 1), PERIODS, FR)
    assert a == round(Fraction(100_000 * 1215 * 30, 10_000 * 365))


def test_uk_interest_and_fixed_compensation_by_size() -> None:
    assert interest_cents(500_000, date(2026, 1, 31), date(2026, 3, 2), PERIODS, GB) == round(
        Fraction(500_000 * 1175 * 30, 10_000 * 365)
    )
    assert [fixed_compensation_cents(GB, c) for c in (99_999, 100_000, 999_999, 1_000_000)] == [
        4_000,
        7_000,
        7_000,
        10_000,
    ]
    assert fixed_compensation_cents(FR, 1) == 4_000


def test_penalties_per_late_invoice_and_none_for_individuals() -> None:
    invoices = [
        LateInvoice(1, date(2026, 2, 28), 1_000_000, 1_000_000),
        LateInvoice(2, date(2026, 4, 30), 50_000, 50_000),  # not yet due on 31 March
        LateInvoice(3, date(2026, 3, 1), 20_000, 0),  # paid
    ]
    result = penalties(invoices, date(2026, 3, 31), PERIODS, FR, business=True)
    assert [(i.invoice_id, i.days_late) for i in result.items] == [(1, 31)]
    assert (result.interest_cents, result.fixed_cents) == (10319, 4000)
    assert penalties(invoices, date(2026, 3, 31), PERIODS, FR, business=False).items == ()
