"""Late-payment penalties: French and British rules, per half-year, never for individuals."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from app.domain.penalties import (
    FR,
    GB,
    LateInvoice,
    LatePayment,
    RatePeriod,
    fixed_compensation_cents,
    interest_cents,
    missing_half_years,
    paid_late_penalties,
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


def test_french_default_rate_is_ecb_plus_ten_points_with_no_floor() -> None:
    assert RatePeriod(FR, date(2026, 1, 1), 215, 262).rate_bp() == 1215
    # 3 × 5.07 % = 15.21 % is higher, but the floor binds only a rate agreed in the terms
    assert RatePeriod(FR, date(2024, 1, 1), 450, 507).rate_bp() == 1450


def test_an_agreed_french_rate_applies_as_agreed_but_never_below_three_times_legal() -> None:
    assert RatePeriod(FR, date(2026, 1, 1), 215, 262).rate_bp(agreed_bp=1500) == 1500
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
    assert (
        penalties(
            [LateInvoice(1, date(2026, 1, 31), 500_000, 500_000)],
            date(2026, 3, 2),
            PERIODS,
            GB,
            business=True,
        ).fixed_currency
        == "GBP"
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


def test_uk_rate_is_fixed_for_the_whole_debt_across_a_base_rate_change() -> None:
    # Late from 1 June 2025: the reference rate is the one of 31 December 2024 (4.75 %, the
    # 2025 H1 row), and it stays for the days after 1 July although the base rate fell to 4.25 %.
    periods = [*PERIODS, RatePeriod(GB, date(2025, 1, 1), 475)]
    due, as_of = date(2025, 5, 31), date(2025, 8, 29)
    days = (as_of - due).days
    assert days == 90
    expected = round(Fraction(1_000_000 * (475 + 800) * 90, 10_000 * 365))
    assert interest_cents(1_000_000, due, as_of, periods, GB) == expected
    # Late from 1 July: the rate of 30 June (4.25 %) holds even into 2026 (3.75 % then).
    later = interest_cents(1_000_000, date(2025, 6, 30), date(2026, 2, 28), periods, GB)
    assert later == round(Fraction(1_000_000 * 1225 * 243, 10_000 * 365))


def test_the_rates_used_are_reported_per_half_year_and_a_missing_one_is_said() -> None:
    result = penalties(
        [LateInvoice(1, date(2026, 5, 31), 100_000, 100_000)],
        date(2026, 8, 30),
        PERIODS,
        FR,
        business=True,
        agreed_bp=1500,
    )
    assert [(r.starts_on, r.rate_bp, r.known) for r in result.rates] == [
        (date(2026, 1, 1), 1500, True),
        (date(2026, 7, 1), 1500, False),  # 2026 H2 is not in the table: the last one stood in
    ]
    assert result.missing == (date(2026, 7, 1),)
    assert missing_half_years(PERIODS, FR, date(2027, 1, 5)) == [date(2026, 7, 1), date(2027, 1, 1)]
    assert missing_half_years(PERIODS, FR, date(2026, 6, 30)) == []


def test_an_invoice_paid_late_owes_interest_on_each_late_part_and_one_indemnity() -> None:
    due = date(2026, 1, 31)
    result = paid_late_penalties(
        7,
        due,
        300_000,
        [LatePayment(date(2026, 1, 20), 100_000), LatePayment(date(2026, 3, 2), 200_000)],
        PERIODS,
        FR,
    )
    assert result.items[0].days_late == 30
    assert result.interest_cents == round(Fraction(200_000 * 1215 * 30, 10_000 * 365))
    assert result.fixed_cents == 4000
    on_time = paid_late_penalties(7, due, 300_000, [LatePayment(due, 300_000)], PERIODS, FR)
    assert on_time.items == ()
