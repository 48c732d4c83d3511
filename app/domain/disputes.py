"""Why a customer contests an invoice, and how a dispute ends (stored by `app.db.casework`).

Kept apart from the models so the command line can offer the reasons without loading the
database layer.
"""

from __future__ import annotations

import enum


class DisputeReason(enum.StrEnum):
    NOT_RECEIVED = "not_received"
    DELIVERY = "delivery"
    QUALITY = "quality"
    PRICE = "price"
    DUPLICATE = "duplicate"
    OTHER = "other"


class DisputeStatus(enum.StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"  # in the customer's favour: a credit note usually follows
    REJECTED = "rejected"  # reminders resume
