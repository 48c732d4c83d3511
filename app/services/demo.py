"""A believable demo book: the customers of an office equipment supplier in Lyon.

Every change goes through the ledger services, so the history is written; each change is stamped
with its own business date, so that a customer's timeline reads as if the last eighteen months had
been lived. Amounts are integer cents. The same seed on the same database gives the same book.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Contact, CreditNote, Customer, Invoice
from app.domain.calendar import Clock
from app.domain.events import EventKind
from app.services import demo_customers as people
from app.services import history, ledger
from app.services.demo_book import DEMO_COMPANY_EMAIL, check_can_receive_demo, mark_demo_book
from app.services.demo_casework import add_casework
from app.services.demo_data import CREDIT_REASONS, HOLD_REASONS
from app.services.settings import CompanyProfile, load_company, save_company

WINDOW_DAYS = 548  # eighteen months of invoices up to today


@dataclass(frozen=True)
class DemoSummary:
    """What `fill_demo` added."""

    customers: int
    contacts: int
    invoices: int
    payments: int
    credit_notes: int


@dataclass(frozen=True)
class _Habit:
    """How a customer pays: days after the due date, and how often not at all or in two goes."""

    earliest: int
    latest: int
    never: float
    partial: float


_HABITS = {
    "punctual": _Habit(-8, 4, 0.0, 0.02),
    "fair": _Habit(-3, 20, 0.01, 0.05),
    "late": _Habit(5, 45, 0.03, 0.08),
    "slow": _Habit(20, 110, 0.2, 0.15),
}
_HABITS_BY_SEGMENT = {
    "premium": {"punctual": 80, "fair": 20},
    "standard": {"punctual": 25, "fair": 45, "late": 30},
    "watch": {"late": 30, "slow": 70},
}


@dataclass(eq=False)
class _Invoice:
    issue: date
    amount: int
    number: str = ""
    id: int = 0


@dataclass(eq=False)
class _Posting:
    """One ledger call to make: issue an invoice, or post a credit note or a payment."""

    day: date
    rank: int  # on one day: invoices first, then credit notes, then payments
    invoice: _Invoice | None = None
    parts: dict[_Invoice, int] = field(default_factory=dict)  # cents allocated to each invoice
    extra: int = 0  # paid beyond the invoices: stays as the customer's credit
    reason: str = ""  # set for a credit note
    number: str = ""  # the invoice's or credit note's number


def fill_demo(
    session: Session, clock: Clock, customers: int = 150, seed: int = 2026
) -> DemoSummary:
    """Add `customers` customers with eighteen months of invoices, payments and credit notes.

    Works on an empty book or on a demo book (references and document numbers continue without
    clashing); a book holding the user's own customers is refused (`DemoRefused`), and the book
    is marked as the demo's, which never sends an email. The caller owns the transaction.
    """
    today = clock.today()
    check_can_receive_demo(session)
    _company(session)
    refs = set(session.scalars(select(Customer.ref)))
    names = {people.core(name) for name in session.scalars(select(Customer.name))}
    rng = random.Random(seed if not refs else f"{seed}/{len(refs)}")
    plans = []
    for kind in _kinds(rng, customers):
        ref = _new_ref(rng, refs)
        if kind == "individual":
            spec = people.individual(rng, ref, names)
        elif kind in people.COUNTRIES:
            spec = people.foreign_business(rng, ref, names, kind)
        else:
            spec = people.french_business(rng, ref, names)
        plans.append((spec, *_plan(rng, spec, kind, today)))
    postings = [p for _spec, _since, timeline in plans for p in timeline]
    _number(session, Invoice, "FA", [(p.day, p) for p in postings if p.invoice])
    _number(session, CreditNote, "AV", [(p.day, p) for p in postings if p.reason])
    for spec, since, timeline in plans:
        _post(session, clock, rng, spec, since, timeline)
    added_contacts = add_casework(session, clock, rng, _stamp)
    mark_demo_book(session, [spec.ref for spec, _since, _timeline in plans])
    return DemoSummary(
        customers=len(plans),
        contacts=sum(len(spec.contacts) for spec, _since, _timeline in plans) + added_contacts,
        invoices=sum(1 for p in postings if p.invoice),
        payments=sum(1 for p in postings if p.rank == 2),
        credit_notes=sum(1 for p in postings if p.reason),
    )


def _company(session: Session) -> None:
    """The demo's own company, printed on its letters, unless one is already set."""
    if load_company(session).name:
        return
    siren = "852123454"
    save_company(
        session,
        CompanyProfile(
            name="Bureautique Lyonnaise",
            address_line1="12 quai Saint-Vincent",
            postcode="69001",
            city="Lyon",
            country="FR",
            siret=siren + "00013",
            vat_number=people.french_vat(siren),
            iban="FR7630006000011234567890189",
            bic="AGRIFRPPXXX",
            email=DEMO_COMPANY_EMAIL,
            phone="04 78 00 00 00",
            signatory_name="Claire Martin",
            signatory_title="Responsable du crédit clients",
            legal_form="SAS",
            share_capital="50 000 €",
            rcs="RCS Lyon 852 123 454",
        ),
    )


