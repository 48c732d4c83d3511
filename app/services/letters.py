"""A reminder proposal made into a letter: the customer's language, address and contact, the text
of its level with every placeholder filled, the invoices, the penalties and how to pay.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum import iban as iban_numbers

from app.db.files import write_atomic
from app.db.migrate import ARCHIVE as ARCHIVE
from app.db.models import Contact, Customer, Invoice, LetterTemplate
from app.db.staging import stage
from app.domain.civility import split_name, title
from app.domain.dunning import ProposedInvoice
from app.letters import legal, texts
from app.letters.address import PostalAddress, attention_line, recipient_lines
from app.letters.content import InvoiceLine, Letter, PenaltyLine, Sender
from app.letters.texts import LetterText
from app.letters.wording import closing, long_date, money, salutation, unbroken
from app.services.disputes import disputed_cents
from app.services.dunning import DunningProposal, deadline_days, jurisdiction
from app.services.ledger import unallocated_credit
from app.services.letter_settings import LetterSettings, load_letter_settings
from app.services.settings import CompanyProfile, load_company

if TYPE_CHECKING:
    from app.letters.render import LetterRenderer


@dataclass(frozen=True)
class Recipient:
    address: PostalAddress
    contact_name: str  # who the letter greets, without a civility
    email: str
    language: str
    civility: str = ""  # app.domain.civility's code of that person; "" when not known


def sender_of(company: CompanyProfile) -> Sender:
    town = " ".join(p for p in (company.postcode, company.city) if p)
    lines = tuple(p for p in (company.address_line1, company.address_line2, town) if p)
    try:
        printed_iban = iban_numbers.format(company.iban) if company.iban else ""
    except Exception:  # printed as typed when it cannot be grouped
        printed_iban = company.iban
    return Sender(
        name=company.name or "—",
        address_lines=lines,
        city=company.city,
        country=company.country or "FR",
        phone=company.phone,
        email=company.email,
        legal_form=company.legal_form,
        share_capital=company.share_capital,
        rcs=company.rcs,
        siret=company.siret,
        vat_number=company.vat_number,
        iban=printed_iban,
        bic=company.bic,
        logo_path=company.logo_path,
        signatory_name=company.signatory_name,
        signatory_title=company.signatory_title,
        signature_path=company.signature_path,
    )


def recipient_of(session: Session, customer_id: int) -> Recipient:
    """Who a letter goes to and greets: an individual customer by their own civility and name,
    a business by its primary contact's, named "à l'attention de" under the company."""
    customer = session.get_one(Customer, customer_id)
    contact = session.scalars(
        select(Contact)
        .where(Contact.customer_id == customer_id)
        .order_by(Contact.is_primary.desc(), Contact.id)
    ).first()
    language = customer.language if customer.language in texts.LANGUAGES else "en"
    typed, name = split_name(contact.name if contact is not None and contact.name else "")
    civility = (contact.civility if contact is not None else None) or typed
    attention = ""
    if name and customer.kind == "business":
        attention = attention_line(_titled(civility, name, language), language)
    printed_name = customer.name
    if customer.kind == "individual":
        typed, name = split_name(customer.name)
        civility = customer.civility or typed
        if not typed:
            printed_name = _titled(civility, customer.name, language)
    email = next(
        (
            c.email
            for c in sorted(customer.contacts, key=lambda c: (not c.is_primary, c.id))
            if c.email
        ),
        "",
    )
    address = PostalAddress(
        printed_name,
        attention,
        tuple(p for p in (customer.address_line1, customer.address_line2) if p),
        customer.postcode or "",
        customer.city or "",
        customer.country or "FR",
        customer.region or "",
    )
    return Recipient(address, name, email, language, civility or "")


def _titled(civility: str | None, name: str, language: str) -> str:
    """ "Mme Virginie Guérin": the name after its civility, when the civility is known."""
    return " ".join(p for p in (title(civility or "", language), name) if p)


def letter_text(session: Session, key: str, language: str) -> LetterText:
    """The user's own version of a text when there is one, else Relance's for the creditor's
    law (the user's own texts are written for their own company, hence its law)."""
    own = session.scalars(
        select(LetterTemplate).where(LetterTemplate.key == key, LetterTemplate.language == language)
    ).first()
    if own is not None:
        return LetterText(key, language, own.subject, own.body)
    return texts.shipped(key, language, jurisdiction(session))


