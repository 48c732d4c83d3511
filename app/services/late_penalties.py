"""Penalties owed on invoices that were paid, but late: listed, claimed by a letter, or waived.

French law makes them due by the mere lateness of the payment (Code de commerce L441-10: interest
from the day after the due date; D441-5: 40 € per invoice paid late), the UK Act likewise (s.4,
s.5A). Waiving them is a gesture the collection practice recommends when negotiating; either way
the decision goes into the customer's history with its amount.

Only business customers, only invoices fully settled, and only money that came in as payments
(a credit note reduces the debt, it does not pay it; a settlement from an accounting import has no
known date) count.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Allocation, Customer, Invoice, LatePenaltyDecision
from app.domain.calendar import Clock
from app.domain.events import EventKind
from app.domain.money import format_money
from app.domain.penalties import FIXED_CURRENCY, LatePayment, RateUsed, paid_late_penalties
from app.i18n import _, current_locale
from app.letters import texts
from app.letters.content import InvoiceLine, Letter, PenaltyLine
from app.letters.legal import rate_text
from app.letters.wording import long_date, money, unbroken
from app.services import history
from app.services.dunning import half_year_name, jurisdiction, rate_periods
from app.services.ledger import LedgerError, get_customer
from app.services.letter_settings import load_letter_settings
from app.services.letters import archive, draw, letter_text, letter_to, recipient_of
from app.services.settings import load_company


class Decision(enum.StrEnum):
    OWED = "owed"  # nothing decided yet
    CLAIMED = "claimed"
    WAIVED = "waived"


@dataclass(frozen=True)
class PaidLate:
    invoice_id: int
    number: str
    issue_date: date
    due_date: date
    amount_cents: int
    currency: str
    paid_on: date  # the last late payment
    days_late: int
    interest_cents: int
    fixed_cents: int
    fixed_currency: str
    decision: Decision
    decided_on: date | None = None
    rates: tuple[RateUsed, ...] = ()  # the rates the interest was computed at

    def total_cents(self) -> int:
        """Interest and fixed sum together, when the law sets both in the invoice's currency."""
        fixed = self.fixed_cents if self.fixed_currency == self.currency else 0
        return self.interest_cents + fixed


def paid_late(session: Session, customer_id: int) -> list[PaidLate]:
    """The customer's invoices paid after their due date and what the law gave on each; with
    what was decided, at the amounts of that day."""
    customer = get_customer(session, customer_id)
    where = jurisdiction(session)
    if customer.kind != "business" or not where:
        return []
    decided = {
        d.invoice_id: d
        for d in session.scalars(
            select(LatePenaltyDecision).where(LatePenaltyDecision.customer_id == customer_id)
        )
    }
    payments: dict[int, list[LatePayment]] = defaultdict(list)
    invoices: dict[int, Invoice] = {}
    rows = session.execute(
        select(Invoice, Allocation.applied_on, Allocation.amount_cents)
        .join(Allocation, Allocation.invoice_id == Invoice.id)
        .where(
            Invoice.customer_id == customer_id,
            Invoice.open_cents == 0,
            Allocation.payment_id.is_not(None),
            Allocation.applied_on > Invoice.due_date,
        )
        .order_by(Invoice.due_date, Invoice.number)
    )
    for invoice, applied_on, cents in rows:
        invoices[invoice.id] = invoice
        payments[invoice.id].append(LatePayment(applied_on, cents))
    periods = rate_periods(session)
    agreed = load_letter_settings(session).agreed_bp
    result = []
    for invoice_id, invoice in invoices.items():
        penalties = paid_late_penalties(
            invoice_id,
            invoice.due_date,
            invoice.amount_cents,
            payments[invoice_id],
            periods,
            where,
            agreed_bp=agreed,
        )
        (item,) = penalties.items
        decision = decided.get(invoice_id)
        result.append(
            PaidLate(
                invoice_id,
                invoice.number,
                invoice.issue_date,
                invoice.due_date,
                invoice.amount_cents,
                invoice.currency,
                max(p.on for p in payments[invoice_id]),
                item.days_late,
                decision.interest_cents if decision else item.interest_cents,
                decision.fixed_cents if decision else item.fixed_cents,
                FIXED_CURRENCY[where],
                Decision(decision.decision) if decision else Decision.OWED,
                decision.decided_on if decision else None,
                penalties.rates,
            )
        )
    return sorted(result, key=lambda p: (p.due_date, p.number))