def _kinds(rng: random.Random, count: int) -> list[str]:
    """About 20 % individuals, 5 % abroad (every country in turn), a few large projects."""
    kinds = [people.COUNTRIES[i % len(people.COUNTRIES)] for i in range(count // 20)]
    kinds += ["individual"] * (count // 5) + ["large"] * (count // 40)
    kinds += ["business"] * (count - len(kinds))
    rng.shuffle(kinds)
    return kinds


def _new_ref(rng: random.Random, taken: set[str]) -> str:
    """A free `411xxxxx` account code; longer ones once the short ones are mostly taken."""
    attempt = 0
    while True:
        attempt += 1
        ref = f"411{rng.randint(10_000, 99_999) if attempt < 50 else rng.randint(10**6, 10**9)}"
        if ref not in taken:
            taken.add(ref)
            return ref


def _business_day(day: date, today: date) -> date:
    """The next working day, or the previous one when the next is still to come."""
    if day.weekday() < 5:
        return day
    ahead = day + timedelta(days=7 - day.weekday())
    return ahead if ahead <= today else day - timedelta(days=day.weekday() - 4)


def _next_working(day: date) -> date:
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


def _plan(
    rng: random.Random, spec: people.CustomerSpec, kind: str, today: date
) -> tuple[date, list[_Posting]]:
    """Since when the customer buys, and every invoice, credit note and payment of its book."""
    start = today - timedelta(days=WINDOW_DAYS)
    if kind == "large" or rng.random() < 0.75:
        since = start - timedelta(days=rng.randint(1, 900))
    else:
        since = start + timedelta(days=rng.randint(0, WINDOW_DAYS - 45))
    first = max(since, start)
    active = (today - first).days

    def scaled(count: int) -> int:
        return max(1, count * active // WINDOW_DAYS)

    roll = rng.random()
    monthly = False  # consumables customers settle all of a month's invoices in one payment
    if kind == "individual":
        amounts = [rng.randint(4_000, 180_000) for _ in range(rng.randint(1, 4))]
    elif kind in people.COUNTRIES:
        amounts = [rng.randint(50_000, 600_000) for _ in range(rng.randint(3, 10))]
    elif kind == "business" and roll < 0.18:
        monthly = True
        amounts = [rng.randint(3_000, 30_000) for _ in range(scaled(rng.randint(18, 48)))]
    elif kind == "business" and roll < 0.38:
        amounts = [rng.randint(20_000, 250_000) for _ in range(rng.randint(1, 3))]
    else:
        count = rng.randint(0, 3) if kind == "large" else scaled(rng.randint(4, 14))
        amounts = [_regular_amount(rng) for _ in range(count)]
    days = [_business_day(first + timedelta(days=rng.randint(0, active)), today) for _ in amounts]
    invoices = [_Invoice(day, cents) for day, cents in zip(days, amounts, strict=True)]
    weights = _HABITS_BY_SEGMENT[spec.segment]
    habit = _HABITS[rng.choices(list(weights), list(weights.values()))[0]]
    timeline: list[_Posting] = []
    for invoice in invoices:
        timeline.append(_Posting(invoice.issue, 0, invoice))
        timeline += _settle(rng, invoice, spec.terms, habit, today)
    if kind == "large":
        issued = _business_day(today - timedelta(days=rng.randint(20, 300)), today)
        big = _Invoice(issued, rng.randint(2_000_000, 8_000_000))
        timeline.append(_Posting(big.issue, 0, big))
        timeline += _instalments(rng, big, spec.terms, habit, today)
    if monthly:
        timeline = _monthly(timeline)
    timeline.sort(key=lambda p: (p.day, p.rank))
    return min([since, *(p.day for p in timeline)]), timeline


def _regular_amount(rng: random.Random) -> int:
    tier = rng.random()
    if tier < 0.6:
        return rng.randint(15_000, 120_000)
    if tier < 0.9:
        return rng.randint(120_000, 450_000)
    return rng.randint(450_000, 1_200_000)


def _settle(
    rng: random.Random, invoice: _Invoice, terms: int, habit: _Habit, today: date
) -> list[_Posting]:
    """A credit note now and then, then the payment in full, in two parts, or none."""
    due = invoice.issue + timedelta(days=terms)
    delay = timedelta(days=rng.randint(habit.earliest, habit.latest))
    paid_on = _next_working(max(invoice.issue, due + delay))
    postings = []
    left = invoice.amount
    if rng.random() < 0.04:
        reason, low, high = rng.choice(CREDIT_REASONS)
        cents = max(1, invoice.amount * rng.randint(low, high) // 100)
        day = min(_next_working(invoice.issue + timedelta(days=rng.randint(2, 30))), paid_on)
        if day <= today:
            postings.append(_Posting(day, 1, parts={invoice: cents}, reason=reason))
            left -= cents
    if left == 0 or rng.random() < habit.never:
        return postings
    if left >= 100 and rng.random() < habit.partial:
        first = left * rng.randint(20, 70) // 100
        postings.append(_Posting(paid_on, 2, parts={invoice: first}))
        if rng.random() < 0.6:
            later = _next_working(paid_on + timedelta(days=rng.randint(15, 75)))
            postings.append(_Posting(later, 2, parts={invoice: left - first}))
    else:
        extra = _overpaid(rng, left)
        postings.append(_Posting(paid_on, 2, parts={invoice: left}, extra=extra))
    return [p for p in postings if p.day <= today]


def _overpaid(rng: random.Random, left: int) -> int:
    """Now and then a customer pays more than owed: twice, a stray fee, or a round sum."""
    if rng.random() >= 0.025:
        return 0
    roll = rng.random()
    if roll < 0.4 and left <= 150_000:
        return left
    if roll < 0.7:
        return rng.randint(100, 5_000)
    return -left % 10_000 or 10_000


def _instalments(
    rng: random.Random, invoice: _Invoice, terms: int, habit: _Habit, today: date
) -> list[_Posting]:
    """A large project invoice paid in two to four instalments, a month or so apart."""
    postings: list[_Posting] = []
    left = invoice.amount
    day = invoice.issue + timedelta(days=terms + rng.randint(-5, 10))
    for remaining in range(rng.randint(2, 4), 0, -1):
        cents = left if remaining == 1 else left * rng.randint(25, 50) // 100
        day = _next_working(max(day, invoice.issue))
        if day > today or (postings and rng.random() < habit.never):
            break
        postings.append(_Posting(day, 2, parts={invoice: cents}))
        left -= cents
        day += timedelta(days=rng.randint(25, 40))
    return postings


def _monthly(timeline: list[_Posting]) -> list[_Posting]:
    """Merge the payments of each month into one, dated the month's last payment day."""
    kept: list[_Posting] = []
    months: dict[tuple[int, int], _Posting] = {}
    for posting in timeline:
        key = (posting.day.year, posting.day.month)
        group = months.get(key)
        if posting.rank != 2 or group is None:
            kept.append(posting)
            if posting.rank == 2:
                months[key] = posting
            continue
        group.day = max(group.day, posting.day)
        for invoice, cents in posting.parts.items():
            group.parts[invoice] = group.parts.get(invoice, 0) + cents
        group.extra += posting.extra
    return kept


def _number(
    session: Session,
    model: type[Invoice] | type[CreditNote],
    prefix: str,
    items: Iterable[tuple[date, _Posting]],
) -> None:
    """Number documents in date order, per year, after the ones already in the database."""
    last: dict[int, int] = {}
    pattern = re.compile(rf"{prefix}-(\d{{4}})-(\d+)")
    for number in session.scalars(select(model.number).where(model.number.like(f"{prefix}-%"))):
        match = pattern.fullmatch(number)
        if match:
            year, sequence = int(match[1]), int(match[2])
            last[year] = max(last.get(year, 0), sequence)
    for day, posting in sorted(items, key=lambda item: item[0]):
        last[day.year] = last.get(day.year, 0) + 1
        posting.number = f"{prefix}-{day.year}-{last[day.year]:05d}"
        if posting.invoice is not None:
            posting.invoice.number = posting.number


def _stamp(rng: random.Random, day: date, clock: Clock) -> Clock:
    """A clock stopped during local office hours on `day` (never later than the real now)."""
    moment = datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59))
    return Clock.fixed(min(moment.astimezone(), clock.now()))


def _post(
    session: Session,
    clock: Clock,
    rng: random.Random,
    spec: people.CustomerSpec,
    since: date,
    timeline: list[_Posting],
) -> None:
    fields = dict(spec.fields)
    hold = spec.segment == "watch" and rng.random() < 0.15
    if hold:
        fields.update(on_hold=True, hold_reason=rng.choice(HOLD_REASONS))
    customer = ledger.create_customer(
        session,
        _stamp(rng, since, clock),
        ref=spec.ref,
        name=spec.name,
        segment=spec.segment,
        payment_terms_days=spec.terms,
        **fields,
    )
    for contact in spec.contacts:
        session.add(Contact(customer_id=customer.id, **vars(contact)))
    for posting in timeline:
        at = _stamp(rng, posting.day, clock)
        allocate = {invoice.id: cents for invoice, cents in posting.parts.items()}
        total = sum(allocate.values()) + posting.extra
        if posting.invoice is not None:
            posting.invoice.id = ledger.add_invoice(
                session,
                at,
                customer_id=customer.id,
                number=posting.invoice.number,
                issue_date=posting.day,
                amount_cents=posting.invoice.amount,
            ).id
        elif posting.reason:
            ledger.add_credit_note(
                session,
                at,
                customer_id=customer.id,
                number=posting.number,
                issued_on=posting.day,
                amount_cents=total,
                reason=posting.reason,
                allocate_to=allocate,
            )
        else:
            ledger.record_payment(
                session,
                at,
                customer_id=customer.id,
                amount_cents=total,
                received_on=posting.day,
                reference=_reference(rng, spec, posting),
                method=spec.method,
                allocate_to=allocate,
            )
    if hold:
        reason = str(fields["hold_reason"])
        history.record(session, clock, customer.id, EventKind.HOLD_ON, reason)


def _reference(rng: random.Random, spec: people.CustomerSpec, posting: _Posting) -> str:
    """The label the bank statement shows for a payment."""
    payer = people.ascii_slug(spec.name, " ").upper()[:32]
    if spec.method == "cheque":
        return f"CHQ {rng.randint(1_000_000, 9_999_999)}"
    if spec.method == "card":
        return f"CB {posting.day:%d%m} CARTE X{rng.randint(1000, 9999)}"
    if spec.method == "direct_debit":
        return f"PRLV SEPA {payer} ECH {posting.day:%d%m%y}"
    numbers = sorted(invoice.number for invoice in posting.parts)
    more = f" +{len(numbers) - 2}" if len(numbers) > 2 else ""
    return f"VIR SEPA {payer} {' '.join(numbers[:2])}{more}"
