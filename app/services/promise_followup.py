"""Following promises up: judged kept, partly kept or broken from the money that came in.

Run whenever money comes in (a payment recorded or imported) and as days pass (at start, by the
command line); every change of status is a history event in the same transaction. A broken
promise frees its invoices, so the reminders take them up again at the next proposal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.casework import PromiseStatus
from app.db.models import Allocation, CreditNote, Customer, Invoice, Payment, Promise
from app.domain.calendar import Clock, format_date
from app.domain.events import EventKind
from app.domain.ledger import WRITE_OFF_NOTE
from app.domain.money import format_money, to_plain
from app.domain.promise_rules import (
    MoneyIn,
    PromiseOutcome,
    PromiseTerms,
    evaluate,
    instalment_terms,
)
from app.i18n import _, current_locale
from app.services import history
from app.services.letter_settings import load_letter_settings


def money_in(session: Session, customer_id: int) -> list[MoneyIn]:
    """What the customer paid or was credited: per invoice, plus what no invoice took; each
    with the moment Relance learnt of it (the payment's, the credit note's, the settlement's).
    A write-off is not money in."""
    allocations = session.execute(
        select(
            Allocation.applied_on,
            Allocation.amount_cents,
            Allocation.invoice_id,
            func.coalesce(Payment.created_at, CreditNote.created_at, Allocation.recorded_at),
        )
        .join(Invoice, Invoice.id == Allocation.invoice_id)
        .outerjoin(Payment, Payment.id == Allocation.payment_id)
        .outerjoin(CreditNote, CreditNote.id == Allocation.credit_note_id)
        .where(Invoice.customer_id == customer_id)  # paid, credited, or settled in the accounts
        .where((Allocation.note.is_(None)) | (Allocation.note != WRITE_OFF_NOTE))
    ).all()
    money = [MoneyIn(on, cents, invoice_id, at) for on, cents, invoice_id, at in allocations]
    allocated = (
        select(func.coalesce(func.sum(Allocation.amount_cents), 0))
        .where(Allocation.payment_id == Payment.id)
        .scalar_subquery()
    )
    for on, left, at in session.execute(
        select(Payment.received_on, Payment.amount_cents - allocated, Payment.created_at).where(
            Payment.customer_id == customer_id
        )
    ):
        if left > 0:
            money.append(MoneyIn(on, int(left), None, at))
    return money


def _terms(promise: Promise) -> PromiseTerms:
    """A promise's own terms; an instalment's are everything its plan asked for by its date."""
    invoices = frozenset(link.invoice_id for link in promise.invoices)
    if promise.plan is None:
        return PromiseTerms(
            promise.amount_cents, promise.promised_on, promise.made_on, invoices, promise.created_at
        )
    schedule = [(p.promised_on, p.amount_cents) for p in promise.plan.instalments]
    index = [p.id for p in promise.plan.instalments].index(promise.id)
    return instalment_terms(
        schedule, index, promise.plan.made_on, invoices, promise.plan.created_at
    )


def _judged(
    promise: Promise, money: list[MoneyIn], today: date, grace: int
) -> tuple[PromiseOutcome, int]:
    """The outcome and the money that is this promise's own (an instalment's after the earlier)."""
    result = evaluate(_terms(promise), money, today, grace)
    share = _own_share(promise, result.paid_cents)
    if result.outcome is PromiseOutcome.PARTLY_KEPT and share == 0:
        return PromiseOutcome.BROKEN, 0  # the earlier instalments were paid, not this one
    return result.outcome, share


def _own_share(promise: Promise, paid: int) -> int:
    """What of the money paid belongs to this instalment (after the earlier ones)."""
    if promise.plan is None:
        return paid
    earlier = 0
    for instalment in promise.plan.instalments:
        if instalment.id == promise.id:
            break
        earlier += instalment.amount_cents
    return max(0, min(paid - earlier, promise.amount_cents))


def evaluate_promises(
    session: Session,
    clock: Clock,
    *,
    customer_id: int | None = None,
    grace_days: int | None = None,
) -> list[tuple[Promise, PromiseOutcome]]:
    """Judge every pending promise (of one customer, or all); returns those that changed."""
    if grace_days is None:
        grace_days = load_letter_settings(session).promise_grace_days
    query = select(Promise).where(Promise.status == PromiseStatus.PENDING.value)
    if customer_id is not None:
        query = query.where(Promise.customer_id == customer_id)
    today = clock.today()
    cache: dict[int, list[MoneyIn]] = {}
    changed: list[tuple[Promise, PromiseOutcome]] = []
    for promise in session.scalars(query.order_by(Promise.promised_on, Promise.id)):
        if promise.customer_id not in cache:
            cache[promise.customer_id] = money_in(session, promise.customer_id)
        outcome, share = _judged(promise, cache[promise.customer_id], today, grace_days)
        if outcome is PromiseOutcome.PENDING:
            continue
        promise.status = outcome.value
        _record(session, clock, promise, outcome, share)
        changed.append((promise, outcome))
    return changed


def _record(
    session: Session, clock: Clock, promise: Promise, outcome: PromiseOutcome, paid: int
) -> None:
    locale = current_locale()
    amount = format_money(promise.amount_cents, promise.currency, locale)
    day = format_date(promise.promised_on, locale)
    if outcome is PromiseOutcome.KEPT:
        kind, summary = EventKind.PROMISE_KEPT, _("Promise kept: {amount} by {day}")
    elif outcome is PromiseOutcome.PARTLY_KEPT:
        kind, summary = (
            EventKind.PROMISE_BROKEN,
            _("Promise partly kept: {paid} of {amount} by {day}"),
        )
    else:
        kind, summary = EventKind.PROMISE_BROKEN, _("Promise broken: {amount} by {day}")
    history.record(
        session,
        clock,
        promise.customer_id,
        kind,
        summary.format(amount=amount, day=day, paid=format_money(paid, promise.currency, locale)),
        payload={
            "promise_id": promise.id,
            "outcome": outcome.value,
            "paid_cents": paid,
            "amount_cents": promise.amount_cents,
            "currency": promise.currency,
            "promised_on": promise.promised_on.isoformat(),
        },
    )


@dataclass(frozen=True)
class PromiseRow:
    id: int
    customer_ref: str
    customer_name: str
    amount_cents: int
    currency: str
    promised_on: date
    status: str
    paid_cents: int
    customer_id: int = 0

    def to_json(self) -> dict[str, object]:
        """The `promises --format json` contract."""
        return {
            "id": self.id,
            "customer_ref": self.customer_ref,
            "amount": to_plain(self.amount_cents, self.currency),
            "date": self.promised_on.isoformat(),
            "status": self.status,
            "paid": to_plain(self.paid_cents, self.currency),
        }


def promise_rows(session: Session, today: date, grace_days: int | None = None) -> list[PromiseRow]:
    """Every promise as of a day; a pending one shows what it would be judged that day."""
    if grace_days is None:
        grace_days = load_letter_settings(session).promise_grace_days
    rows = []
    cache: dict[int, list[MoneyIn]] = {}
    promises = session.execute(
        select(Promise, Customer.ref, Customer.name)
        .join(Customer, Customer.id == Promise.customer_id)
        .order_by(Promise.promised_on, Promise.id)
    ).all()
    for promise, ref, name in promises:
        if promise.customer_id not in cache:
            cache[promise.customer_id] = money_in(session, promise.customer_id)
        outcome, share = _judged(promise, cache[promise.customer_id], today, grace_days)
        status = outcome.value if promise.status == "pending" else promise.status
        rows.append(
            PromiseRow(
                promise.id,
                ref,
                name,
                promise.amount_cents,
                promise.currency,
                promise.promised_on,
                status,
                share,
                promise.customer_id,
            )
        )
    return rows
