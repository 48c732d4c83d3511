"""Putting a promise to pay in writing: offered once the promise is recorded, never sent without
the user.

The confirmation is the shipped (or the user's own) `promise_confirmation` text, filled with the
promise's amount and date; it goes by email through the outbox, or as a letter archived with the
other documents, with the bank details and a QR code for the amount promised. Either way the
history keeps it, with the promise's facts in the payload.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Contact, Promise
from app.domain.calendar import Clock, format_date
from app.domain.events import EventKind
from app.domain.money import format_money
from app.i18n import _, current_locale
from app.letters import texts
from app.letters.content import Letter
from app.letters.texts import LetterText
from app.letters.wording import long_date, money, unbroken
from app.services import history
from app.services.dunning_run import email_body
from app.services.ledger import LedgerError, get_customer
from app.services.letters import archive, draw, letter_text, letter_to, recipient_of, sender_of
from app.services.outbox import queue_email
from app.services.settings import load_company

KEY = "promise_confirmation"
EMAIL, LETTER = "email", "letter"


@dataclass(frozen=True)
class ConfirmationDraft:
    """The confirmation as proposed; the dialog lets the user change channel, subject and text."""

    promise_id: int
    customer_id: int
    language: str
    channel: str  # EMAIL or LETTER
    email: str  # where an email would go; "" when the customer has no address
    subject: str
    body: str  # paragraphs separated by an empty line


def payment_reference(customer_ref: str, promise_id: int) -> str:
    return f"{customer_ref}-PROM{promise_id}"


def _promise(session: Session, promise_id: int) -> Promise:
    promise = session.get(Promise, promise_id)
    if promise is None:
        raise LedgerError(_("This promise does not exist."))
    return promise


def draft(session: Session, promise_id: int) -> ConfirmationDraft:
    """The confirmation of a recorded promise, by the primary contact's preferred channel: by
    email when they prefer email or made the promise by email (and an address is known), else
    by letter."""
    promise = _promise(session, promise_id)
    customer = get_customer(session, promise.customer_id)
    recipient = recipient_of(session, customer.id)
    language = recipient.language
    company = load_company(session)
    values = {
        "company_name": company.name,
        "customer_name": customer.name,
        "customer_ref": customer.ref,
        "amount": money(promise.amount_cents, promise.currency, language),
        "promised_date": long_date(promise.promised_on, language),
        "payment_reference": payment_reference(customer.ref, promise.id),
        "phone": unbroken(company.phone),
        "email": company.email,
        "today": long_date(promise.made_on, language),
    }
    subject, paragraphs = texts.fill(letter_text(session, KEY, language), values)
    preferred = session.scalar(
        select(Contact.preferred_channel).where(
            Contact.customer_id == customer.id, Contact.is_primary
        )
    )
    wants_email = EMAIL in (preferred, promise.channel)
    channel = EMAIL if wants_email and recipient.email else LETTER
    return ConfirmationDraft(
        promise.id,
        customer.id,
        language,
        channel,
        recipient.email,
        subject,
        "\n\n".join(paragraphs),
    )


def send(session: Session, clock: Clock, chosen: ConfirmationDraft, database_dir: Path) -> str:
    """Queue the email, or draw and archive the letter, and write it to the history; returns a
    line for the status bar."""
    texts.check(LetterText(KEY, chosen.language, chosen.subject, chosen.body))
    promise = _promise(session, chosen.promise_id)
    customer = get_customer(session, promise.customer_id)
    letter = _letter(session, clock, promise, chosen)
    amount = format_money(promise.amount_cents, promise.currency, current_locale())
    facts: dict[str, object] = {
        "template": KEY,
        "promise_id": promise.id,
        "amount_cents": promise.amount_cents,
        "currency": promise.currency,
        "promised_on": promise.promised_on.isoformat(),
        "subject": chosen.subject,
    }
    if chosen.channel == EMAIL:
        if not chosen.email:
            raise LedgerError(_("This customer has no email address: send a letter instead."))
        company = load_company(session)
        queue_email(
            session,
            clock,
            customer_id=customer.id,
            to_address=chosen.email,
            to_name=recipient_of(session, customer.id).contact_name,
            subject=chosen.subject,
            body=email_body(letter, company.signatory_name or company.name, sender_of(company)),
        )
        facts["to"] = chosen.email
        summary = _("Promise confirmed by email to {to}: {amount} by {day}")
        kind, document = EventKind.EMAIL_QUEUED, None
    else:
        stem = f"promesse-{customer.ref}-{promise.id}"
        document = archive(database_dir, clock.today(), stem, draw(session, letter))
        summary = _("Promise confirmed by letter: {amount} by {day}")
        kind = EventKind.LETTER_SENT
    day = format_date(promise.promised_on, current_locale())
    text = summary.format(to=chosen.email, amount=amount, day=day)
    event = history.record(session, clock, customer.id, kind, text, payload=facts)
    event.document_path = document
    return text


def _letter(session: Session, clock: Clock, promise: Promise, chosen: ConfirmationDraft) -> Letter:
    """The confirmation as a letter (its words as the user left them): the bank details and a
    QR code ask for the amount promised, with the promise's own reference."""
    customer = get_customer(session, promise.customer_id)
    text = LetterText(KEY, chosen.language, chosen.subject, chosen.body)
    return letter_to(
        recipient_of(session, customer.id),
        sender_of(load_company(session)).country,
        customer.ref,
        KEY,
        clock.today(),
        chosen.subject,
        text.paragraphs(),
        currency=promise.currency,
        total_cents=promise.amount_cents,
        payment_reference=payment_reference(customer.ref, promise.id),
    )
