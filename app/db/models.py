"""SQLAlchemy 2 typed models: the ledger (DESIGN.md §2).

Money is integer minor units (`*_cents`) beside a currency code. An invoice's `open_cents` is
derived from its allocations; the ledger service keeps it consistent in the same transaction
(and `services.ledger.check_consistency` proves it), so that aging a large book is one scan.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base


class CustomerKind(enum.StrEnum):
    BUSINESS = "business"
    INDIVIDUAL = "individual"


class Channel(enum.StrEnum):
    LETTER = "letter"
    EMAIL = "email"
    PHONE = "phone"


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default=CustomerKind.BUSINESS.value)
    siret: Mapped[str | None] = mapped_column(String(14))
    vat_number: Mapped[str | None] = mapped_column(String(20))
    iban: Mapped[str | None] = mapped_column(String(34))  # compact: no spaces, upper case
    # an individual's "m", "mme" or "mx" (app.domain.civility); None when not known
    civility: Mapped[str | None] = mapped_column(String(8))
    address_line1: Mapped[str | None] = mapped_column(String(200))
    address_line2: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(100))
    region: Mapped[str | None] = mapped_column(String(100))  # a state or province: "CA"
    country: Mapped[str] = mapped_column(String(2), default="FR")
    language: Mapped[str] = mapped_column(String(5), default="fr")
    payment_terms_days: Mapped[int] = mapped_column(Integer, default=30)
    segment: Mapped[str] = mapped_column(String(32), default="standard")
    dunning_policy: Mapped[str | None] = mapped_column(String(32))  # None: from the segment
    on_hold: Mapped[bool] = mapped_column(default=False)
    hold_reason: Mapped[str | None] = mapped_column(Text)
    hold_until: Mapped[date | None]
    # "agency" or "lawyer" once amicable collection ended and the debt was handed over
    handed_over_to: Mapped[str | None] = mapped_column(String(16))
    handed_over_on: Mapped[date | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="customer", cascade="all, delete-orphan"
    )
    invoices: Mapped[list[Invoice]] = relationship(back_populates="customer")

    __table_args__ = (
        CheckConstraint("kind IN ('business', 'individual')", name="kind"),
        CheckConstraint("payment_terms_days >= 0", name="terms"),
    )


class Contact(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    civility: Mapped[str | None] = mapped_column(String(8))  # "m", "mme", "mx"; None: not known
    role: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    preferred_channel: Mapped[str] = mapped_column(String(16), default=Channel.LETTER.value)
    best_time: Mapped[str | None] = mapped_column(String(100))
    is_primary: Mapped[bool] = mapped_column(default=False)

    customer: Mapped[Customer] = relationship(back_populates="contacts")

    __table_args__ = (
        Index("ix_contacts_customer_id", "customer_id"),
        Index(
            "uq_contacts_one_primary",
            "customer_id",
            unique=True,
            sqlite_where=text("is_primary = 1"),
            postgresql_where=text("is_primary"),
        ),
    )


class Invoice(Base):
    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="RESTRICT"))
    number: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(32), default="")
    issue_date: Mapped[date]
    due_date: Mapped[date]
    amount_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    external_ref: Mapped[str | None] = mapped_column(String(64))
    open_cents: Mapped[int]
    settled_on: Mapped[date | None]
    created_at: Mapped[datetime]

    customer: Mapped[Customer] = relationship(back_populates="invoices")
    allocations: Mapped[list[Allocation]] = relationship(back_populates="invoice")

    __table_args__ = (
        UniqueConstraint("source", "number", name="uq_invoices_source_number"),
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint("open_cents >= 0 AND open_cents <= amount_cents", name="open_in_range"),
        Index("ix_invoices_customer_due", "customer_id", "due_date"),
        Index(
            "ix_invoices_open",  # covers the aged balance and the day's proposals (0012)
            "customer_id",
            "currency",
            "due_date",
            "open_cents",
            "number",
            "issue_date",
            "amount_cents",
            sqlite_where=text("open_cents > 0"),
            postgresql_where=text("open_cents > 0"),
        ),
    )


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="RESTRICT"))
    received_on: Mapped[date]
    amount_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    reference: Mapped[str | None] = mapped_column(String(100))
    method: Mapped[str | None] = mapped_column(String(32))
    external_ref: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]

    allocations: Mapped[list[Allocation]] = relationship(
        back_populates="payment", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        Index("ix_payments_customer_id", "customer_id"),
    )


class CreditNote(Base):
    __tablename__ = "credit_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="RESTRICT"))
    number: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(32), default="")
    issued_on: Mapped[date]
    amount_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    reason: Mapped[str | None] = mapped_column(Text)
    external_ref: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]

    allocations: Mapped[list[Allocation]] = relationship(
        back_populates="credit_note", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("source", "number", name="uq_credit_notes_source_number"),
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        Index("ix_credit_notes_customer_id", "customer_id"),
    )


class Allocation(Base):
    """A part of a payment or credit note applied to one invoice.

    With neither a payment nor a credit note, the invoice was settled in the accounting system
    (an import said so) without Relance knowing how; `note` says which import.
    """

    __tablename__ = "allocations"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id", ondelete="CASCADE"))
    credit_note_id: Mapped[int | None] = mapped_column(
        ForeignKey("credit_notes.id", ondelete="CASCADE")
    )
    amount_cents: Mapped[int]
    applied_on: Mapped[date]
    note: Mapped[str | None] = mapped_column(String(200))
    # When Relance learnt of it (a settlement from an import, a write-off): a promise is kept
    # only by money that came in after it was made. Payments and credit notes have their own.
    recorded_at: Mapped[datetime | None]

    invoice: Mapped[Invoice] = relationship(back_populates="allocations")
    payment: Mapped[Payment | None] = relationship(back_populates="allocations")
    credit_note: Mapped[CreditNote | None] = relationship(back_populates="allocations")

    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint("payment_id IS NULL OR credit_note_id IS NULL", name="at_most_one_source"),
        Index("ix_allocations_invoice_id", "invoice_id"),
        # with the amount: what is left of each payment and credit note, read from these alone
        Index("ix_allocations_payment_id", "payment_id", "amount_cents"),
        Index("ix_allocations_credit_note_id", "credit_note_id", "amount_cents"),
    )


class HistoryEvent(Base):
    """Append-only record of everything that changed a customer's situation."""

    __tablename__ = "history_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id", ondelete="SET NULL"))
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    document_path: Mapped[str | None] = mapped_column(String(500))
    document_sha256: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_history_events_customer_at", "customer_id", "at"),
        Index("ix_history_events_invoice_id", "invoice_id"),
    )


class Setting(Base):
    """Application settings as JSON values (company profile, language, default currency)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


# The case-work tables live in their own module; importing it here registers them with Base.
from app.db.casework import (  # noqa: E402
    Dispute,
    DisputeItem,
    Interaction,
    PaymentPlan,
    Promise,
    PromiseInvoice,
)
from app.db.dunning import (  # noqa: E402
    DunningLevel,
    DunningPolicy,
    LatePenaltyDecision,
    LetterTemplate,
    OutboxMessage,
    RatePeriodRow,
    Reminder,
    ReminderHoldback,
    ReminderItem,
    Task,
)

__all__ = [
    "Allocation",
    "Base",
    "Contact",
    "CreditNote",
    "Customer",
    "Dispute",
    "DisputeItem",
    "DunningLevel",
    "DunningPolicy",
    "HistoryEvent",
    "Interaction",
    "Invoice",
    "LatePenaltyDecision",
    "LetterTemplate",
    "OutboxMessage",
    "Payment",
    "PaymentPlan",
    "Promise",
    "PromiseInvoice",
    "RatePeriodRow",
    "Reminder",
    "ReminderHoldback",
    "ReminderItem",
    "Setting",
    "Task",
]
