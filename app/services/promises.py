"""Promises to pay, as they are made (on a call, in a letter): an amount by a date.

Whether a promise was kept is evaluated from the payments that follow; that evaluation, with
reminders and payment plans, belongs to the promises capability and builds on these rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.casework import PromiseStatus
from app.db.models import Channel, Invoice, Promise, PromiseInvoice
from app.domain.calendar import Clock, format_date
from app.domain.events import EventKind
from app.domain.money import format_money
from app.i18n import _, current_locale
from app.services import history
from app.services.ledger import LedgerError, get_customer


def record_promise(
    session: Session,
    clock: Clock,
    customer_id: int,
    *,
    amount_cents: int,
    promised_on: date,
    channel: str = Channel.PHONE.value,
    invoice_ids: Iterable[int] = (),
    currency: str = "EUR",
    note: str | None = None,
) -> Promise:
    customer = get_customer(session, customer_id)
    if amount_cents <= 0:
        raise LedgerError(_("A promised amount must be positive."))
    if promised_on < clock.today():
        raise LedgerError(_("A promise to pay cannot be for a day already past."))
    ids = list(invoice_ids)
    invoices = list(session.scalars(select(Invoice).where(Invoice.id.in_(ids)))) if ids else []
    if any(i.customer_id != customer.id for i in invoices) or len(invoices) != len(ids):
        raise LedgerError(_("A promise covers invoices of its own customer only."))
    covered = invoices or list(
        session.scalars(
            select(Invoice).where(Invoice.customer_id == customer.id, Invoice.open_cents > 0)
        )
    )
    owed = sum(i.open_cents for i in covered if i.currency == currency)
    if amount_cents > owed:
        raise LedgerError(
            _("The promised {amount} is more than the {owed} owed.").format(
                amount=format_money(amount_cents, currency, current_locale()),
                owed=format_money(owed, currency, current_locale()),
            )
        )
    promise = Promise(
        customer_id=customer.id,
        amount_cents=amount_cents,
        currency=currency,
        promised_on=promised_on,
        made_on=clock.today(),
        channel=Channel(channel).value,
        status=PromiseStatus.PENDING.value,
        note=(note or "").strip() or None,
        created_at=clock.now(),
        invoices=[PromiseInvoice(invoice_id=i.id) for i in invoices],
    )
    session.add(promise)
    session.flush()
    summary = _("Promise to pay {amount} by {day}").format(
        amount=format_money(amount_cents, currency, current_locale()),
        day=format_date(promised_on, current_locale()),
    )
    if invoices:
        summary += _(" for {invoices}").format(invoices=", ".join(i.number for i in invoices))
    if promise.note:
        summary += f" — {promise.note}"
    history.record(
        session,
        clock,
        customer.id,
        EventKind.PROMISE_MADE,
        summary,
        invoice_id=invoices[0].id if len(invoices) == 1 else None,
        payload={
            "promise_id": promise.id,
            "amount_cents": amount_cents,
            "currency": currency,
            "promised_on": promised_on.isoformat(),
            "numbers": [i.number for i in invoices],
            "note": promise.note,
        },
    )
    return promise
