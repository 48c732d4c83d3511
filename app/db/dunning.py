"""Reminders: policies and their levels, penalty rates, the reminders sent, letter texts, and
what a run leaves to do (emails to send, calls to make).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base


class DunningPolicy(Base):
    __tablename__ = "dunning_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    shipped: Mapped[bool] = mapped_column(default=False)  # one of Relance's own, re-created if gone
    after_broken_rank: Mapped[int | None]  # the level a broken promise brings a customer back to

    levels: Mapped[list[DunningLevel]] = relationship(
        back_populates="policy", cascade="all, delete-orphan", order_by="DunningLevel.rank"
    )


class DunningLevel(Base):
    __tablename__ = "dunning_levels"

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("dunning_policies.id", ondelete="CASCADE"))
    rank: Mapped[int]
    name: Mapped[str] = mapped_column(String(100), default="")  # empty: the template's own name
    days: Mapped[int]
    channels: Mapped[str] = mapped_column(String(40))  # "letter,email"
    template: Mapped[str] = mapped_column(String(40))
    min_overdue_cents: Mapped[int] = mapped_column(default=0)
    min_days_since_previous: Mapped[int] = mapped_column(default=0)
    state_penalties: Mapped[bool] = mapped_column(default=False)
    formal_notice: Mapped[bool] = mapped_column(default=False)
    manual_only: Mapped[bool] = mapped_column(default=False)
    attach_statement: Mapped[bool] = mapped_column(default=False, server_default="0")

    policy: Mapped[DunningPolicy] = relationship(back_populates="levels")

    __table_args__ = (UniqueConstraint("policy_id", "rank"),)


class RatePeriodRow(Base):
    """A half-year of late-payment reference rates, in basis points; editable, shipped filled."""

    __tablename__ = "rate_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction: Mapped[str] = mapped_column(String(2))
    starts_on: Mapped[date]
    reference_bp: Mapped[int]
    legal_bp: Mapped[int | None]

    __table_args__ = (UniqueConstraint("jurisdiction", "starts_on"),)


class Reminder(Base):
    """One reminder sent to one customer: the level, how, what it covered, and the letter."""

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    batch: Mapped[str] = mapped_column(String(40))
    policy_key: Mapped[str] = mapped_column(String(32))
    level_rank: Mapped[int]
    level_name: Mapped[str] = mapped_column(String(100))
    template: Mapped[str] = mapped_column(String(40))
    sent_on: Mapped[date]
    created_at: Mapped[datetime]
    channels: Mapped[str] = mapped_column(String(40))
    currency: Mapped[str] = mapped_column(String(3))
    total_cents: Mapped[int]  # what it claimed before penalties: open − disputed − credit
    credit_cents: Mapped[int] = mapped_column(default=0, server_default="0")
    interest_cents: Mapped[int] = mapped_column(default=0)
    fixed_cents: Mapped[int] = mapped_column(default=0)
    document_path: Mapped[str | None] = mapped_column(String(400))
    document_sha256: Mapped[str | None] = mapped_column(String(64))
    # A formal notice posted "recommandé avec AR": its tracking number and the day it was
    # received, as the acknowledgement says; its deadline runs from that day (docs/reminders.md).
    registered: Mapped[bool] = mapped_column(default=False, server_default=false())
    tracking_number: Mapped[str | None] = mapped_column(String(40))
    received_on: Mapped[date | None]

    items: Mapped[list[ReminderItem]] = relationship(
        back_populates="reminder", cascade="all, delete-orphan"
    )

    __table_args__ = (Index("ix_reminders_customer_sent", "customer_id", "sent_on"),)


class ReminderItem(Base):
    __tablename__ = "reminder_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    reminder_id: Mapped[int] = mapped_column(ForeignKey("reminders.id", ondelete="CASCADE"))
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    open_cents: Mapped[int]
    days_overdue: Mapped[int]

    reminder: Mapped[Reminder] = relationship(back_populates="items")

    __table_args__ = (Index("ix_reminder_items_invoice_id", "invoice_id"),)


class ReminderHoldback(Base):
    """A reminder the credit manager held back, with the reason, until a day: the customer is
    not proposed again before it, across runs, restarts and the command line."""

    __tablename__ = "reminder_holdbacks"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    level_rank: Mapped[int]
    reason: Mapped[str] = mapped_column(Text, default="")
    until: Mapped[date]
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_reminder_holdbacks_customer_until", "customer_id", "until"),)


class LatePenaltyDecision(Base):
    """What was decided about the penalties owed on an invoice paid late: claimed by letter, or
    waived as a gesture; the amounts are those of the day of the decision."""

    __tablename__ = "late_penalty_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    invoice_id: Mapped[int] = mapped_column(
        ForeignKey("invoices.id", ondelete="CASCADE"), unique=True
    )
    decision: Mapped[str] = mapped_column(String(16))  # "claimed" or "waived"
    interest_cents: Mapped[int]
    fixed_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))  # the interest's, the invoice's currency
    fixed_currency: Mapped[str] = mapped_column(String(3))  # the law's (EUR, GBP)
    decided_on: Mapped[date]
    reason: Mapped[str | None] = mapped_column(Text)
    document_path: Mapped[str | None] = mapped_column(String(400))
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_late_penalty_decisions_customer", "customer_id"),)


class LetterTemplate(Base):
    """A text the user changed; the shipped texts live in resources and fill in the rest."""

    __tablename__ = "letter_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("key", "language"),)


class OutboxState:
    """Where a message is: the rule that it is never sent twice lives in `app.mail.outbox`."""

    QUEUED = "queued"  # waiting (offline, or retrying after a temporary failure)
    SENDING = "sending"  # handed to the server by the process in `sending_token`
    SENT = "sent"
    FAILED = "failed"  # the server refused it for good (its words in `last_error`)
    HELD = "held"  # caught in "sending" after a stop: the user confirms sent, or sends again
    CANCELLED = "cancelled"


class OutboxMessage(Base):
    """An email, from the moment it is queued (with its Message-ID) to its delivery."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    reminder_id: Mapped[int | None] = mapped_column(ForeignKey("reminders.id", ondelete="SET NULL"))
    to_address: Mapped[str] = mapped_column(String(320))
    to_name: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    attachment_path: Mapped[str | None] = mapped_column(String(400))  # relative to the database
    extra_attachments: Mapped[list[str] | None] = mapped_column(JSON)  # more files, likewise
    message_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=OutboxState.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None]
    sending_token: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    archive_path: Mapped[str | None] = mapped_column(String(400))  # the .eml as it was sent

    __table_args__ = (Index("ix_outbox_status", "status", "next_attempt_at"),)


class Task(Base):
    """Something to do by hand, such as a phone call a reminder level asks for."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    reminder_id: Mapped[int | None] = mapped_column(ForeignKey("reminders.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))
    due_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    done_on: Mapped[date | None]

    __table_args__ = (Index("ix_tasks_open", "done_on", "due_on"),)
