"""Kinds of history events: the vocabulary of a customer's timeline."""

from __future__ import annotations

import enum


class EventKind(enum.StrEnum):
    CUSTOMER_CREATED = "customer_created"
    CUSTOMER_UPDATED = "customer_updated"
    INVOICE_ISSUED = "invoice_issued"
    INVOICE_UPDATED = "invoice_updated"
    INVOICE_SETTLED_EXTERNALLY = "invoice_settled_externally"
    PAYMENT_RECEIVED = "payment_received"
    PAYMENT_DELETED = "payment_deleted"
    CREDIT_NOTE = "credit_note"
    ACCOUNTING_ENTRY = "accounting_entry"  # a write-off, discount, transfer… from the accounts
    ENTRY_UPDATED = "entry_updated"  # a payment, credit note or entry changed by an import
    CONTACT_CHANGED = "contact_changed"
    CALL = "call"
    DISPUTE_OPENED = "dispute_opened"
    DISPUTE_CLOSED = "dispute_closed"
    PROMISE_MADE = "promise_made"
    PROMISE_KEPT = "promise_kept"
    PROMISE_BROKEN = "promise_broken"
    LETTER_SENT = "letter_sent"
    EMAIL_SENT = "email_sent"
    EMAIL_QUEUED = "email_queued"  # a reminder waiting in the outbox
    REMINDER_SKIPPED = "reminder_skipped"  # a proposed reminder the credit manager held back
    PENALTIES_CLAIMED = "penalties_claimed"  # on invoices paid late, by a letter
    NOTICE_TRACKED = "notice_tracked"  # a registered letter's tracking number, its receipt
    PENALTIES_WAIVED = "penalties_waived"  # a gesture, with its amount
    HANDED_OVER = "handed_over"  # to a collection agency or a lawyer: reminders stop
    TAKEN_BACK = "taken_back"  # back from the agency or lawyer: reminders resume
    WRITTEN_OFF = "written_off"  # the debt given up
    HOLD_ON = "hold_on"
    HOLD_OFF = "hold_off"
    NOTE = "note"


class EventGroup(enum.StrEnum):
    """What the timeline filters on: kinds a credit manager thinks of together."""

    INVOICES = "invoices"
    PAYMENTS = "payments"
    LETTERS = "letters"
    EMAILS = "emails"
    CALLS = "calls"
    NOTES = "notes"
    DISPUTES = "disputes"
    PROMISES = "promises"
    HOLD = "hold"
    CUSTOMER = "customer"


GROUP_OF: dict[EventKind, EventGroup] = {
    EventKind.CUSTOMER_CREATED: EventGroup.CUSTOMER,
    EventKind.CUSTOMER_UPDATED: EventGroup.CUSTOMER,
    EventKind.CONTACT_CHANGED: EventGroup.CUSTOMER,
    EventKind.INVOICE_ISSUED: EventGroup.INVOICES,
    EventKind.INVOICE_UPDATED: EventGroup.INVOICES,
    EventKind.INVOICE_SETTLED_EXTERNALLY: EventGroup.INVOICES,
    EventKind.PAYMENT_RECEIVED: EventGroup.PAYMENTS,
    EventKind.PAYMENT_DELETED: EventGroup.PAYMENTS,
    EventKind.CREDIT_NOTE: EventGroup.PAYMENTS,
    EventKind.ACCOUNTING_ENTRY: EventGroup.PAYMENTS,
    EventKind.ENTRY_UPDATED: EventGroup.PAYMENTS,
    EventKind.CALL: EventGroup.CALLS,
    EventKind.NOTE: EventGroup.NOTES,
    EventKind.DISPUTE_OPENED: EventGroup.DISPUTES,
    EventKind.DISPUTE_CLOSED: EventGroup.DISPUTES,
    EventKind.PROMISE_MADE: EventGroup.PROMISES,
    EventKind.PROMISE_KEPT: EventGroup.PROMISES,
    EventKind.PROMISE_BROKEN: EventGroup.PROMISES,
    EventKind.LETTER_SENT: EventGroup.LETTERS,
    EventKind.REMINDER_SKIPPED: EventGroup.LETTERS,
    EventKind.EMAIL_SENT: EventGroup.EMAILS,
    EventKind.EMAIL_QUEUED: EventGroup.EMAILS,
    EventKind.PENALTIES_CLAIMED: EventGroup.LETTERS,
    EventKind.NOTICE_TRACKED: EventGroup.LETTERS,
    EventKind.PENALTIES_WAIVED: EventGroup.PAYMENTS,
    EventKind.HANDED_OVER: EventGroup.HOLD,
    EventKind.TAKEN_BACK: EventGroup.HOLD,
    EventKind.WRITTEN_OFF: EventGroup.PAYMENTS,
    EventKind.HOLD_ON: EventGroup.HOLD,
    EventKind.HOLD_OFF: EventGroup.HOLD,
}


def group_of(kind: str) -> EventGroup:
    """The group of a stored kind; kinds a newer version wrote fall under the customer's."""
    try:
        return GROUP_OF[EventKind(kind)]
    except ValueError:
        return EventGroup.CUSTOMER
