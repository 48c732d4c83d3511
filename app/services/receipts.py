"""A payment receipt, on demand: the payment, where it went, and the balance left, as a letter.

Each row reads amount − paid so far = still due, and says beside "paid" what this payment
settled of it; what the payment did not settle is the credit on the account, deducted from the
balance like everywhere else.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Allocation, Invoice, Payment
from app.domain.calendar import Clock
from app.i18n import _
from app.letters import texts
from app.letters.content import InvoiceLine
from app.letters.wording import long_date, money, unbroken
from app.services.ledger import LedgerError, get_customer, unallocated_credit
from app.services.letters import archive, draw, letter_text, letter_to, recipient_of, sender_of
from app.services.settings import load_company

SETTLED_HEADING = {"fr": "Ce règlement", "en": "This payment"}
NO_REFERENCE = {"fr": "non précisée", "en": "none given"}
KEPT_AS_CREDIT = {
    "fr": (
        "{amount} de ce règlement ne sont affectés à aucune facture\u00a0: ils restent au crédit "
        "de votre compte et sont déduits de son solde."
    ),
    "en": (
        "{amount} of this payment is not allocated to any invoice: it remains as a credit on "
        "your account and is deducted from its balance."
    ),
}


def receipt_pdf(session: Session, clock: Clock, payment_id: int, database_dir: Path) -> Path:
    """Draw the receipt of a payment and keep it with the other documents; returns its path."""
    payment = session.get(Payment, payment_id)
    if payment is None:
        raise LedgerError(_("This payment does not exist."))
    customer = get_customer(session, payment.customer_id)
    recipient = recipient_of(session, customer.id)
    language, currency = recipient.language, payment.currency
    company = load_company(session)
    sender = sender_of(company)
    rows = session.execute(
        select(Invoice, Allocation.amount_cents)
        .join(Allocation, Allocation.invoice_id == Invoice.id)
        .where(Allocation.payment_id == payment.id)
        .order_by(Invoice.due_date, Invoice.number)
    ).all()
    lines = tuple(
        InvoiceLine(
            invoice.number,
            invoice.issue_date,
            invoice.due_date,
            invoice.amount_cents,
            invoice.amount_cents - invoice.open_cents,
            invoice.open_cents,
            0,
            settled_cents=cents,
        )
        for invoice, cents in rows
    )
    owed = sum(
        session.scalars(
            select(Invoice.open_cents).where(
                Invoice.customer_id == customer.id, Invoice.currency == currency
            )
        )
    )
    balance = owed - unallocated_credit(session, customer.id).get(currency, 0)
    values = {
        "company_name": company.name,
        "customer_name": customer.name,
        "customer_ref": customer.ref,
        "amount": money(payment.amount_cents, currency, language),
        "payment_date": long_date(payment.received_on, language),
        "payment_reference": unbroken(payment.reference or NO_REFERENCE[language]),
        "balance": money(balance, currency, language),
        "today": long_date(clock.today(), language),
    }
    subject, paragraphs = texts.fill(letter_text(session, "receipt", language), values)
    unallocated = payment.amount_cents - sum(cents for _invoice, cents in rows)
    if unallocated > 0:
        said = KEPT_AS_CREDIT[language].format(amount=money(unallocated, currency, language))
        paragraphs.insert(min(2, len(paragraphs)), said)
    letter = letter_to(
        recipient,
        sender.country,
        customer.ref,
        "receipt",
        clock.today(),
        subject,
        paragraphs,
        currency=currency,
        invoices=lines,
        total_cents=sum(line.due_cents for line in lines),
        settled_heading=SETTLED_HEADING[language],
    )
    stem = f"recu-{customer.ref}-{payment.id}"
    return database_dir / archive(database_dir, clock.today(), stem, draw(session, letter))
