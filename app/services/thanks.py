"""Thanking a customer who paid after being reminded: proposed, never sent without the user.

The thank-you goes by the customer's preferred channel: an email through the outbox, or a letter
drawn like the reminders and archived in the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Contact, Invoice, Reminder
from app.domain.calendar import Clock
from app.domain.events import EventKind
from app.i18n import _
from app.letters import texts
from app.letters.address import recipient_lines
from app.letters.content import Letter
from app.letters.texts import LetterText
from app.letters.wording import closing, long_date, money, salutation, unbroken
from app.services import history
from app.services.ledger import get_customer
from app.services.letters import archive, draw, letter_text, recipient_of, sender_of
from app.services.outbox import queue_email
from app.services.settings import load_company

REMINDED_WITHIN_DAYS = 365


@dataclass(frozen=True)
class ThankYouDraft:
    customer_id: int
    language: str
    channel: str  # "email" or "letter"
    email: str
    contact_name: str
    subject: str
    body: str


def thank_you_due(session: Session, customer_id: int, today: date) -> bool:
    """Reminded in the last year, and nothing overdue any more."""
    since = today - timedelta(days=REMINDED_WITHIN_DAYS)
    reminded = session.scalar(
        select(func.count()).where(Reminder.customer_id == customer_id, Reminder.sent_on >= since)
    )
    overdue = session.scalar(
        select(func.count()).where(
            Invoice.customer_id == customer_id, Invoice.open_cents > 0, Invoice.due_date < today
        )
    )
    return bool(reminded) and not overdue


def draft(
    session: Session, customer_id: int, amount_cents: int, currency: str, today: date
) -> ThankYouDraft:
    customer = get_customer(session, customer_id)
    recipient = recipient_of(session, customer_id)
    language = recipient.language
    company = load_company(session)
    balance = sum(
        session.scalars(
            select(Invoice.open_cents).where(
                Invoice.customer_id == customer_id, Invoice.currency == currency
            )
        )
    )
    values = {
        "company_name": company.name,
        "customer_name": customer.name,
        "customer_ref": customer.ref,
        "amount": money(amount_cents, currency, language),
        "balance": money(balance, currency, language),
        "phone": unbroken(company.phone),
        "email": company.email,
        "today": long_date(today, language),
    }
    subject, paragraphs = texts.fill(letter_text(session, "thank_you", language), values)
    preferred = session.scalar(
        select(Contact.preferred_channel).where(
            Contact.customer_id == customer_id, Contact.is_primary
        )
    )
    channel = "email" if preferred == "email" and recipient.email else "letter"
    return ThankYouDraft(
        customer_id,
        language,
        channel,
        recipient.email,
        recipient.contact_name,
        subject,
        "\n\n".join(paragraphs),
    )


def send(session: Session, clock: Clock, thanks: ThankYouDraft, database_dir: Path) -> str:
    """Queue the email, or draw and archive the letter; either way, in the history."""
    text = LetterText("thank_you", thanks.language, thanks.subject, thanks.body)
    texts.check(text)
    company = load_company(session)
    civility = recipient_of(session, thanks.customer_id).civility
    greeting = salutation(thanks.language, thanks.contact_name, civility)
    farewell = closing(thanks.language, thanks.contact_name, False, civility)
    signatory = company.signatory_name or company.name
    if thanks.channel == "email":
        body = f"{greeting}\n\n{thanks.body}\n\n{farewell}\n\n{signatory}"
        queue_email(
            session,
            clock,
            customer_id=thanks.customer_id,
            to_address=thanks.email,
            to_name=thanks.contact_name,
            subject=thanks.subject,
            body=body,
        )
        kind, summary, document = (
            EventKind.EMAIL_QUEUED,
            _("Thank-you email queued: {subject}").format(subject=thanks.subject),
            None,
        )
    else:
        document = _thank_you_letter(session, clock, thanks, greeting, farewell, database_dir)
        kind, summary = (
            EventKind.LETTER_SENT,
            _("Thank-you letter: {subject}").format(subject=thanks.subject),
        )
    event = history.record(
        session,
        clock,
        thanks.customer_id,
        kind,
        summary,
        payload={"template": "thank_you", "subject": thanks.subject},
    )
    event.document_path = document
    return summary


def _thank_you_letter(
    session: Session,
    clock: Clock,
    thanks: ThankYouDraft,
    greeting: str,
    farewell: str,
    database_dir: Path,
) -> str:
    sender = sender_of(load_company(session))
    recipient = recipient_of(session, thanks.customer_id)
    customer = get_customer(session, thanks.customer_id)
    letter = Letter(
        language=thanks.language,
        key="thank_you",
        recipient=tuple(recipient_lines(recipient.address, sender.country, thanks.language)),
        customer_ref=customer.ref,
        day=clock.today(),
        subject=thanks.subject,
        salutation=greeting,
        paragraphs=tuple(p for p in thanks.body.split("\n\n") if p.strip()),
        closing=farewell,
        currency="EUR",
    )
    return archive(database_dir, clock.today(), f"merci-{customer.ref}", draw(session, letter))