def _chosen(session: Session, customer_id: int, invoice_ids: Sequence[int]) -> list[PaidLate]:
    owed = {p.invoice_id: p for p in paid_late(session, customer_id)}
    chosen = [owed[i] for i in invoice_ids if i in owed]
    if not chosen or len(chosen) != len(set(invoice_ids)):
        raise LedgerError(_("Choose invoices that were paid late."))
    if any(p.decision is not Decision.OWED for p in chosen):
        raise LedgerError(
            _("The penalties of one of these invoices were already claimed or waived.")
        )
    if len({p.currency for p in chosen}) > 1:
        raise LedgerError(_("Claim the penalties of invoices in one currency at a time."))
    return chosen


def _decide(
    session: Session,
    clock: Clock,
    customer_id: int,
    chosen: Sequence[PaidLate],
    decision: Decision,
    reason: str | None,
    document: str | None,
) -> None:
    for item in chosen:
        session.add(
            LatePenaltyDecision(
                customer_id=customer_id,
                invoice_id=item.invoice_id,
                decision=decision.value,
                interest_cents=item.interest_cents,
                fixed_cents=item.fixed_cents,
                currency=item.currency,
                fixed_currency=item.fixed_currency,
                decided_on=clock.today(),
                reason=reason,
                document_path=document,
                created_at=clock.now(),
            )
        )


def _amount_text(chosen: Sequence[PaidLate]) -> str:
    """The amount in the window's language, for the history."""
    locale = current_locale()
    currency, fixed_currency = chosen[0].currency, chosen[0].fixed_currency
    if fixed_currency == currency:
        return format_money(sum(p.total_cents() for p in chosen), currency, locale)
    interest = format_money(sum(p.interest_cents for p in chosen), currency, locale)
    fixed = format_money(sum(p.fixed_cents for p in chosen), fixed_currency, locale)
    return f"{interest} + {fixed}"


def waive(
    session: Session,
    clock: Clock,
    customer_id: int,
    invoice_ids: Sequence[int],
    reason: str,
) -> None:
    """Give up the penalties of these invoices, as a gesture; in the history with the amount."""
    chosen = _chosen(session, customer_id, invoice_ids)
    _decide(session, clock, customer_id, chosen, Decision.WAIVED, reason.strip() or None, None)
    numbers = ", ".join(p.number for p in chosen)
    history.record(
        session,
        clock,
        customer_id,
        EventKind.PENALTIES_WAIVED,
        _("Late-payment penalties waived on {invoices}: {amount}").format(
            invoices=numbers, amount=_amount_text(chosen)
        )
        + (f" — {reason.strip()}" if reason.strip() else ""),
        payload={
            "invoice_ids": [p.invoice_id for p in chosen],
            "interest_cents": sum(p.interest_cents for p in chosen),
            "fixed_cents": sum(p.fixed_cents for p in chosen),
            "currency": chosen[0].currency,
            "fixed_currency": chosen[0].fixed_currency,
            "reason": reason,
            "numbers": [p.number for p in chosen],
        },
    )