def letter_to(
    recipient: Recipient,
    sender_country: str,
    customer_ref: str,
    key: str,
    day: date,
    subject: str,
    paragraphs: Sequence[str],
    *,
    formal: bool = False,
    **details: Any,
) -> Letter:
    """A letter of one text to one customer: its postal block, greeting and closing in its
    language; `details` carries the figures (invoices, totals, penalties, reference…)."""
    language = recipient.language
    return Letter(
        language=language,
        key=key,
        recipient=tuple(recipient_lines(recipient.address, sender_country, language)),
        customer_ref=customer_ref,
        day=day,
        subject=subject,
        salutation=salutation(language, recipient.contact_name, recipient.civility),
        paragraphs=tuple(paragraphs),
        closing=closing(language, recipient.contact_name, formal, recipient.civility),
        recipient_country=recipient.address.country,
        posted_from=sender_country,
        **details,
    )


def draw(session: Session, letter: Letter) -> bytes:
    """One letter as a PDF, on the paper and envelope layout of the settings."""
    settings = load_letter_settings(session)
    sender = sender_of(load_company(session))
    from app.letters.render import LetterRenderer  # deferred: ReportLab, when a letter is drawn

    buffer = io.BytesIO()
    LetterRenderer(sender, settings.envelope, settings.paper_key).render([letter], buffer)
    return buffer.getvalue()


def archive(
    database_dir: Path,
    day: date,
    stem: str,
    data: bytes,
    *,
    suffix: str = ".pdf",
    session: Session | None = None,
) -> str:
    """Keep a document under documents/YYYY/MM, named with the start of its hash; returns its
    path relative to the database's folder (what history events point to).

    With the session whose transaction records it, the file appears only when that transaction
    commits (`app.db.staging`); without, it is written whole or not at all, at once.
    """
    folder = database_dir / ARCHIVE / f"{day:%Y}" / f"{day:%m}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}-{hashlib.sha256(data).hexdigest()[:8]}{suffix}"
    if session is not None:
        stage(session, path, data)
    else:
        write_atomic(path, data)
    return path.relative_to(database_dir).as_posix()


def payment_reference(customer_ref: str, day: date) -> str:
    return f"{customer_ref}-{day:%Y%m%d}"


def invoice_line(p: ProposedInvoice) -> InvoiceLine:
    invoice = p.invoice
    return InvoiceLine(
        invoice.number,
        invoice.issue_date,
        invoice.due_date,
        invoice.amount_cents,
        invoice.amount_cents - invoice.open_cents,
        invoice.remindable_cents,
        max(p.days_overdue, 0),
        min(invoice.disputed_cents, invoice.open_cents),
    )


def compose(
    session: Session,
    item: DunningProposal,
    as_of: date,
    *,
    company: CompanyProfile | None = None,
    settings: LetterSettings | None = None,
    text: LetterText | None = None,
) -> Letter:
    """The letter of one proposal, exactly as it will print: it claims open − disputed − credit,
    plus the penalties only when its level claims them."""
    company = company or load_company(session)
    settings = settings or load_letter_settings(session)
    proposal = item.proposal
    recipient = recipient_of(session, proposal.customer.id)
    language = recipient.language
    currency = proposal.currency
    text = text or letter_text(session, proposal.level.template, language)
    deadline = as_of + timedelta(days=deadline_days(settings, proposal.level.formal_notice))
    reference = payment_reference(proposal.customer.ref, as_of)
    lines = tuple(invoice_line(p) for p in proposal.invoices)
    numbers = {p.invoice.id: p.invoice.number for p in proposal.invoices}
    stated = item.penalties
    total = proposal.claimed_cents
    fixed_currency = stated.fixed_currency or currency
    fixed_fees = money(stated.fixed_cents, fixed_currency, language)
    if fixed_currency != currency and stated.fixed_cents:
        fixed_fees += " en sus" if language == "fr" else " in addition"
    values = {
        "company_name": company.name,
        "customer_name": proposal.customer.name,
        "customer_ref": proposal.customer.ref,
        "total_due": money(total, currency, language),
        "invoice_count": str(len(lines)),
        "oldest_due_date": long_date(min(i.due_date for i in lines), language) if lines else "",
        "deadline": long_date(deadline, language),
        "interest": money(stated.interest_cents, currency, language),
        "fixed_fees": fixed_fees,
        "total_with_penalties": money(total + stated.total_cents(currency), currency, language),
        "payment_reference": reference,
        "phone": unbroken(company.phone),
        "email": company.email,
        "today": long_date(as_of, language),
        "balance": money(total, currency, language),
    }
    subject, paragraphs = texts.fill(text, values)
    return letter_to(
        recipient,
        company.country or "FR",
        proposal.customer.ref,
        proposal.level.template,
        as_of,
        subject,
        paragraphs,
        formal=proposal.level.formal_notice,
        currency=currency,
        invoices=lines,
        total_cents=total,
        penalties=tuple(
            PenaltyLine(numbers[p.invoice_id], p.days_late, p.interest_cents, p.fixed_cents)
            for p in stated.items
        ),
        interest_cents=stated.interest_cents,
        fixed_cents=stated.fixed_cents,
        rate_text=legal.rate_text(stated.jurisdiction, language, stated.rates),
        payment_reference=reference,
        registered=proposal.level.formal_notice,
        credit_cents=proposal.credit_cents,
        fixed_currency=stated.fixed_currency if stated.items else "",
        also_due=tuple(invoice_line(p) for p in proposal.also_due),
        jurisdiction=jurisdiction(session),
    )


