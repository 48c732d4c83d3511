"""A customer's contacts: who to write to or call, how they prefer it, and when; one is primary."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Channel, Contact
from app.domain.calendar import Clock
from app.domain.civility import CivilityError, civility_code
from app.domain.events import EventKind
from app.domain.text import has_control, is_email
from app.i18n import _
from app.services import history, history_text
from app.services.ledger import LedgerError, get_customer


@dataclass(frozen=True)
class ContactFields:
    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    preferred_channel: str = Channel.LETTER.value
    best_time: str | None = None
    civility: str | None = None  # typed ("Mme", "M.", "Mr"…) or a code; None: not known


def _checked(fields: ContactFields) -> ContactFields:
    texts = (fields.name, fields.role, fields.email, fields.phone, fields.best_time)
    if any(text and has_control(text) for text in texts):
        raise LedgerError(
            _(
                "A contact's name, role, email, phone and best time are single lines: a line "
                "break or another control character is not accepted."
            )
        )
    name = fields.name.strip()
    email = (fields.email or "").strip() or None
    phone = (fields.phone or "").strip() or None
    if not name:
        raise LedgerError(_("A contact needs a name."))
    if email is not None and not is_email(email):
        raise LedgerError(_("“{email}” is not an email address.").format(email=email))
    try:
        channel = Channel(fields.preferred_channel)
    except ValueError:
        raise LedgerError(_("Choose letter, email or phone.")) from None
    if channel is Channel.EMAIL and email is None:
        raise LedgerError(_("To prefer email, give an email address."))
    if channel is Channel.PHONE and phone is None:
        raise LedgerError(_("To prefer the phone, give a phone number."))
    try:
        civility = civility_code(fields.civility or "") or None
    except CivilityError as exc:
        raise LedgerError(str(exc)) from None
    return ContactFields(
        name,
        (fields.role or "").strip() or None,
        email,
        phone,
        channel.value,
        (fields.best_time or "").strip() or None,
        civility,
    )


def _make_primary(session: Session, contact: Contact) -> None:
    for other in session.scalars(
        select(Contact).where(Contact.customer_id == contact.customer_id, Contact.is_primary)
    ):
        if other.id != contact.id:
            other.is_primary = False
    session.flush()  # the one-primary index is checked row by row
    contact.is_primary = True


def add_contact(
    session: Session, clock: Clock, customer_id: int, fields: ContactFields, *, primary: bool
) -> Contact:
    customer = get_customer(session, customer_id)
    fields = _checked(fields)
    has_primary = any(c.is_primary for c in customer.contacts)
    contact = Contact(customer_id=customer.id, is_primary=False, **fields.__dict__)
    session.add(contact)
    session.flush()
    if primary or not has_primary:
        _make_primary(session, contact)
    history.record(
        session,
        clock,
        customer.id,
        EventKind.CONTACT_CHANGED,
        _("Contact added: {name}").format(name=_describe(contact)),
        payload={
            "contact_id": contact.id,
            "change": "added",
            "name": contact.name,
            "role": contact.role,
        },
    )
    return contact


def update_contact(
    session: Session, clock: Clock, contact_id: int, fields: ContactFields, *, primary: bool
) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise LedgerError(_("This contact does not exist."))
    fields = _checked(fields)
    changes = [
        history.change(name, getattr(contact, name), value)
        for name, value in fields.__dict__.items()
        if getattr(contact, name) != value
    ]
    for name, value in fields.__dict__.items():
        setattr(contact, name, value)
    if primary and not contact.is_primary:
        _make_primary(session, contact)
        changes.append(history.change("primary"))
    if changes:
        kind, payload = (
            EventKind.CONTACT_CHANGED,
            {
                "contact_id": contact.id,
                "change": "changed",
                "name": contact.name,
                "changes": changes,
            },
        )
        summary = history_text.sentence(kind, payload)
        history.record(session, clock, contact.customer_id, kind, summary, payload=payload)
    return contact


def remove_contact(session: Session, clock: Clock, contact_id: int) -> None:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise LedgerError(_("This contact does not exist."))
    customer_id, was_primary = contact.customer_id, contact.is_primary
    history.record(
        session,
        clock,
        customer_id,
        EventKind.CONTACT_CHANGED,
        _("Contact removed: {name}").format(name=_describe(contact)),
        payload={
            "contact_id": contact.id,
            "change": "removed",
            "name": contact.name,
            "role": contact.role,
        },
    )
    session.delete(contact)
    session.flush()
    if was_primary:
        heir = session.scalars(
            select(Contact).where(Contact.customer_id == customer_id).order_by(Contact.id)
        ).first()
        if heir is not None:
            heir.is_primary = True


def _describe(contact: Contact) -> str:
    return f"{contact.name} ({contact.role})" if contact.role else contact.name
