"""The ledger's use cases: customers, invoices, payments, credit notes and their allocations.

Every function takes the caller's Session (one unit of work) and a Clock, keeps each invoice's
`open_cents` equal to its amount less its allocations, and writes the history in the same
transaction. Refusals raise `LedgerError` with a sentence meant for the user.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Allocation, CreditNote, Customer, Invoice, Payment
from app.domain import ledger
from app.domain.calendar import Clock, format_date
from app.domain.events import EventKind
from app.domain.money import ceiling, format_money, too_large
from app.domain.text import has_control
from app.i18n import _, current_locale
from app.services import history
from app.services.promise_followup import evaluate_promises


class LedgerError(ValueError):
    """A ledger change was refused; the message is for the user."""


@dataclass(frozen=True, slots=True)
class PostingResult:
    """What a payment or credit note did: the document created and where its amount went."""

    document_id: int
    allocations: tuple[ledger.Allocation, ...]
    unallocated_cents: int


def _money(cents: int, currency: str) -> str:
    return format_money(cents, currency, current_locale())


def _single_line(*texts: str | None) -> None:
    """Numbers and references reach email subjects and letters: one line each."""
    if any(text and has_control(text) for text in texts):
        raise LedgerError(
            _(
                "A document number or a payment reference cannot hold a line break or another "
                "control character."
            )
        )


def _within_ceiling(cents: int, currency: str) -> None:
    if too_large(cents, currency):
        raise LedgerError(
            _("An amount cannot be more than {limit}.").format(
                limit=_money(ceiling(currency), currency)
            )
        )


def get_customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise LedgerError(_("This customer does not exist."))
    return customer


def customer_by_ref(session: Session, ref: str) -> Customer:
    customer = session.scalar(select(Customer).where(Customer.ref == ref))
    if customer is None:
        raise LedgerError(_("No customer has the reference “{ref}”.").format(ref=ref))
    return customer


def invoice_by_number(session: Session, number: str, customer_id: int | None = None) -> Invoice:
    query = select(Invoice).where(Invoice.number == number)
    if customer_id is not None:
        query = query.where(Invoice.customer_id == customer_id)
    invoices = session.scalars(query).all()
    if not invoices:
        raise LedgerError(_("No invoice has the number “{number}”.").format(number=number))
    if len(invoices) > 1:
        raise LedgerError(
            _("Several invoices have the number “{number}”; name the customer.").format(
                number=number
            )
        )
    return invoices[0]


def create_customer(
    session: Session, clock: Clock, *, ref: str, name: str, **fields: object
) -> Customer:
    ref, name = ref.strip(), name.strip()
    if not ref or not name:
        raise LedgerError(_("A customer needs a reference and a name."))
    if any(isinstance(v, str) and has_control(v) for v in (ref, name, *fields.values())):
        raise LedgerError(
            _(
                "A customer's reference, name and address are single lines: a line break or "
                "another control character is not accepted."
            )
        )
    if session.scalar(select(Customer.id).where(Customer.ref == ref)) is not None:
        raise LedgerError(_("The reference “{ref}” is already used.").format(ref=ref))
    now = clock.now()
    customer = Customer(ref=ref, name=name, created_at=now, updated_at=now, **fields)
    session.add(customer)
    session.flush()
    history.record(
        session,
        clock,
        customer.id,
        EventKind.CUSTOMER_CREATED,
        _("Customer {name} created").format(name=name),
        payload={"name": name},
    )
    return customer


def add_invoice(
    session: Session,
    clock: Clock,
    *,
    customer_id: int,
    number: str,
    issue_date: date,
    amount_cents: int,
    due_date: date | None = None,
    currency: str = "EUR",
    source: str = "",
) -> Invoice:
    customer = get_customer(session, customer_id)
    if amount_cents <= 0:
        raise LedgerError(_("An invoice amount must be positive."))
    _within_ceiling(amount_cents, currency)
    _single_line(number)
    due = due_date or issue_date + timedelta(days=customer.payment_terms_days)
    if due < issue_date:
        raise LedgerError(_("An invoice cannot be due before it is issued."))
    exists = session.scalar(
        select(Invoice.id).where(Invoice.source == source, Invoice.number == number)
    )
    if exists is not None:
        raise LedgerError(_("The invoice number “{number}” is already used.").format(number=number))
    invoice = Invoice(
        customer_id=customer.id,
        number=number,
        source=source,
        issue_date=issue_date,
        due_date=due,
        amount_cents=amount_cents,
        currency=currency,
        open_cents=amount_cents,
        created_at=clock.now(),
    )
    session.add(invoice)
    session.flush()
    history.record(
        session,
        clock,
        customer.id,
        EventKind.INVOICE_ISSUED,
        _("Invoice {number} issued for {amount}, due {due}").format(
            number=number,
            amount=_money(amount_cents, currency),
            due=format_date(due, current_locale()),
        ),
        invoice_id=invoice.id,
        payload={
            "number": number,
            "amount_cents": amount_cents,
            "currency": currency,
            "due_date": due.isoformat(),
        },
    )
    return invoice


def open_items(session: Session, customer_id: int, currency: str) -> list[ledger.OpenItem]:
    rows = session.execute(
        select(
            Invoice.id, Invoice.due_date, Invoice.issue_date, Invoice.open_cents, Invoice.number
        ).where(
            Invoice.customer_id == customer_id,
            Invoice.currency == currency,
            Invoice.open_cents > 0,
        )
    ).all()
    return [ledger.OpenItem(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def _plan(
    amount_cents: int,
    items: Sequence[ledger.OpenItem],
    allocate_to: Mapping[int, int | None] | None,
) -> ledger.AllocationPlan:
    try:
        if allocate_to:
            return ledger.allocate_to_chosen(amount_cents, items, allocate_to)
        return ledger.allocate_oldest_first(amount_cents, items)
    except ledger.AllocationError as exc:
        raise LedgerError(exc.translated(_)) from exc


def _apply(
    session: Session,
    plan: ledger.AllocationPlan,
    applied_on: date,
    *,
    payment_id: int | None = None,
    credit_note_id: int | None = None,
) -> list[Invoice]:
    touched: list[Invoice] = []
    for part in plan.allocations:
        invoice = session.get_one(Invoice, part.invoice_id)
        invoice.open_cents -= part.cents
        if invoice.open_cents == 0:
            invoice.settled_on = applied_on
        session.add(
            Allocation(
                invoice_id=invoice.id,
                payment_id=payment_id,
                credit_note_id=credit_note_id,
                amount_cents=part.cents,
                applied_on=applied_on,
            )
        )
        touched.append(invoice)
    return touched


def _settled_text(invoices: Sequence[Invoice], plan: ledger.AllocationPlan) -> str:
    by_id = {a.invoice_id: a.cents for a in plan.allocations}
    return ", ".join(f"{inv.number} ({_money(by_id[inv.id], inv.currency)})" for inv in invoices)


def _allocated(invoices: Sequence[Invoice], plan: ledger.AllocationPlan) -> list[list[object]]:
    """The invoices a payment or credit note went to, for the history: `[[number, cents]]`."""
    by_id = {a.invoice_id: a.cents for a in plan.allocations}
    return [[inv.number, by_id[inv.id]] for inv in invoices]


def record_payment(
    session: Session,
    clock: Clock,
    *,
    customer_id: int,
    amount_cents: int,
    received_on: date,
    currency: str = "EUR",
    reference: str | None = None,
    method: str | None = None,
    allocate_to: Mapping[int, int | None] | None = None,
) -> PostingResult:
    """Record a payment; allocate it oldest-due-first, or to the invoices the user chose.

    What is not allocated stays as the customer's unallocated credit.
    """
    customer = get_customer(session, customer_id)
    if amount_cents <= 0:
        raise LedgerError(_("A payment amount must be positive."))
    _within_ceiling(amount_cents, currency)
    _single_line(reference, method)
    if received_on > clock.today():
        raise LedgerError(_("A payment cannot be received in the future."))
    plan = _plan(amount_cents, open_items(session, customer.id, currency), allocate_to)
    payment = Payment(
        customer_id=customer.id,
        received_on=received_on,
        amount_cents=amount_cents,
        currency=currency,
        reference=reference or None,
        method=method or None,
        created_at=clock.now(),
    )
    session.add(payment)
    session.flush()
    invoices = _apply(session, plan, received_on, payment_id=payment.id)
    summary = _("Payment of {amount} received on {day}").format(
        amount=_money(amount_cents, currency), day=format_date(received_on, current_locale())
    )
    if reference:
        summary += _(" (reference {reference})").format(reference=reference)
    if invoices:
        summary += _(", allocated to {invoices}").format(invoices=_settled_text(invoices, plan))
    if plan.unallocated_cents:
        summary += _(", {amount} kept as credit").format(
            amount=_money(plan.unallocated_cents, currency)
        )
    history.record(
        session,
        clock,
        customer.id,
        EventKind.PAYMENT_RECEIVED,
        summary,
        invoice_id=invoices[0].id if len(invoices) == 1 else None,
        payload={
            "payment_id": payment.id,
            "entry": "payment",
            "amount_cents": amount_cents,
            "currency": currency,
            "on": received_on.isoformat(),
            "reference": reference or None,
            "allocations": {str(a.invoice_id): a.cents for a in plan.allocations},
            "allocated": _allocated(invoices, plan),
            "unallocated_cents": plan.unallocated_cents,
        },
    )
    evaluate_promises(session, clock, customer_id=customer.id)  # promises follow the money
    return PostingResult(payment.id, plan.allocations, plan.unallocated_cents)


def describe_posting(session: Session, result: PostingResult, currency: str) -> str:
    """One sentence telling the user where a payment or credit note went."""
    parts = []
    for allocation in result.allocations:
        invoice = session.get_one(Invoice, allocation.invoice_id)
        state = (
            _("settled")
            if invoice.open_cents == 0
            else _("{left} left to pay").format(left=_money(invoice.open_cents, invoice.currency))
        )
        parts.append(
            _("{amount} to invoice {number} ({state})").format(
                amount=_money(allocation.cents, invoice.currency),
                number=invoice.number,
                state=state,
            )
        )
    text = _("Recorded: ") + ("; ".join(parts) if parts else _("no open invoice"))
    if result.unallocated_cents:
        text += _("; {amount} kept as the customer's credit").format(
            amount=_money(result.unallocated_cents, currency)
        )
    return text + "."


def _release(session: Session, allocations: Sequence[Allocation]) -> None:
    for allocation in allocations:
        invoice = allocation.invoice
        invoice.open_cents += allocation.amount_cents
        invoice.settled_on = None


def delete_payment(session: Session, clock: Clock, payment_id: int) -> None:
    """Delete a payment (a typing mistake, a bounced cheque): every balance returns as it was."""
    payment = session.get(Payment, payment_id)
    if payment is None:
        raise LedgerError(_("This payment does not exist."))
    _release(session, payment.allocations)
    history.record(
        session,
        clock,
        payment.customer_id,
        EventKind.PAYMENT_DELETED,
        _("Payment of {amount} received on {day} deleted").format(
            amount=_money(payment.amount_cents, payment.currency),
            day=format_date(payment.received_on, current_locale()),
        ),
        payload={
            "payment_id": payment.id,
            "entry": "payment",
            "amount_cents": payment.amount_cents,
            "currency": payment.currency,
            "on": payment.received_on.isoformat(),
        },
    )
    session.delete(payment)
    session.flush()


def add_credit_note(
    session: Session,
    clock: Clock,
    *,
    customer_id: int,
    number: str,
    issued_on: date,
    amount_cents: int,
    currency: str = "EUR",
    reason: str | None = None,
    allocate_to: Mapping[int, int | None] | None = None,
    source: str = "",
) -> PostingResult:
    """Issue a credit note: it reduces what the customer owes, like a payment that is not cash."""
    customer = get_customer(session, customer_id)
    _single_line(number)
    _within_ceiling(amount_cents, currency)
    if amount_cents <= 0:
        raise LedgerError(_("A credit note amount must be positive."))
    exists = session.scalar(
        select(CreditNote.id).where(CreditNote.source == source, CreditNote.number == number)
    )
    if exists is not None:
        raise LedgerError(
            _("The credit note number “{number}” is already used.").format(number=number)
        )
    plan = _plan(amount_cents, open_items(session, customer.id, currency), allocate_to)
    note = CreditNote(
        customer_id=customer.id,
        number=number,
        source=source,
        issued_on=issued_on,
        amount_cents=amount_cents,
        currency=currency,
        reason=reason,
        created_at=clock.now(),
    )
    session.add(note)
    session.flush()
    invoices = _apply(session, plan, issued_on, credit_note_id=note.id)
    summary = _("Credit note {number} for {amount}").format(
        number=number, amount=_money(amount_cents, currency)
    )
    if invoices:
        summary += _(", allocated to {invoices}").format(invoices=_settled_text(invoices, plan))
    history.record(
        session,
        clock,
        customer.id,
        EventKind.CREDIT_NOTE,
        summary,
        invoice_id=invoices[0].id if len(invoices) == 1 else None,
        payload={
            "credit_note_id": note.id,
            "entry": "credit_note",
            "number": number,
            "amount_cents": amount_cents,
            "currency": currency,
            "allocated": _allocated(invoices, plan),
        },
    )
    return PostingResult(note.id, plan.allocations, plan.unallocated_cents)


def unallocated_credit(session: Session, customer_id: int) -> dict[str, int]:
    """Money received (payments, credit notes) not yet allocated to an invoice, per currency."""
    credit: dict[str, int] = {}
    for model, link in ((Payment, Allocation.payment_id), (CreditNote, Allocation.credit_note_id)):
        allocated = (
            select(func.coalesce(func.sum(Allocation.amount_cents), 0))
            .where(link == model.id)
            .scalar_subquery()
        )
        rows = session.execute(
            select(model.currency, func.sum(model.amount_cents - allocated))
            .where(model.customer_id == customer_id)
            .group_by(model.currency)
        ).all()
        for currency, cents in rows:
            if cents:
                credit[currency] = credit.get(currency, 0) + int(cents)
    return credit


def check_consistency(session: Session) -> list[str]:
    """Invoices whose stored open balance disagrees with their allocations (should be none)."""
    allocated = (
        select(Allocation.invoice_id, func.sum(Allocation.amount_cents).label("cents"))
        .group_by(Allocation.invoice_id)
        .subquery()
    )
    rows = session.execute(
        select(Invoice.number, Invoice.open_cents, Invoice.amount_cents, allocated.c.cents)
        .outerjoin(allocated, allocated.c.invoice_id == Invoice.id)
        .where(Invoice.open_cents != Invoice.amount_cents - func.coalesce(allocated.c.cents, 0))
    ).all()
    return [
        f"{number}: stored {stored}, derived {amount - (cents or 0)}"
        for number, stored, amount, cents in rows
    ]