OVERDUE_LABEL = {"fr": "Sommes échues à régler\u00a0: {amount}", "en": "Now due: {amount}"}


def statement_pdf(
    session: Session, customer_id: int, as_of: date, renderer: LetterRenderer
) -> bytes:
    """The statement of account: every open invoice, the credit on the account and the balance,
    as of a day; the text asks for the overdue part when there is one (`statement_overdue`, the
    attachment of a reminder), and merely informs when the account is up to date (`statement`).
    """
    customer = session.get_one(Customer, customer_id)
    recipient = recipient_of(session, customer_id)
    language = recipient.language
    invoices = list(
        session.scalars(
            select(Invoice)
            .where(Invoice.customer_id == customer_id, Invoice.open_cents > 0)
            .order_by(Invoice.due_date, Invoice.number)
        )
    )
    currency = invoices[0].currency if invoices else "EUR"
    mine = [i for i in invoices if i.currency == currency]
    disputed = disputed_cents(session, [i.id for i in mine])
    lines = tuple(
        InvoiceLine(
            i.number,
            i.issue_date,
            i.due_date,
            i.amount_cents,
            i.amount_cents - i.open_cents,
            i.open_cents - min(disputed.get(i.id, 0), i.open_cents),
            max((as_of - i.due_date).days, 0),
            min(disputed.get(i.id, 0), i.open_cents),
        )
        for i in mine
    )
    owed = sum(line.due_cents for line in lines)
    credit = max(min(unallocated_credit(session, customer_id).get(currency, 0), owed), 0)
    balance = owed - credit
    late = [line for line in lines if line.days_late > 0 and line.due_cents > 0]
    overdue = max(sum(line.due_cents for line in late) - credit, 0)
    company = load_company(session)
    values = {
        "company_name": company.name,
        "customer_name": customer.name,
        "customer_ref": customer.ref,
        "balance": money(balance, currency, language),
        "total_due": money(overdue, currency, language),
        "oldest_due_date": long_date(late[0].due_date, language) if late else "",
        "today": long_date(as_of, language),
        "phone": unbroken(company.phone),
        "email": company.email,
        "payment_reference": payment_reference(customer.ref, as_of),
    }
    key = "statement_overdue" if overdue else "statement"
    subject, paragraphs = texts.fill(letter_text(session, key, language), values)
    letter = letter_to(
        recipient,
        renderer.sender.country,
        customer.ref,
        key,
        as_of,
        subject,
        paragraphs,
        currency=currency,
        invoices=lines,
        total_cents=balance,
        payment_reference=payment_reference(customer.ref, as_of),
        credit_cents=credit,
        asked_cents=overdue or None,  # the text asks for what has fallen due, and so does the QR
        asked_label=OVERDUE_LABEL[language].format(amount=values["total_due"]) if overdue else "",
    )
    buffer = io.BytesIO()
    renderer.render([letter], buffer)
    return buffer.getvalue()
