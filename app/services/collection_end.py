"""When amicable collection ends: the debt handed to a collection agency or a lawyer (Relance stops
reminding until it is taken back), or written off. Each is a decision a person makes from Today or
the customer file, and each goes into the customer's history.
"""

from __future__ import annotations

import enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Allocation, Customer, Invoice
from app.domain.calendar import Clock
from app.domain.events import EventKind
from app.domain.ledger import WRITE_OFF_NOTE
from app.domain.money import format_money
from app.i18n import _, current_locale, ngettext
from app.services import history
from app.services.ledger import LedgerError, get_customer


class HandedTo(enum.StrEnum):
    AGENCY = "agency"
    LAWYER = "lawyer"


def handed_to_label(value: str) -> str:
    return {
        HandedTo.AGENCY: _("a collection agency"),
        HandedTo.LAWYER: _("a lawyer"),
    }.get(HandedTo(value), value)


def hand_over(
    session: Session, clock: Clock, customer_id: int, to: HandedTo, who: str, note: str = ""
) -> Customer:
    """Hand the debt over: reminders stop (skip reason `handed_over`) until it is taken back."""
    customer = get_customer(session, customer_id)
    if customer.handed_over_to:
        raise LedgerError(_("{name} is already handed over.").format(name=customer.name))
    customer.handed_over_to = to.value
    customer.handed_over_on = clock.today()
    customer.updated_at = clock.now()
    summary = _("Handed over to {whom}").format(whom=handed_to_label(to))
    if who.strip():
        summary += f" ({who.strip()})"
    if note.strip():
        summary += f" — {note.strip()}"
    history.record(
        session,
        clock,
        customer_id,
        EventKind.HANDED_OVER,
        summary,
        payload={"to": to.value, "who": who.strip(), "note": note.strip()},
    )
    return customer


def take_back(session: Session, clock: Clock, customer_id: int, note: str = "") -> Customer:
    """The agency or lawyer gave the file back: reminders resume where they were."""
    customer = get_customer(session, customer_id)
    if not customer.handed_over_to:
        raise LedgerError(_("{name} is not handed over.").format(name=customer.name))
    customer.handed_over_to, customer.handed_over_on = None, None
    customer.updated_at = clock.now()
    summary = _("Taken back from the agency or lawyer; reminders resume")
    if note.strip():
        summary += f" — {note.strip()}"
    history.record(
        session, clock, customer_id, EventKind.TAKEN_BACK, summary, payload={"note": note.strip()}
    )
    return customer


def write_off(session: Session, clock: Clock, customer_id: int, reason: str) -> dict[str, int]:
    """Give the debt up: every open invoice is settled by a write-off (no money came in, so no
    promise is kept by it); returns the amounts per currency."""
    customer = get_customer(session, customer_id)
    if not reason.strip():
        raise LedgerError(_("Say why the debt is written off (kept in the history)."))
    invoices = list(
        session.scalars(
            select(Invoice).where(Invoice.customer_id == customer_id, Invoice.open_cents > 0)
        )
    )
    if not invoices:
        raise LedgerError(_("{name} owes nothing to write off.").format(name=customer.name))
    today, now = clock.today(), clock.now()
    totals: dict[str, int] = {}
    for invoice in invoices:
        session.add(
            Allocation(
                invoice_id=invoice.id,
                amount_cents=invoice.open_cents,
                applied_on=today,
                note=WRITE_OFF_NOTE,
                recorded_at=now,
            )
        )
        totals[invoice.currency] = totals.get(invoice.currency, 0) + invoice.open_cents
        invoice.open_cents, invoice.settled_on = 0, today
    locale = current_locale()
    amounts = ", ".join(format_money(c, cur, locale) for cur, c in sorted(totals.items()))
    history.record(
        session,
        clock,
        customer_id,
        EventKind.WRITTEN_OFF,
        ngettext(
            "Debt written off: {amount} ({count} invoice) — {reason}",
            "Debt written off: {amount} ({count} invoices) — {reason}",
            len(invoices),
        ).format(amount=amounts, count=len(invoices), reason=reason.strip()),
        payload={
            "invoice_ids": [i.id for i in invoices],
            "amounts": totals,
            "reason": reason.strip(),
        },
    )
    return totals
