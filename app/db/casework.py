"""What happens around the ledger: disputes, calls and notes, promises to pay (DESIGN.md §2).

Each row here is written by a service together with its history event, in one transaction.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base
from app.domain.disputes import DisputeStatus

if TYPE_CHECKING:
    from app.db.models import Contact, Invoice


class Dispute(Base):
    __tablename__ = "disputes"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=DisputeStatus.OPEN.value)
    opened_on: Mapped[date]
    closed_on: Mapped[date | None]
    closing_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]

    items: Mapped[list[DisputeItem]] = relationship(
        back_populates="dispute", cascade="all, delete-orphan"
    )

    __table_args__ = (Index("ix_disputes_customer_status", "customer_id", "status"),)


class DisputeItem(Base):
    """The part of one invoice a dispute covers."""

    __tablename__ = "dispute_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id", ondelete="CASCADE"))
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    amount_cents: Mapped[int]

    dispute: Mapped[Dispute] = relationship(back_populates="items")
    invoice: Mapped[Invoice] = relationship()

    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        Index("ix_dispute_items_invoice_id", "invoice_id"),
        Index("ix_dispute_items_dispute_id", "dispute_id"),
    )


class InteractionKind(enum.StrEnum):
    CALL = "call"
    NOTE = "note"
    MEETING = "meeting"


class CallOutcome(enum.StrEnum):
    REACHED = "reached"
    VOICEMAIL = "voicemail"
    NO_ANSWER = "no_answer"
    WRONG_NUMBER = "wrong_number"
    PROMISED = "promised_to_pay"
    DISPUTE = "raised_dispute"
    ALREADY_PAID = "says_already_paid"
    COPY_REQUESTED = "asked_for_copy"


class Interaction(Base):
    """A call, a meeting or a note: who, when, what came of it, and what to do next."""

    __tablename__ = "interactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime]
    outcome: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str | None] = mapped_column(Text)
    next_action_on: Mapped[date | None]
    pinned: Mapped[bool] = mapped_column(default=False)

    contact: Mapped[Contact | None] = relationship()

    __table_args__ = (Index("ix_interactions_customer_at", "customer_id", "at"),)


class PromiseStatus(enum.StrEnum):
    PENDING = "pending"
    KEPT = "kept"
    PARTLY_KEPT = "partly_kept"
    BROKEN = "broken"


class PaymentPlan(Base):
    """An échéancier: what is owed split into dated instalments, each kept like a promise."""

    __tablename__ = "payment_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    total_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    made_on: Mapped[date]
    note: Mapped[str | None] = mapped_column(Text)
    document_path: Mapped[str | None] = mapped_column(String(400))  # the agreement letter
    created_at: Mapped[datetime]

    instalments: Mapped[list[Promise]] = relationship(
        back_populates="plan", order_by="Promise.promised_on"
    )


class Promise(Base):
    """A promise to pay an amount by a date, made on some channel (or an instalment of a plan)."""

    __tablename__ = "promises"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    amount_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    promised_on: Mapped[date]  # the day the money should be there
    made_on: Mapped[date]
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=PromiseStatus.PENDING.value)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("payment_plans.id", ondelete="CASCADE"), index=True
    )

    invoices: Mapped[list[PromiseInvoice]] = relationship(
        back_populates="promise", cascade="all, delete-orphan"
    )
    plan: Mapped[PaymentPlan | None] = relationship(back_populates="instalments")

    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        Index("ix_promises_customer_status", "customer_id", "status"),
    )


class PromiseInvoice(Base):
    __tablename__ = "promise_invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    promise_id: Mapped[int] = mapped_column(ForeignKey("promises.id", ondelete="CASCADE"))
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))

    promise: Mapped[Promise] = relationship(back_populates="invoices")

    __table_args__ = (
        Index("ix_promise_invoices_promise_id", "promise_id"),
        Index("ix_promise_invoices_invoice_id", "invoice_id"),
    )


import app.db.models  # noqa: E402, F401  (the classes these relationships name)
