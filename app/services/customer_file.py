"""The customer file, read: its header, timeline, invoices and contacts, as plain rows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.casework import InteractionKind
from app.db.models import (
    Allocation,
    Contact,
    Customer,
    Dispute,
    DisputeItem,
    DunningPolicy,
    HistoryEvent,
    Interaction,
    Invoice,
    Promise,
)
from app.db.queries import InvoiceFilter, InvoiceRow, invoice_rows
from app.domain.disputes import DisputeStatus
from app.domain.dunning_policies import SHIPPED, policy_key_for
from app.domain.events import EventGroup, group_of
from app.domain.kpis import average_days_late, share_kept
from app.services.dunning import policy_name
from app.services.history_text import event_text
from app.services.late_penalties import PaidLate, paid_late
from app.services.ledger import unallocated_credit


@dataclass(frozen=True, slots=True)
class ContactRow:
    id: int
    name: str
    role: str
    email: str
    phone: str
    preferred_channel: str
    best_time: str
    is_primary: bool
    civility: str = ""  # app.domain.civility's code; "" when not known


@dataclass(frozen=True, slots=True)
class PinnedNote:
    id: int
    text: str
    at: datetime


@dataclass(frozen=True)
class CustomerHeader:
    id: int
    ref: str
    name: str
    kind: str
    address: tuple[str, ...]
    country: str
    siret: str
    vat_number: str
    iban: str  # compact; the view groups it by four
    language: str
    payment_terms_days: int
    segment: str
    dunning_policy: str | None
    policy_name: str  # the policy that applies, chosen or from the segment
    on_hold: bool
    hold_reason: str
    hold_until: date | None
    handed_over_to: str | None  # "agency" or "lawyer": Relance stays quiet
    handed_over_on: date | None
    primary_contact: ContactRow | None
    currency: str
    due_cents: int
    overdue_cents: int
    disputed_cents: int
    credit_cents: int
    average_days_late: int | None
    promises_kept: Fraction | None
    pinned_notes: tuple[PinnedNote, ...]


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    id: int
    at: datetime
    kind: str
    group: EventGroup
    summary: str  # in the current language, from the event's facts (app.services.history_text)
    invoice_id: int | None
    invoice_number: str
    document_path: str | None


def contacts(session: Session, customer_id: int) -> list[ContactRow]:
    rows = session.scalars(
        select(Contact)
        .where(Contact.customer_id == customer_id)
        .order_by(Contact.is_primary.desc(), Contact.name)
    )
    return [
        ContactRow(
            c.id,
            c.name,
            c.role or "",
            c.email or "",
            c.phone or "",
            c.preferred_channel,
            c.best_time or "",
            c.is_primary,
            c.civility or "",
        )
        for c in rows
    ]


def customer_header(session: Session, customer_id: int, today: date) -> CustomerHeader:
    customer = session.get_one(Customer, customer_id)
    people = contacts(session, customer_id)
    invoices = session.execute(
        select(Invoice.currency, Invoice.due_date, Invoice.open_cents, Invoice.settled_on).where(
            Invoice.customer_id == customer_id
        )
    ).all()
    currency = Counter(i.currency for i in invoices).most_common(1)
    main = currency[0][0] if currency else "EUR"
    mine = [i for i in invoices if i.currency == main]
    disputed = session.scalar(
        select(func.coalesce(func.sum(DisputeItem.amount_cents), 0))
        .join(Dispute, Dispute.id == DisputeItem.dispute_id)
        .join(Invoice, Invoice.id == DisputeItem.invoice_id)
        .where(
            Dispute.customer_id == customer_id,
            Dispute.status == DisputeStatus.OPEN.value,
            Invoice.currency == main,
        )
    )
    statuses = session.scalars(select(Promise.status).where(Promise.customer_id == customer_id))
    notes = session.scalars(
        select(Interaction)
        .where(
            Interaction.customer_id == customer_id,
            Interaction.kind == InteractionKind.NOTE.value,
            Interaction.pinned,
        )
        .order_by(Interaction.at.desc())
    )
    address = tuple(
        part
        for part in (
            customer.address_line1,
            customer.address_line2,
            " ".join(p for p in (customer.postcode, customer.city, customer.region) if p),
        )
        if part
    )
    return CustomerHeader(
        id=customer.id,
        ref=customer.ref,
        name=customer.name,
        kind=customer.kind,
        address=address,
        country=customer.country,
        siret=customer.siret or "",
        vat_number=customer.vat_number or "",
        iban=customer.iban or "",
        language=customer.language,
        payment_terms_days=customer.payment_terms_days,
        segment=customer.segment,
        dunning_policy=customer.dunning_policy,
        policy_name=_policy_name(
            session, policy_key_for(customer.segment, customer.kind, customer.dunning_policy)
        ),
        on_hold=customer.on_hold and (customer.hold_until is None or today <= customer.hold_until),
        hold_reason=customer.hold_reason or "",
        hold_until=customer.hold_until,
        handed_over_to=customer.handed_over_to,
        handed_over_on=customer.handed_over_on,
        primary_contact=next((c for c in people if c.is_primary), None),
        currency=main,
        due_cents=sum(i.open_cents for i in mine),
        overdue_cents=sum(i.open_cents for i in mine if i.due_date < today),
        disputed_cents=int(disputed or 0),
        credit_cents=unallocated_credit(session, customer_id).get(main, 0),
        average_days_late=average_days_late(
            ((i.due_date, i.settled_on) for i in invoices if i.open_cents or i.settled_on),
            today,
        ),
        promises_kept=share_kept(statuses),
        pinned_notes=tuple(PinnedNote(n.id, n.text or "", n.at) for n in notes),
    )


def _policy_name(session: Session, key: str) -> str:
    name = session.scalar(select(DunningPolicy.name).where(DunningPolicy.key == key))
    if name is None:
        name = next((p.name for p in SHIPPED if p.key == key), key)
    return policy_name(name)


def timeline(session: Session, customer_id: int) -> list[TimelineEvent]:
    """Every event of a customer, newest first."""
    rows = session.execute(
        select(
            HistoryEvent.id,
            HistoryEvent.at,
            HistoryEvent.kind,
            HistoryEvent.summary,
            HistoryEvent.payload,
            HistoryEvent.invoice_id,
            Invoice.number,
            HistoryEvent.document_path,
        )
        .outerjoin(Invoice, Invoice.id == HistoryEvent.invoice_id)
        .where(HistoryEvent.customer_id == customer_id)
        .order_by(HistoryEvent.at.desc(), HistoryEvent.id.desc())
    )
    return [
        TimelineEvent(
            eid,
            at,
            kind,
            group_of(kind),
            event_text(kind, payload, summary),
            iid,
            number or "",
            path,
        )
        for eid, at, kind, summary, payload, iid, number, path in rows
    ]


def invoice_history(session: Session, invoice_id: int) -> list[TimelineEvent]:
    """The events of one invoice: its own, the payments and credit notes allocated to it, the
    disputes that cover it, and the letters or emails that listed it."""
    invoice = session.get_one(Invoice, invoice_id)
    allocations = session.execute(
        select(Allocation.payment_id, Allocation.credit_note_id).where(
            Allocation.invoice_id == invoice_id
        )
    ).all()
    payments = {p for p, _n in allocations if p is not None}
    notes = {n for _p, n in allocations if n is not None}
    disputes = set(
        session.scalars(select(DisputeItem.dispute_id).where(DisputeItem.invoice_id == invoice_id))
    )
    rows = session.execute(
        select(HistoryEvent, Invoice.number)
        .outerjoin(Invoice, Invoice.id == HistoryEvent.invoice_id)
        .where(HistoryEvent.customer_id == invoice.customer_id)
        .order_by(HistoryEvent.at.desc(), HistoryEvent.id.desc())
    )
    found = []
    for event, number in rows:
        payload = event.payload or {}
        if (
            event.invoice_id == invoice_id
            or payload.get("payment_id") in payments
            or payload.get("credit_note_id") in notes
            or payload.get("dispute_id") in disputes
            or invoice_id in payload.get("invoice_ids", ())
            or str(invoice_id) in (payload.get("allocations") or {})
        ):
            found.append(
                TimelineEvent(
                    event.id,
                    event.at,
                    event.kind,
                    group_of(event.kind),
                    event_text(event.kind, payload, event.summary),
                    event.invoice_id,
                    number or "",
                    event.document_path,
                )
            )
    return found


def customer_invoices(session: Session, customer_id: int, today: date) -> list[InvoiceRow]:
    return invoice_rows(session, today, InvoiceFilter.ALL, customer_id=customer_id)


@dataclass(frozen=True)
class CustomerFile:
    """Everything the customer view shows, read in one session."""

    header: CustomerHeader
    events: list[TimelineEvent]
    invoices: list[InvoiceRow]
    contacts: list[ContactRow]
    paid_late: list[PaidLate]  # invoices paid late, with the penalties the law gave on them


def load_customer_file(session: Session, customer_id: int, today: date) -> CustomerFile:
    return CustomerFile(
        customer_header(session, customer_id, today),
        timeline(session, customer_id),
        customer_invoices(session, customer_id, today),
        contacts(session, customer_id),
        paid_late(session, customer_id),
    )
