"""Customers and invoices typed by hand: created, corrected and deleted.

The checks are the import's (`app.domain.identifiers`, single lines, the amount ceiling), so a
customer typed in a form is held to the same rules as one read from a file. Deleting is for
what was typed by mistake: an invoice that money was allocated to, or a customer with
invoices or payments, is refused with the reason, because its story is the collection record.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Allocation, CreditNote, Customer, CustomerKind, Invoice, Payment
from app.domain.calendar import Clock
from app.domain.civility import CivilityError, civility_code
from app.domain.events import EventKind
from app.domain.identifiers import (
    IdentifierError,
    country_code,
    iban_number,
    postcode,
    siret_number,
    vat_number,
)
from app.domain.text import has_control
from app.i18n import _
from app.services import contacts, history
from app.services.contacts import ContactFields
from app.services.ledger import (  # the same rules as a new invoice
    LedgerError,
    _single_line,
    _within_ceiling,
    add_invoice,
    create_customer,
    get_customer,
)

LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class CustomerFields:
    """A customer as typed in the form or on the command line; empty text means not given."""

    ref: str
    name: str
    kind: str = CustomerKind.BUSINESS.value
    address_line1: str = ""
    address_line2: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "FR"
    language: str = "fr"
    payment_terms_days: int = 30
    siret: str = ""
    vat_number: str = ""
    iban: str = ""
    civility: str = ""  # an individual's, typed ("Mme", "M.", "Mr"…) or a code ("mme")
    region: str = ""  # a state or province, where the country's addresses have one


@dataclass(frozen=True)
class InvoiceFields:
    number: str
    issue_date: date
    due_date: date
    amount_cents: int
    currency: str = "EUR"


def _checked(typed: CustomerFields) -> dict[str, Any]:
    """The column values of a customer, canonical, or LedgerError with the first problem."""
    values: dict[str, Any] = {
        f.name: getattr(typed, f.name).strip()
        for f in fields(typed)
        if isinstance(getattr(typed, f.name), str)
    }
    if any(has_control(value) for value in values.values()):
        raise LedgerError(
            _(
                "A customer's reference, name and address are single lines: a line break or "
                "another control character is not accepted."
            )
        )
    if not values["ref"] or not values["name"]:
        raise LedgerError(_("A customer needs a reference and a name."))
    if values["kind"] not in {k.value for k in CustomerKind}:
        raise LedgerError(_("The kind is “business” or “individual”."))
    if values["language"] not in LANGUAGES:
        raise LedgerError(_("The language is “fr” or “en”."))
    if not 0 <= typed.payment_terms_days <= 365:
        raise LedgerError(_("Payment terms are between 0 and 365 days."))
    try:
        values["country"] = country_code(values["country"])
        if values["postcode"]:
            values["postcode"] = postcode(values["postcode"], values["country"])
        if values["siret"]:
            values["siret"] = siret_number(values["siret"])
        if values["vat_number"]:
            values["vat_number"] = vat_number(values["vat_number"])
        if values["iban"]:
            values["iban"] = iban_number(values["iban"])
        values["civility"] = civility_code(values["civility"])
    except (IdentifierError, CivilityError) as exc:
        raise LedgerError(str(exc)) from None
    for name, value in values.items():
        if value == "" and name not in ("ref", "name"):
            values[name] = None
    values["payment_terms_days"] = typed.payment_terms_days
    return values


def add_customer(
    session: Session, clock: Clock, typed: CustomerFields, *, email: str = ""
) -> Customer:
    """A new customer; an email address becomes its primary contact, named after it."""
    values = _checked(typed)
    ref, name = values.pop("ref"), values.pop("name")
    customer = create_customer(session, clock, ref=ref, name=name, **values)
    if email.strip():
        contacts.add_contact(
            session,
            clock,
            customer.id,
            ContactFields(name=name, email=email, preferred_channel="email"),
            primary=True,
        )
    return customer


def update_customer(
    session: Session, clock: Clock, customer_id: int, typed: CustomerFields
) -> Customer:
    customer = get_customer(session, customer_id)
    values = _checked(typed)
    taken = session.scalar(
        select(Customer.id).where(Customer.ref == values["ref"], Customer.id != customer.id)
    )
    if taken is not None:
        raise LedgerError(_("The reference “{ref}” is already used.").format(ref=values["ref"]))
    changed = {k: v for k, v in values.items() if getattr(customer, k) != v}
    if not changed:
        return customer
    for key, value in changed.items():
        setattr(customer, key, value)
    customer.updated_at = clock.now()
    history.record(
        session,
        clock,
        customer.id,
        EventKind.CUSTOMER_UPDATED,
        _("Customer details corrected by hand"),
        payload={"fields": sorted(changed)},
    )
    return customer


def delete_customer(session: Session, customer_id: int) -> str:
    """Delete a customer typed by mistake (contacts and history go with it); returns its name."""
    customer = get_customer(session, customer_id)
    documents = sum(
        session.scalar(select(func.count()).where(model.customer_id == customer.id)) or 0
        for model in (Invoice, Payment, CreditNote)
    )
    if documents:
        raise LedgerError(
            _(
                "{name} has invoices or payments, so it cannot be deleted: its history is the "
                "record of what was asked and paid. Delete its invoices first if they were "
                "typed by mistake."
            ).format(name=customer.name)
        )
    name = customer.name
    session.delete(customer)
    session.flush()
    return name


def new_invoice(session: Session, clock: Clock, customer_id: int, typed: InvoiceFields) -> Invoice:
    number = typed.number.strip()
    if not number:
        raise LedgerError(_("An invoice needs a number."))
    return add_invoice(
        session,
        clock,
        customer_id=customer_id,
        number=number,
        issue_date=typed.issue_date,
        due_date=typed.due_date,
        amount_cents=typed.amount_cents,
        currency=typed.currency,
    )


def _allocated(session: Session, invoice_id: int) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(Allocation.amount_cents), 0)).where(
            Allocation.invoice_id == invoice_id
        )
    )
    return int(total or 0)


def _has_allocations(session: Session, invoice_id: int) -> bool:
    return (
        session.scalar(select(Allocation.id).where(Allocation.invoice_id == invoice_id).limit(1))
        is not None
    )


def _invoice(session: Session, invoice_id: int) -> Invoice:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise LedgerError(_("This invoice does not exist."))
    return invoice


def update_invoice(
    session: Session, clock: Clock, invoice_id: int, typed: InvoiceFields
) -> Invoice:
    """Correct an invoice; what was already paid on it stays paid."""
    invoice = _invoice(session, invoice_id)
    number = typed.number.strip()
    if not number:
        raise LedgerError(_("An invoice needs a number."))
    _single_line(number)
    if typed.amount_cents <= 0:
        raise LedgerError(_("An invoice amount must be positive."))
    _within_ceiling(typed.amount_cents, typed.currency)
    if typed.due_date < typed.issue_date:
        raise LedgerError(_("An invoice cannot be due before it is issued."))
    taken = session.scalar(
        select(Invoice.id).where(
            Invoice.source == invoice.source, Invoice.number == number, Invoice.id != invoice.id
        )
    )
    if taken is not None:
        raise LedgerError(_("The invoice number “{number}” is already used.").format(number=number))
    allocated = _allocated(session, invoice.id)
    if allocated and typed.currency != invoice.currency:
        raise LedgerError(
            _("Money was already allocated to this invoice: its currency cannot change.")
        )
    if typed.amount_cents < allocated:
        raise LedgerError(
            _(
                "This invoice has already received more than the new amount: correct the "
                "payments first."
            )
        )
    before = {
        "number": invoice.number,
        "issue_date": invoice.issue_date,
        "due_date": invoice.due_date,
        "amount_cents": invoice.amount_cents,
        "currency": invoice.currency,
    }
    after = {
        "number": number,
        "issue_date": typed.issue_date,
        "due_date": typed.due_date,
        "amount_cents": typed.amount_cents,
        "currency": typed.currency,
    }
    changed = sorted(k for k in after if before[k] != after[k])
    if not changed:
        return invoice
    for key in changed:
        setattr(invoice, key, after[key])
    invoice.open_cents = typed.amount_cents - allocated
    if invoice.open_cents == 0 and invoice.settled_on is None:
        invoice.settled_on = clock.today()
    elif invoice.open_cents > 0:
        invoice.settled_on = None
    history.record(
        session,
        clock,
        invoice.customer_id,
        EventKind.INVOICE_UPDATED,
        _("Invoice {number} corrected by hand").format(number=number),
        invoice_id=invoice.id,
        payload={"fields": changed, "number": number},
    )
    return invoice


def delete_invoice(session: Session, clock: Clock, invoice_id: int) -> str:
    """Delete an invoice typed by mistake, leaving a line in the customer's history."""
    invoice = _invoice(session, invoice_id)
    if _has_allocations(session, invoice.id):
        raise LedgerError(
            _(
                "Invoice {number} has received a payment or a credit note, so it cannot be "
                "deleted: delete the payment first if it was recorded by mistake."
            ).format(number=invoice.number)
        )
    number, customer_id = invoice.number, invoice.customer_id
    session.delete(invoice)
    session.flush()
    history.record(
        session,
        clock,
        customer_id,
        EventKind.INVOICE_UPDATED,
        _("Invoice {number} deleted (typed by mistake)").format(number=number),
        payload={"deleted": number},
    )
    return number
