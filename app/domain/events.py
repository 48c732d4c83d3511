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
    HOLD_ON = "hold_on"
    HOLD_OFF = "hold_off"
    NOTE = "note"
