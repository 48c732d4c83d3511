"""Putting a customer on hold: no reminder goes out until the hold is lifted or its end date."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.db.models import Customer
from app.domain.calendar import Clock, format_date
from app.domain.events import EventKind
from app.i18n import _, current_locale
from app.services import history
from app.services.ledger import LedgerError, get_customer


def is_held(customer: Customer, today: date) -> bool:
    """On hold, and the hold has no end date or has not passed it."""
    return customer.on_hold and (customer.hold_until is None or today <= customer.hold_until)


def _day(value: date) -> str:
    return format_date(value, current_locale())


def set_hold(
    session: Session, clock: Clock, customer_id: int, reason: str, until: date | None = None
) -> Customer:
    customer = get_customer(session, customer_id)
    reason = reason.strip()
    if not reason:
        raise LedgerError(_("Say why the customer is put on hold."))
    if until is not None and until < clock.today():
        raise LedgerError(_("The end of the hold ({day}) is in the past.").format(day=_day(until)))
    customer.on_hold, customer.hold_reason, customer.hold_until = True, reason, until
    customer.updated_at = clock.now()
    summary = _("Put on hold: {reason}").format(reason=reason)
    if until is not None:
        summary += _(" (until {day})").format(day=_day(until))
    history.record(
        session,
        clock,
        customer.id,
        EventKind.HOLD_ON,
        summary,
        payload={"reason": reason, "until": until.isoformat() if until else None},
    )
    return customer


def release_hold(session: Session, clock: Clock, customer_id: int) -> Customer:
    customer = get_customer(session, customer_id)
    if not customer.on_hold:
        raise LedgerError(_("{name} is not on hold.").format(name=customer.name))
    customer.on_hold, customer.hold_reason, customer.hold_until = False, None, None
    customer.updated_at = clock.now()
    history.record(
        session, clock, customer.id, EventKind.HOLD_OFF, _("Hold lifted: reminders resume")
    )
    return customer
