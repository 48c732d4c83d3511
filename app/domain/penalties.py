"""Late-payment penalties between businesses, by the creditor's jurisdiction; pure arithmetic.

France (Code de commerce L441-10, D441-5): interest = open amount × rate × days late / 365,
half-year by half-year. Without a rate in the terms, the rate of each half-year is the ECB main
refinancing rate in force on 1 January or 1 July plus 10 points (L441-10 II, second sentence). A
rate agreed in the terms applies as agreed, except that it may not be lower than three times the
legal interest rate (L441-10 II, first sentence): the floor binds the agreed rate only. Plus a
fixed recovery indemnity of 40 € per late invoice (D441-5).

United Kingdom (Late Payment of Commercial Debts (Interest) Act 1998, s.4 and s.5A; the Late
Payment of Commercial Debts (Rate of Interest) (No. 3) Order 2002, SI 2002/1675): simple interest
at 8 points over the Bank of England reference rate, where the reference rate is the one in force
on the 31 December or 30 June immediately before the day the debt became late, fixed for the whole
debt; fixed compensation of £40, £70 or £100 per invoice by its size.

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
# The fixed sums are set by each law in its own money, whatever the invoice's currency.
FIXED_CURRENCY = {FR: "EUR", GB: "GBP"}


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
        if agreed_bp is None:
            return self.reference_bp + FR_MARGIN_BP
        return max(agreed_bp, self.floor_bp)

    @property
    def floor_bp(self) -> int:
        """France: the lowest rate terms may agree on, three times the legal interest rate."""
        return 3 * self.legal_bp if self.legal_bp is not None else 0


@dataclass(frozen=True)
class RateUsed:
    """A rate a letter applied, and to which days: one per half-year in France, one for the whole
    debt in the UK. `known` is False when the table had no rate for the half-year and the last
    known one stood in."""

    starts_on: date
    reference_bp: int
    rate_bp: int
    agreed_bp: int | None = None  # the rate of the terms, when one is agreed (France)
    floor_bp: int = 0  # three times the legal rate (France), the least an agreed rate can be
    known: bool = True

    @property
    def floored(self) -> bool:
        return self.agreed_bp is not None and self.rate_bp > self.agreed_bp


@dataclass(frozen=True)
class Span:
    """Consecutive late days at one rate."""

    first_day: date
    last_day: date
    rate: RateUsed

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


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
    rates: tuple[RateUsed, ...] = ()  # every rate applied, in date order

    @property
    def interest_cents(self) -> int:
        return sum(i.interest_cents for i in self.items)

    @property
    def fixed_cents(self) -> int:
        return sum(i.fixed_cents for i in self.items)

    @property
    def fixed_currency(self) -> str:
        return FIXED_CURRENCY.get(self.jurisdiction, "")

    def total_cents(self, currency: str) -> int:
        """What adds to a debt in `currency`: the interest, and the fixed sums when the law sets
        them in that currency (a French company's 40 € cannot be added to dollars)."""
        fixed = self.fixed_cents if self.fixed_currency == currency else 0
        return self.interest_cents + fixed

    @property
    def missing(self) -> tuple[date, ...]:
        """Half-years whose rate the table lacks, where the last known one stood in."""
        return tuple(sorted({r.starts_on for r in self.rates if not r.known}))


NO_PENALTIES = Penalties("", ())


def half_year_start(day: date) -> date:
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def next_half_year(start: date) -> date:
    return date(start.year, 7, 1) if start.month == 1 else date(start.year + 1, 1, 1)


def _periods_for(periods: Sequence[RatePeriod], jurisdiction: str) -> list[RatePeriod]:
    mine = sorted((p for p in periods if p.jurisdiction == jurisdiction), key=lambda p: p.starts_on)
    if not mine:
        raise ValueError(f"no interest rate is known for {jurisdiction}")
    return mine


def _rate_of(
    mine: Sequence[RatePeriod], half_year: date, agreed_bp: int | None, jurisdiction: str
) -> RateUsed:
    """The rate for the half-year starting on `half_year`: its own period's, or the nearest
    known one (the first before the table, the last after it, which the letter then says)."""
    chosen = mine[0]
    for period in mine:
        if period.starts_on <= half_year:
            chosen = period
        else:
            break
    agreed = agreed_bp if jurisdiction == FR else None
    return RateUsed(
        half_year,
        chosen.reference_bp,
        chosen.rate_bp(agreed),
        agreed,
        chosen.floor_bp if agreed is not None else 0,
        known=chosen.starts_on == half_year,
    )


def spans(
    due: date,
    as_of: date,
    periods: Sequence[RatePeriod],
    jurisdiction: str,
    agreed_bp: int | None = None,
) -> list[Span]:
    """The late days from the day after `due` to `as_of`, cut where the rate changes."""
    if as_of <= due:
        return []
    mine = _periods_for(periods, jurisdiction)
    first_late = due + timedelta(days=1)
    if jurisdiction == GB:
        # The reference rate in force on the 30 June or 31 December before the debt became late
        # is the rate of the half-year that day opens, and it holds for the whole debt.
        return [Span(first_late, as_of, _rate_of(mine, half_year_start(first_late), None, GB))]
    result: list[Span] = []
    start = first_late
    while start <= as_of:
        half_year = half_year_start(start)
        end = min(as_of, next_half_year(half_year) - timedelta(days=1))
        result.append(Span(start, end, _rate_of(mine, half_year, agreed_bp, jurisdiction)))
        start = end + timedelta(days=1)
    return result


def _round(value: Fraction) -> int:
    return round(value)  # Fraction rounds half to even


def interest_of(open_cents: int, parts: Sequence[Span]) -> int:
    """Simple interest on an amount over spans of days, rounded once."""
    total = sum(
        (Fraction(open_cents * p.rate.rate_bp * p.days, 10_000 * 365) for p in parts), Fraction(0)
    )
    return _round(total)


def interest_cents(
    open_cents: int,
    due: date,
    as_of: date,
    periods: Sequence[RatePeriod],
    jurisdiction: str,
    agreed_bp: int | None = None,
) -> int:
    """Simple interest from the day after the due date to `as_of`."""
    if open_cents <= 0:
        return 0
    return interest_of(open_cents, spans(due, as_of, periods, jurisdiction, agreed_bp))


def fixed_compensation_cents(jurisdiction: str, amount_cents: int) -> int:
    """The fixed sum per late invoice: 40 € in France; £40, £70 or £100 by size in the UK
    (the Act's bands: under £1,000; under £10,000; £10,000 or more)."""
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


def _distinct(rates: Iterable[RateUsed]) -> tuple[RateUsed, ...]:
    return tuple(sorted(set(rates), key=lambda r: (r.starts_on, r.rate_bp)))


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
    used: list[RateUsed] = []
    for invoice in invoices:
        if invoice.due_date >= as_of or invoice.open_cents <= 0:
            continue
        parts = spans(invoice.due_date, as_of, periods, jurisdiction, agreed_bp)
        used += [p.rate for p in parts]
        items.append(
            InvoicePenalty(
                invoice.invoice_id,
                (as_of - invoice.due_date).days,
                interest_of(invoice.open_cents, parts),
                fixed_compensation_cents(jurisdiction, invoice.amount_cents),
            )
        )
    return Penalties(jurisdiction, tuple(items), _distinct(used))


@dataclass(frozen=True)
class LatePayment:
    """Money applied to an invoice on a day (a payment, for penalties on invoices paid late)."""

    on: date
    cents: int


def paid_late_penalties(
    invoice_id: int,
    due: date,
    amount_cents: int,
    payments: Iterable[LatePayment],
    periods: Sequence[RatePeriod],
    jurisdiction: str,
    *,
    agreed_bp: int | None = None,
) -> Penalties:
    """What the law gave on an invoice paid after its due date: interest on each late part from
    the day after the due date to the day it was paid, and the fixed sum once (D441-5 makes it
    due by the mere lateness of the payment; the UK Act likewise once the debt is late)."""
    if jurisdiction not in JURISDICTIONS:
        return NO_PENALTIES
    late = [p for p in payments if p.on > due and p.cents > 0]
    if not late:
        return NO_PENALTIES
    total = Fraction(0)
    used: list[RateUsed] = []
    for payment in late:
        parts = spans(due, payment.on, periods, jurisdiction, agreed_bp)
        used += [p.rate for p in parts]
        total += sum(
            (Fraction(payment.cents * p.rate.rate_bp * p.days, 10_000 * 365) for p in parts),
            Fraction(0),
        )
    last = max(p.on for p in late)
    item = InvoicePenalty(
        invoice_id,
        (last - due).days,
        _round(total),
        fixed_compensation_cents(jurisdiction, amount_cents),
    )
    return Penalties(jurisdiction, (item,), _distinct(used))


def missing_half_years(periods: Sequence[RatePeriod], jurisdiction: str, day: date) -> list[date]:
    """The half-years up to `day` after the last one the table knows (a stale table)."""
    mine = [p for p in periods if p.jurisdiction == jurisdiction]
    if not mine:
        return [half_year_start(day)]
    last = max(p.starts_on for p in mine)
    missing = []
    start = next_half_year(half_year_start(last))
    while start <= day:
        missing.append(start)
        start = next_half_year(start)
    return missing