def claim_letter(
    session: Session, customer_id: int, chosen: Sequence[PaidLate], as_of: date
) -> Letter:
    """The letter that claims the penalties of invoices paid late."""
    customer = session.get_one(Customer, customer_id)
    company = load_company(session)
    recipient = recipient_of(session, customer_id)
    language = recipient.language
    currency = chosen[0].currency
    where = jurisdiction(session)
    fixed_currency = chosen[0].fixed_currency
    interest = sum(p.interest_cents for p in chosen)
    fixed = sum(p.fixed_cents for p in chosen)
    fixed_in_total = fixed_currency == currency
    total = interest + (fixed if fixed_in_total else 0)
    settings = load_letter_settings(session)
    reference = f"{customer.ref}-PEN{as_of:%Y%m%d}"
    values = {
        "company_name": company.name,
        "customer_name": customer.name,
        "customer_ref": customer.ref,
        "total_due": money(total, currency, language),
        "invoice_count": str(len(chosen)),
        "oldest_due_date": long_date(min(p.due_date for p in chosen), language),
        "deadline": long_date(as_of + timedelta(days=settings.deadline_days), language),
        "interest": money(interest, currency, language),
        "fixed_fees": money(fixed, fixed_currency, language),
        "total_with_penalties": money(total, currency, language),
        "payment_reference": reference,
        "phone": unbroken(company.phone),
        "email": company.email,
        "today": long_date(as_of, language),
        "balance": money(total, currency, language),
    }
    subject, paragraphs = texts.fill(letter_text(session, "late_penalties", language), values)
    rates = tuple(
        sorted({r for p in chosen for r in p.rates}, key=lambda r: (r.starts_on, r.rate_bp))
    )
    return letter_to(
        recipient,
        company.country or "FR",
        customer.ref,
        "late_penalties",
        as_of,
        subject,
        paragraphs,
        currency=currency,
        invoices=tuple(
            InvoiceLine(
                p.number, p.issue_date, p.due_date, p.amount_cents, p.amount_cents, 0, p.days_late
            )
            for p in chosen
        ),
        total_cents=0,
        penalties=tuple(
            PenaltyLine(p.number, p.days_late, p.interest_cents, p.fixed_cents) for p in chosen
        ),
        interest_cents=interest,
        fixed_cents=fixed,
        rate_text=rate_text(where, language, rates),
        payment_reference=reference,
        fixed_currency=fixed_currency,
        jurisdiction=where,
    )


def missing_rates(chosen: Sequence[PaidLate]) -> list[date]:
    """Half-years whose rate the table lacks, where the last known one would stand in."""
    return sorted({r.starts_on for p in chosen for r in p.rates if not r.known})


def claim(
    session: Session,
    clock: Clock,
    customer_id: int,
    invoice_ids: Sequence[int],
    database_dir: Path,
    *,
    accept_last_rates: bool = False,
) -> Path:
    """Write the letter claiming these penalties, archive it, record the claim; returns the
    archived PDF (to open or print). Refused when a rate is missing from the table, unless the
    user accepted the last known one."""
    chosen = _chosen(session, customer_id, invoice_ids)
    missing = missing_rates(chosen)
    if missing and not accept_last_rates:
        raise LedgerError(
            _(
                "The late-payment rates of {halves} are not in the rates table. Enter them in "
                "Reminder settings ▸ Penalty rates, or confirm that the last known rates may be "
                "used."
            ).format(halves=", ".join(half_year_name(d) for d in missing))
        )
    customer = get_customer(session, customer_id)
    letter = claim_letter(session, customer_id, chosen, clock.today())
    relative = archive(
        database_dir, clock.today(), f"penalites-{customer.ref}", draw(session, letter)
    )
    _decide(session, clock, customer_id, chosen, Decision.CLAIMED, None, relative)
    event = history.record(
        session,
        clock,
        customer_id,
        EventKind.PENALTIES_CLAIMED,
        _("Late-payment penalties claimed on {invoices}: {amount}").format(
            invoices=", ".join(p.number for p in chosen), amount=_amount_text(chosen)
        ),
        payload={
            "invoice_ids": [p.invoice_id for p in chosen],
            "interest_cents": letter.interest_cents,
            "fixed_cents": letter.fixed_cents,
            "currency": letter.currency,
            "fixed_currency": letter.fixed_currency,
            "numbers": [p.number for p in chosen],
        },
    )
    event.document_path = relative
    return database_dir / relative
