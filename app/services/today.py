"""Today: the credit manager's worklist for the day, each line leading to the right customer."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.casework import InteractionKind, PromiseStatus
from app.db.dunning import OutboxState
from app.db.models import (
    Customer,
    Dispute,
    HistoryEvent,
    Interaction,
    OutboxMessage,
    Promise,
    Task,
)
from app.domain.calendar import format_date
from app.domain.disputes import DisputeStatus
from app.domain.dunning import LETTER, DecisionReason
from app.domain.events import EventKind
from app.domain.money import format_money
from app.i18n import _, current_locale, ngettext
from app.services.dunning import propose
from app.services.history_text import event_text
from app.services.letter_settings import load_letter_settings
from app.services.notice_tracking import awaiting_receipt
from app.services.settings import read_section, write_section

HOLD_NOTICE_DAYS = 3  # holds ending within this many days are shown


class TodayKind(enum.StrEnum):
    REMINDERS = "reminders"  # the day's reminders, letters to print and emails to send
    DECISION = (
        "decision"  # amicable collection ended: a notice by hand, a plan, hand over, write off
    )
    NOTICE_RECEIPT = "notice_receipt"  # a registered letter posted: its tracking, its receipt
    PROMISE_SOON = "promise_soon"  # a courtesy word to the customer before the date
    PROMISE_DUE = "promise_due"
    PROMISE_BROKEN = "promise_broken"
    CALL = "call"
    EMAIL_FAILED = "email_failed"
    DISPUTE_OLD = "dispute_old"
    HOLD_ENDS = "hold_ends"


@dataclass(frozen=True)
class TodayItem:
    kind: TodayKind
    customer_id: int
    customer_ref: str
    customer_name: str
    day: date
    summary: str
    manual_rank: int | None = None  # a decision: the level the policy leaves to a person
    reminder_id: int | None = None  # a registered letter whose receipt is awaited

    def to_json(self) -> dict[str, object]:
        """The `today --format json` contract."""
        return {
            "kind": self.kind.value,
            "customer_ref": self.customer_ref,
            "customer_name": self.customer_name,
            "date": self.day.isoformat(),
            "summary": self.summary,
        }


def worklist(
    session: Session,
    today: date,
    since: datetime | None = None,
    *,
    with_reminders: bool = True,
) -> list[TodayItem]:
    """What needs attention today; promises broken since `since` (the last visit, or at most the
    last 7 days)."""
    names = {
        cid: (ref, name)
        for cid, ref, name in session.execute(select(Customer.id, Customer.ref, Customer.name))
    }
    items: list[TodayItem] = []

    def add(kind: TodayKind, customer_id: int, day: date, summary: str) -> None:
        ref, name = names[customer_id]
        items.append(TodayItem(kind, customer_id, ref, name, day, summary))

    locale = current_locale()
    settings = load_letter_settings(session)
    for promise in session.scalars(
        select(Promise).where(
            Promise.status == PromiseStatus.PENDING.value, Promise.promised_on == today
        )
    ):
        amount = format_money(promise.amount_cents, promise.currency, locale)
        add(
            TodayKind.PROMISE_DUE,
            promise.customer_id,
            today,
            _("Promised {amount} for today").format(amount=amount),
        )
    for notice in awaiting_receipt(session, today):
        ref, name = names[notice.customer_id]
        items.append(
            TodayItem(
                TodayKind.NOTICE_RECEIPT,
                notice.customer_id,
                ref,
                name,
                notice.sent_on,
                _(
                    "{level} posted by registered letter on {day}: enter its tracking number "
                    "and the day it was received"
                ).format(level=notice.level_name, day=format_date(notice.sent_on, locale)),
                reminder_id=notice.reminder_id,
            )
        )
    soon = today + timedelta(days=settings.courtesy_days)
    for promise in session.scalars(
        select(Promise).where(
            Promise.status == PromiseStatus.PENDING.value, Promise.promised_on == soon
        )
    ):
        amount = format_money(promise.amount_cents, promise.currency, locale)
        add(
            TodayKind.PROMISE_SOON,
            promise.customer_id,
            soon,
            _("{amount} promised in {days} days: a courtesy word to the customer?").format(
                amount=amount, days=settings.courtesy_days
            ),
        )
    week = datetime.combine(today - timedelta(days=7), datetime.min.time()).astimezone()
    start = since or week
    for customer_id, at, kind, payload, summary in session.execute(
        select(
            HistoryEvent.customer_id,
            HistoryEvent.at,
            HistoryEvent.kind,
            HistoryEvent.payload,
            HistoryEvent.summary,
        ).where(HistoryEvent.kind == EventKind.PROMISE_BROKEN.value, HistoryEvent.at >= start)
    ):
        day = at.astimezone().date()
        add(TodayKind.PROMISE_BROKEN, customer_id, day, event_text(kind, payload, summary))
    for customer_id, due, text in session.execute(
        select(Interaction.customer_id, Interaction.next_action_on, Interaction.text).where(
            Interaction.kind == InteractionKind.CALL.value, Interaction.next_action_on == today
        )
    ):
        add(TodayKind.CALL, customer_id, due or today, text or _("Call back, as planned"))
    for customer_id, due, text in session.execute(
        select(Task.customer_id, Task.due_on, Task.text).where(
            Task.done_on.is_(None), Task.kind == "call", Task.due_on <= today
        )
    ):
        add(TodayKind.CALL, customer_id, due, text)
    for message in session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.status.in_((OutboxState.FAILED, OutboxState.HELD))
        )
    ):
        add(
            TodayKind.EMAIL_FAILED,
            message.customer_id,
            message.created_at.astimezone().date(),
            f"{message.subject} — {message.last_error or ''}".rstrip(" —"),
        )
    oldest = today - timedelta(days=settings.dispute_age_days)
    for dispute in session.scalars(
        select(Dispute).where(
            Dispute.status == DisputeStatus.OPEN.value, Dispute.opened_on <= oldest
        )
    ):
        age = (today - dispute.opened_on).days
        add(
            TodayKind.DISPUTE_OLD,
            dispute.customer_id,
            dispute.opened_on,
            _("Dispute open for {days} days").format(days=age),
        )
    for customer in session.scalars(
        select(Customer).where(
            Customer.on_hold,
            Customer.hold_until.is_not(None),
            Customer.hold_until >= today,
            Customer.hold_until <= today + timedelta(days=HOLD_NOTICE_DAYS),
        )
    ):
        assert customer.hold_until is not None
        add(
            TodayKind.HOLD_ENDS,
            customer.id,
            customer.hold_until,
            _("Hold ends: {reason}").format(reason=customer.hold_reason or "—"),
        )
    plan = propose(session, today) if with_reminders else None  # the costly part, on big books
    letters = sum(1 for p in plan.proposals if LETTER in p.proposal.channels) if plan else 0
    if plan is not None and plan.proposals:
        items.append(
            TodayItem(
                TodayKind.REMINDERS,
                0,
                "",
                "",
                today,
                ngettext(
                    "{n} reminder proposed, {letters} by post",
                    "{n} reminders proposed, {letters} by post",
                    len(plan.proposals),
                ).format(n=len(plan.proposals), letters=letters),
            )
        )
    for decision in plan.decisions if plan is not None else ():
        amount = format_money(decision.amount_cents, decision.currency, locale)
        if decision.reason is DecisionReason.NOTICE_EXPIRED:
            text = _("Formal notice expired, {amount} unpaid: decide what follows").format(
                amount=amount
            )
        elif decision.manual_rank is not None:
            text = _(
                "Every amicable reminder sent, {amount} unpaid: a formal notice by hand, or "
                "another way"
            ).format(amount=amount)
        else:
            text = _(
                "The last reminder brought nothing, {amount} unpaid: decide what follows"
            ).format(amount=amount)
        ref, name = names[decision.customer.id]
        items.append(
            TodayItem(
                TodayKind.DECISION,
                decision.customer.id,
                ref,
                name,
                decision.since,
                text,
                decision.manual_rank,
            )
        )
    order = list(TodayKind)
    items.sort(key=lambda i: (order.index(i.kind), i.day, i.customer_name.casefold()))
    return items


VISIT_KEY = "today"


def last_visit(session: Session) -> datetime | None:
    """The start of the previous day the Today page was seen: what broke since is shown all day."""
    value = read_section(session, VISIT_KEY).get("previous")
    if not value:
        return None
    return datetime.combine(date.fromisoformat(value), datetime.min.time()).astimezone()


def mark_visit(session: Session, today: date) -> None:
    seen = read_section(session, VISIT_KEY)
    if seen.get("day") != today.isoformat():
        write_section(session, VISIT_KEY, {"previous": seen.get("day"), "day": today.isoformat()})
