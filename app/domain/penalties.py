"""Late-payment penalties between businesses, by the creditor's jurisdiction; pure arithmetic.

France (Code de commerce L441-10, D441-5): interest = open amount × rate × days late / 365, where
the rate of each half-year is the ECB main refinancing rate at its start plus 10 points (unless
the customer's terms set another rate), never below three times the legal interest rate for
professionals; plus a fixed recovery indemnity of 40 € per late invoice.

United Kingdom (Late Payment of Commercial Debts (Interest) Act 1998): simple interest at 8 points
over the Bank of England reference rate for the half-year (the rate on 31 December for January to
June, on 30 June for July to December); fixed compensation of £40, £70 or £100 per invoice by its
size.

Never for individuals. Rates are integer basis points (1 % = 100), money integer minor units; the
only rounding is the final one, half to even, per invoice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

FR, GB = "FR", "GB"
JURISDICTIONS = (FR, GB)
FR_MARGIN_BP = 1000  # ECB rate + 10 points
GB_MARGIN_BP = 800  # Bank of England reference rate + 8 points
FR_INDEMNITY_CENTS = 4000  # 40 €, per late invoice


@dataclass(frozen=True)
class RatePeriod:
    """Rates in force from `starts_on` (1 January or 1 July) until the next period starts."""

    jurisdiction: str
    starts_on: date
    reference_bp: int  # ECB main refinancing rate (FR) or Bank of England reference rate (GB)
    legal_bp: int | None = None  # French legal interest rate for professionals (the floor's base)

    def rate_bp(self, agreed_bp: int | None = None) -> int:
        """The late-payment rate of the period, in basis points."""
        if self.jurisdiction == GB:
            return self.reference_bp + GB_MARGIN_BP
        rate = agreed_bp if agreed_bp is not None else self.reference_bp + FR_MARGIN_BP
        floor = 3 * self.legal_bp if self.legal_bp is not None else 0
        return max(rate, floor)


@dataclass(frozen=True)
class InvoicePenalty:
    invoice_id: int
    days_late: int
    interest_cents: int
    fixed_cents: int


@dataclass(frozen=True)
class Penalties:
    jurisdiction: str
    items: tuple[InvoicePenalty, ...]

    @property
    def interest_cents(self) -> int:
        return sum(i.interest_cents for i in self.items)

    @property
    def fixed_cents(self) -> int:
        return sum(i.fixed_cents for i in self.items)

    @property
    def total_cents(self) -> int:
        return self.interest_cents + self.fixed_cents


NO_PENALTIES = Penalties("", ())


def half_year_start(day: date) -> date:
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def _periods_for(periods: Sequence[RatePeriod], jurisdiction: str) -> list[RatePeriod]:
    mine = sorted((p for p in periods if p.jurisdiction == jurisdiction), key=lambda p: p.starts_on)
    if not mine:
        raise ValueError(f"no interest rate is known for {jurisdiction}")
    return mine


def _period_on(mine: Sequence[RatePeriod], day: date) -> RatePeriod:
    """The period in force on a day; before the first known one, the first; after, the last."""
    chosen = mine[0]
    for period in mine:
        if period.starts_on <= day:
            chosen = period
        else:
            break
    return chosen


def _round(value: Fraction) -> int:
    return round(value)  # Fraction rounds half to even


def interest_cents(
    open_cents: int,
    due: date,
    as_of: date,
    periods: Sequence[RatePeriod],
    jurisdiction: str,
    agreed_bp: int | None = None,
) -> int:
    """Simple interest from the day after the due date to `as_of`, half-year by half-year."""
    if open_cents <= 0 or as_of <= due:
        return 0
    mine = _periods_for(periods, jurisdiction)
    total = Fraction(0)
    start = due + timedelta(days=1)  # the first day late
    while start <= as_of:
        period_start = half_year_start(start)
        next_start = (
            date(period_start.year, 7, 1)
            if period_start.month == 1
            else date(period_start.year + 1, 1, 1)
        )
        end = min(as_of, next_start - timedelta(days=1))
        days = (end - start).days + 1
        rate = _period_on(mine, period_start).rate_bp(agreed_bp)
        total += Fraction(open_cents * rate * days, 10_000 * 365)
        start = end + timedelta(days=1)
    return _round(total)


def fixed_compensation_cents(jurisdiction: str, amount_cents: int) -> int:
    """The fixed sum per late invoice: 40 € in France; £40, £70 or £100 by size in the UK."""
    if jurisdiction == FR:
        return FR_INDEMNITY_CENTS
    if amount_cents < 100_000:
        return 4_000
    if amount_cents < 1_000_000:
        return 7_000
    return 10_000


@dataclass(frozen=True)
class LateInvoice:
    invoice_id: int
    due_date: date
    amount_cents: int
    open_cents: int


def penalties(
    invoices: Iterable[LateInvoice],
    as_of: date,
    periods: Sequence[RatePeriod],
    jurisdiction: str,
    *,
    business: bool,
    agreed_bp: int | None = None,
) -> Penalties:
    """What the law allows on the late invoices of one customer; nothing for individuals."""
    if not business or jurisdiction not in JURISDICTIONS:
        return NO_PENALTIES
    items = []
    for invoice in invoices:
        if invoice.due_date >= as_of or invoice.open_cents <= 0:
            continue
        items.append(
            InvoicePenalty(
                invoice.invoice_id,
                (as_of - invoice.due_date).days,
                interest_cents(
                    invoice.open_cents, invoice.due_date, as_of, periods, jurisdiction, agreed_bp
                ),
                fixed_compensation_cents(jurisdiction, invoice.amount_cents),
            )
        )
    return Penalties(jurisdiction, tuple(items))
