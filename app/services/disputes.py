"""Disputes: a customer contests all or part of one or more invoices; reminders pause on it.

An open dispute covers an amount of each invoice (never more than is still open, less what other
open disputes already cover). Closing it as resolved (in the customer's favour) usually calls for
a credit note, which the caller proposes; closing it as rejected lets reminders resume.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Customer, Dispute, DisputeItem, Invoice
from app.domain.calendar import Clock
from app.domain.disputes import DisputeReason, DisputeStatus
from app.domain.events import EventKind
from app.domain.money import format_money
from app.i18n import N_, _, current_locale
from app.services import history
from app.services.ledger import LedgerError

REASON_LABELS = {
    DisputeReason.NOT_RECEIVED: N_("Not received"),
    DisputeReason.DELIVERY: N_("Delivery"),
    DisputeReason.QUALITY: N_("Quality"),
    DisputeReason.PRICE: N_("Price"),
    DisputeReason.DUPLICATE: N_("Duplicate billing"),
    DisputeReason.OTHER: N_("Other"),
}


def reason_label(reason: str) -> str:
    try:
        return _(REASON_LABELS[DisputeReason(reason)])
    except ValueError:
        return reason


def _money(cents: int, currency: str) -> str:
    return format_money(cents, currency, current_locale())


def disputed_cents(session: Session, invoice_ids: Iterable[int]) -> dict[int, int]:
    """What open disputes cover, per invoice."""
    ids = list(invoice_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(DisputeItem.invoice_id, func.sum(DisputeItem.amount_cents))
        .join(Dispute, Dispute.id == DisputeItem.dispute_id)
        .where(Dispute.status == DisputeStatus.OPEN.value, DisputeItem.invoice_id.in_(ids))
        .group_by(DisputeItem.invoice_id)
    )
    return {invoice_id: int(cents) for invoice_id, cents in rows}


def open_dispute(
    session: Session,
    clock: Clock,
    *,
    invoices: Mapping[int, int | None],
    reason: DisputeReason | str,
    note: str | None = None,
) -> Dispute:
    """Open a dispute on invoices of one customer: {invoice id: cents, or None for all open}."""
    if not invoices:
        raise LedgerError(_("Choose at least one invoice to dispute."))
    try:
        reason = DisputeReason(reason)
    except ValueError:
        raise LedgerError(
            _("“{reason}” is not a dispute reason ({choices}).").format(
                reason=reason, choices=", ".join(r.value for r in DisputeReason)
            )
        ) from None
    rows = {i.id: i for i in session.scalars(select(Invoice).where(Invoice.id.in_(invoices)))}
    already = disputed_cents(session, invoices)
    customers = {i.customer_id for i in rows.values()}
    if len(rows) != len(invoices):
        raise LedgerError(_("This invoice does not exist."))
    if len(customers) != 1:
        raise LedgerError(_("A dispute covers invoices of one customer only."))
    items = []
    for invoice_id, wanted in invoices.items():
        invoice = rows[invoice_id]
        room = invoice.open_cents - already.get(invoice_id, 0)
        if invoice.open_cents <= 0:
            raise LedgerError(
                _("Invoice {number} is settled: there is nothing left to dispute.").format(
                    number=invoice.number
                )
            )
        if room <= 0:
            raise LedgerError(
                _("Invoice {number} is already disputed in full.").format(number=invoice.number)
            )
        cents = room if wanted is None else wanted
        if cents <= 0:
            raise LedgerError(_("A disputed amount must be positive."))
        if cents > room:
            raise LedgerError(
                _(
                    "The disputed amount {amount} is more than the {room} of invoice {number} "
                    "that is open and not already disputed."
                ).format(
                    amount=_money(cents, invoice.currency),
                    room=_money(room, invoice.currency),
                    number=invoice.number,
                )
            )
        items.append(DisputeItem(invoice_id=invoice_id, amount_cents=cents))
    dispute = Dispute(
        customer_id=customers.pop(),
        reason=reason.value,
        note=(note or "").strip() or None,
        opened_on=clock.today(),
        created_at=clock.now(),
        items=items,
    )
    session.add(dispute)
    session.flush()
    described = ", ".join(
        f"{invoice.number} ({_money(item.amount_cents, invoice.currency)})"
        for item in items
        for invoice in (rows[item.invoice_id],)
    )
    summary = _("Dispute opened ({reason}) on {invoices}").format(
        reason=reason_label(reason), invoices=described
    )
    if dispute.note:
        summary += f" — {dispute.note}"
    history.record(
        session,
        clock,
        dispute.customer_id,
        EventKind.DISPUTE_OPENED,
        summary,
        invoice_id=items[0].invoice_id if len(items) == 1 else None,
        payload={
            "dispute_id": dispute.id,
            "reason": reason.value,
            "items": {str(i.invoice_id): i.amount_cents for i in items},
            "invoices": [[rows[i.invoice_id].number, i.amount_cents] for i in items],
            "currency": rows[items[0].invoice_id].currency,
            "note": dispute.note,
        },
    )
    return dispute


@dataclass(frozen=True)
class ClosedDispute:
    dispute_id: int
    customer_id: int
    outcome: DisputeStatus
    credit_suggestions: dict[int, int]  # invoice id → cents a credit note could settle


def close_dispute(
    session: Session,
    clock: Clock,
    dispute_id: int,
    outcome: DisputeStatus | str,
    note: str | None = None,
) -> ClosedDispute:
    """Close as resolved (in the customer's favour) or rejected (reminders resume)."""
    dispute = session.get(Dispute, dispute_id)
    if dispute is None:
        raise LedgerError(_("This dispute does not exist."))
    if dispute.status != DisputeStatus.OPEN.value:
        raise LedgerError(_("This dispute is already closed."))
    try:
        outcome = DisputeStatus(outcome)
    except ValueError:
        outcome = DisputeStatus.OPEN
    if outcome is DisputeStatus.OPEN:
        raise LedgerError(_("A dispute closes as “resolved” or “rejected”."))
    dispute.status = outcome.value
    dispute.closed_on = clock.today()
    dispute.closing_note = (note or "").strip() or None
    numbers = ", ".join(item.invoice.number for item in dispute.items)
    if outcome is DisputeStatus.RESOLVED:
        summary = _("Dispute on {invoices} resolved in the customer's favour").format(
            invoices=numbers
        )
    else:
        summary = _("Dispute on {invoices} rejected: reminders resume").format(invoices=numbers)
    if dispute.closing_note:
        summary += f" — {dispute.closing_note}"
    history.record(
        session,
        clock,
        dispute.customer_id,
        EventKind.DISPUTE_CLOSED,
        summary,
        invoice_id=dispute.items[0].invoice_id if len(dispute.items) == 1 else None,
        payload={
            "dispute_id": dispute.id,
            "outcome": outcome.value,
            "numbers": [item.invoice.number for item in dispute.items],
            "note": dispute.closing_note,
        },
    )
    suggestions = (
        {
            item.invoice_id: min(item.amount_cents, item.invoice.open_cents)
            for item in dispute.items
            if item.invoice.open_cents > 0
        }
        if outcome is DisputeStatus.RESOLVED
        else {}
    )
    return ClosedDispute(dispute.id, dispute.customer_id, outcome, suggestions)


def open_dispute_of_invoice(session: Session, invoice_id: int) -> Dispute | None:
    return session.scalars(
        select(Dispute)
        .join(DisputeItem, DisputeItem.dispute_id == Dispute.id)
        .where(DisputeItem.invoice_id == invoice_id, Dispute.status == DisputeStatus.OPEN.value)
        .order_by(Dispute.id)
    ).first()


@dataclass(frozen=True)
class OpenDisputeRow:
    """A line of the Disputes view: one open dispute, across customers."""

    dispute_id: int
    customer_id: int
    customer_ref: str
    customer_name: str
    invoices: str
    reason: str
    opened_on: date
    age_days: int
    cents: int
    currency: str
    note: str


def open_dispute_rows(session: Session, today: date) -> list[OpenDisputeRow]:
    rows = session.execute(
        select(
            Dispute.id,
            Customer.id,
            Customer.ref,
            Customer.name,
            Dispute.reason,
            Dispute.opened_on,
            Dispute.note,
            Invoice.number,
            Invoice.currency,
            DisputeItem.amount_cents,
        )
        .join(Customer, Customer.id == Dispute.customer_id)
        .join(DisputeItem, DisputeItem.dispute_id == Dispute.id)
        .join(Invoice, Invoice.id == DisputeItem.invoice_id)
        .where(Dispute.status == DisputeStatus.OPEN.value)
        .order_by(Dispute.opened_on, Dispute.id, Invoice.number)
    ).all()
    numbers: dict[int, list[str]] = {}
    cents: dict[int, int] = {}
    for row in rows:
        numbers.setdefault(row[0], []).append(row.number)
        cents[row[0]] = cents.get(row[0], 0) + row.amount_cents
    result: dict[int, OpenDisputeRow] = {}
    for did, cid, ref, name, reason, opened, note, _number, currency, _cents in rows:
        result.setdefault(
            did,
            OpenDisputeRow(
                did,
                cid,
                ref,
                name,
                ", ".join(numbers[did]),
                reason_label(reason),
                opened,
                (today - opened).days,
                cents[did],
                currency,
                note or "",
            ),
        )
    return list(result.values())
