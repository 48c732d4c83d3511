"""Promises to an `.ics` calendar: one all-day event per pending promise, one customer or all.

Each event has a stable UID (the promise's number in this book), so importing the file again
updates the events instead of doubling them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.casework import PromiseStatus
from app.db.models import Customer, Promise
from app.domain.money import format_money
from app.i18n import _, current_locale


def promises_ics(
    session: Session, now: datetime, *, customer_id: int | None = None, book: str = "relance"
) -> bytes:
    query = (
        select(Promise, Customer.ref, Customer.name)
        .join(Customer, Customer.id == Promise.customer_id)
        .where(Promise.status == PromiseStatus.PENDING.value)
        .order_by(Promise.promised_on, Promise.id)
    )
    if customer_id is not None:
        query = query.where(Promise.customer_id == customer_id)
    from icalendar import Calendar, Event  # deferred: only an export needs it

    calendar = Calendar()
    calendar.add("prodid", "-//Relance//Promises to pay//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Promises to pay"))
    for promise, ref, name in session.execute(query):
        amount = format_money(promise.amount_cents, promise.currency, current_locale())
        event = Event()
        event.add("uid", f"promise-{promise.id}@{book}")
        event.add("dtstamp", now)
        event.add("dtstart", promise.promised_on)
        event.add("dtend", promise.promised_on + timedelta(days=1))
        event.add(
            "summary",
            _("{name} ({ref}) promised {amount}").format(name=name, ref=ref, amount=amount),
        )
        if promise.note:
            event.add("description", promise.note)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
