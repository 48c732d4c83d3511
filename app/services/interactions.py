"""Calls and notes: what was said, in a few keystrokes, and what to do next."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.db.casework import CallOutcome, InteractionKind
from app.db.models import Contact, Interaction
from app.domain.calendar import Clock, format_date
from app.domain.events import EventKind
from app.i18n import N_, _, current_locale
from app.services import history
from app.services.ledger import LedgerError, get_customer

OUTCOME_LABELS = {
    CallOutcome.REACHED: N_("Reached"),
    CallOutcome.VOICEMAIL: N_("Left a voicemail"),
    CallOutcome.NO_ANSWER: N_("No answer"),
    CallOutcome.WRONG_NUMBER: N_("Wrong number"),
    CallOutcome.PROMISED: N_("Promised to pay"),
    CallOutcome.DISPUTE: N_("Raised a dispute"),
    CallOutcome.ALREADY_PAID: N_("Says already paid"),
    CallOutcome.COPY_REQUESTED: N_("Asked for a copy of the invoice"),
}


def outcome_label(outcome: str) -> str:
    try:
        return _(OUTCOME_LABELS[CallOutcome(outcome)])
    except ValueError:
        return outcome


def log_call(
    session: Session,
    clock: Clock,
    customer_id: int,
    outcome: CallOutcome | str,
    *,
    contact_id: int | None = None,
    note: str | None = None,
    next_action_on: date | None = None,
) -> Interaction:
    customer = get_customer(session, customer_id)
    try:
        outcome = CallOutcome(outcome)
    except ValueError:
        raise LedgerError(_("“{outcome}” is not a call outcome.").format(outcome=outcome)) from None
    contact = session.get(Contact, contact_id) if contact_id is not None else None
    if contact_id is not None and (contact is None or contact.customer_id != customer.id):
        raise LedgerError(_("This contact is not one of this customer's."))
    if next_action_on is not None and next_action_on < clock.today():
        raise LedgerError(_("The next action cannot be in the past."))
    call = Interaction(
        customer_id=customer.id,
        contact_id=contact_id,
        kind=InteractionKind.CALL.value,
        at=clock.now(),
        outcome=outcome.value,
        text=(note or "").strip() or None,
        next_action_on=next_action_on,
    )
    session.add(call)
    session.flush()
    summary = _("Call: {outcome}").format(outcome=outcome_label(outcome))
    if contact is not None:
        summary = _("Call with {name}: {outcome}").format(
            name=contact.name, outcome=outcome_label(outcome)
        )
    if call.text:
        summary += f" — {call.text}"
    if next_action_on is not None:
        summary += _(" (next action {day})").format(
            day=format_date(next_action_on, current_locale())
        )
    history.record(
        session,
        clock,
        customer.id,
        EventKind.CALL,
        summary,
        payload={
            "interaction_id": call.id,
            "outcome": outcome.value,
            "contact": contact.name if contact is not None else None,
            "note": call.text,
            "next_action_on": next_action_on.isoformat() if next_action_on else None,
        },
    )
    return call


def add_note(
    session: Session, clock: Clock, customer_id: int, text: str, *, pinned: bool = False
) -> Interaction:
    customer = get_customer(session, customer_id)
    text = text.strip()
    if not text:
        raise LedgerError(_("A note cannot be empty."))
    note = Interaction(
        customer_id=customer.id,
        kind=InteractionKind.NOTE.value,
        at=clock.now(),
        text=text,
        pinned=pinned,
    )
    session.add(note)
    session.flush()
    summary = (_("Pinned note: {text}") if pinned else _("Note: {text}")).format(text=text)
    history.record(
        session,
        clock,
        customer.id,
        EventKind.NOTE,
        summary,
        payload={"interaction_id": note.id, "pinned": pinned, "text": text},
    )
    return note


def set_pinned(session: Session, clock: Clock, note_id: int, pinned: bool) -> Interaction:
    note = session.get(Interaction, note_id)
    if note is None or note.kind != InteractionKind.NOTE.value:
        raise LedgerError(_("This note does not exist."))
    if note.pinned == pinned:
        return note
    note.pinned = pinned
    template = _("Note pinned: {text}") if pinned else _("Note unpinned: {text}")
    history.record(
        session,
        clock,
        note.customer_id,
        EventKind.NOTE,
        template.format(text=note.text or ""),
        payload={
            "interaction_id": note.id,
            "pinned": pinned,
            "pin_changed": True,
            "text": note.text or "",
        },
    )
    return note
