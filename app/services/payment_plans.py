"""Payment plans (échéanciers): what is owed split into dated instalments, put in writing.

Each instalment is a promise of the plan; it is kept when everything due by its date has come
in (so an early payment counts for the next ones). The agreement letter states both parties,
the instalments, and what happens if one is missed; it is archived in the history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.casework import PromiseStatus
from app.db.models import Channel, Invoice, PaymentPlan, Promise, PromiseInvoice
from app.domain.calendar import Clock, format_date
from app.domain.events import EventKind
from app.domain.money import format_money
from app.i18n import _, current_locale, ngettext
from app.letters import texts
from app.letters.content import InvoiceLine
from app.letters.wording import long_date, money, unbroken
from app.services import history
from app.services.disputes import disputed_cents
from app.services.ledger import LedgerError, get_customer, unallocated_credit
from app.services.letters import archive, draw, letter_text, letter_to, recipient_of, sender_of
from app.services.settings import load_company


@dataclass(frozen=True)
class Owed:
    """What a plan may cover: the open invoices less their disputed parts, less the credit on
    the account (unallocated payments and credit notes), in the main currency."""

    invoices: tuple[Invoice, ...]
    disputed: dict[int, int]
    credit_cents: int
    currency: str

    @property
    def gross_cents(self) -> int:
        return sum(i.open_cents - self.disputed.get(i.id, 0) for i in self.invoices)

    @property
    def net_cents(self) -> int:
        return self.gross_cents - self.credit_cents


def owed(session: Session, customer_id: int, invoice_ids: Sequence[int] = ()) -> Owed:
    query = select(Invoice).where(Invoice.customer_id == customer_id, Invoice.open_cents > 0)
    if invoice_ids:
        query = query.where(Invoice.id.in_(invoice_ids))
    invoices = list(session.scalars(query.order_by(Invoice.due_date, Invoice.number)))
    if not invoices:
        return Owed((), {}, 0, "EUR")
    currency = invoices[0].currency
    disputed = disputed_cents(session, [i.id for i in invoices if i.currency == currency])
    # An invoice wholly under dispute is not part of a plan: the customer signs for none of it.
    mine = tuple(
        i for i in invoices if i.currency == currency and i.open_cents > disputed.get(i.id, 0)
    )
    gross = sum(i.open_cents - disputed.get(i.id, 0) for i in mine)
    credit = max(min(unallocated_credit(session, customer_id).get(currency, 0), gross), 0)
    return Owed(mine, disputed, credit, currency)


def create_plan(
    session: Session,
    clock: Clock,
    customer_id: int,
    schedule: Sequence[tuple[date, int]],
    *,
    database_dir: Path,
    invoice_ids: Sequence[int] = (),
    note: str | None = None,
) -> PaymentPlan:
    """Record the plan, its instalments and its agreement letter; refused if it does not add up."""
    customer = get_customer(session, customer_id)
    due = owed(session, customer.id, invoice_ids)
    invoices = list(due.invoices)
    if due.net_cents <= 0:
        raise LedgerError(_("Nothing is owed: there is nothing to plan."))
    total = sum(cents for _day, cents in schedule)
    currency = due.currency
    if not schedule or any(cents <= 0 for _day, cents in schedule):
        raise LedgerError(_("Every instalment needs a positive amount."))
    if total != due.net_cents:
        raise LedgerError(
            _("The instalments add up to {total}, but {owed} is owed.").format(
                total=format_money(total, currency, current_locale()),
                owed=format_money(due.net_cents, currency, current_locale()),
            )
        )
    days = [day for day, _cents in schedule]
    if days != sorted(days) or len(set(days)) != len(days):
        raise LedgerError(_("Each instalment must fall after the one before it."))
    if days[0] < clock.today():
        raise LedgerError(_("The first instalment cannot be in the past."))
    plan = PaymentPlan(
        customer_id=customer.id,
        total_cents=total,
        currency=currency,
        made_on=clock.today(),
        note=(note or "").strip() or None,
        created_at=clock.now(),
    )
    session.add(plan)
    session.flush()
    for day, cents in schedule:
        session.add(
            Promise(
                customer_id=customer.id,
                amount_cents=cents,
                currency=currency,
                promised_on=day,
                made_on=clock.today(),
                channel=Channel.LETTER.value,
                status=PromiseStatus.PENDING.value,
                created_at=clock.now(),
                plan_id=plan.id,
                invoices=[PromiseInvoice(invoice_id=i.id) for i in invoices],
            )
        )
    session.flush()
    plan.document_path = _agreement(session, clock, plan, due, list(schedule), database_dir)
    summary = ngettext(
        "Payment plan agreed: {total} in {n} instalment from {first}",
        "Payment plan agreed: {total} in {n} instalments from {first}",
        len(schedule),
    ).format(
        total=format_money(total, currency, current_locale()),
        n=len(schedule),
        first=format_date(days[0], current_locale()),
    )
    event = history.record(
        session,
        clock,
        customer.id,
        EventKind.PROMISE_MADE,
        summary,
        payload={
            "plan_id": plan.id,
            "invoice_ids": [i.id for i in invoices],
            "total_cents": total,
            "currency": currency,
            "instalments": len(schedule),
            "first": days[0].isoformat(),
        },
    )
    event.document_path = plan.document_path
    return plan


# The agreement's own words, in the letter's language (not the window's).
PLAN_WORDS = {
    "fr": {
        "line": "{n}. {day}\u00a0: {amount}",
        "disputed": (
            "Les montants en litige ne font pas partie de cet échéancier ({items})\u00a0: "
            "ils seront traités à part, une fois le litige examiné, et ne vous sont pas "
            "demandés ici."
        ),
        "item": "{number}\u00a0: {amount}",
        "first": "Première échéance\u00a0: {amount}, au plus tard le {day}",
        "countersign": "Pour {name}, «\u00a0Bon pour accord\u00a0», date et signature\u00a0:",
    },
    "en": {
        "line": "{n}. {day}: {amount}",
        "disputed": (
            "The amounts in dispute are not part of this plan ({items}): they will be dealt "
            "with separately once the dispute has been looked into, and are not asked of you here."
        ),
        "item": "{number}: {amount}",
        "first": "First instalment: {amount}, by {day}",
        "countersign": "For {name}, “Agreed”, date and signature:",
    },
}


def _agreement(
    session: Session,
    clock: Clock,
    plan: PaymentPlan,
    due: Owed,
    schedule: list[tuple[date, int]],
    database_dir: Path,
) -> str:
    """The agreement letter: the schedule, the disputed amounts left out, a QR code for the
    first instalment, and both parties' signatures together at the end."""
    customer = get_customer(session, plan.customer_id)
    recipient = recipient_of(session, customer.id)
    language = recipient.language
    w = PLAN_WORDS[language]
    company = load_company(session)
    sender = sender_of(company)
    cur = plan.currency
    lines = "\n".join(
        w["line"].format(n=n, day=long_date(day, language), amount=money(cents, cur, language))
        for n, (day, cents) in enumerate(schedule, start=1)
    )
    reference = f"{customer.ref}-PLAN{plan.id}"
    values = {
        "company_name": company.name,
        "customer_name": customer.name,
        "customer_ref": customer.ref,
        "amount": money(plan.total_cents, cur, language),
        "instalments": lines,
        "phone": unbroken(company.phone),
        "email": company.email,
        "today": long_date(clock.today(), language),
        "payment_reference": reference,
    }
    subject, paragraphs = texts.fill(letter_text(session, "plan_agreement", language), values)
    disputed = _disputed_items(session, due, language)
    if disputed:  # said just after the schedule, before the request to sign
        after = paragraphs.index(lines) + 1 if lines in paragraphs else len(paragraphs)
        paragraphs.insert(after, w["disputed"].format(items=disputed))
    first_day, first_cents = schedule[0]
    letter = letter_to(
        recipient,
        sender.country,
        customer.ref,
        "plan_agreement",
        clock.today(),
        subject,
        paragraphs,
        currency=cur,
        invoices=tuple(
            InvoiceLine(
                i.number,
                i.issue_date,
                i.due_date,
                i.amount_cents,
                i.amount_cents - i.open_cents,
                i.open_cents - due.disputed.get(i.id, 0),
                max((clock.today() - i.due_date).days, 0),
                due.disputed.get(i.id, 0),
            )
            for i in due.invoices
        ),
        total_cents=plan.total_cents,
        credit_cents=due.credit_cents,
        payment_reference=reference,
        asked_cents=first_cents,
        asked_label=w["first"].format(
            amount=money(first_cents, cur, language), day=long_date(first_day, language)
        ),
        countersign=w["countersign"].format(name=customer.name),
    )
    stem = f"echeancier-{customer.ref}-{plan.id}"
    return archive(database_dir, clock.today(), stem, draw(session, letter))


def _disputed_items(session: Session, due: Owed, language: str) -> str:
    """`FA-2 : 200,00 €, FA-7 : 90,00 €`: what is under dispute, left out of the plan."""
    if not due.disputed:
        return ""
    rows = session.execute(
        select(Invoice.id, Invoice.number, Invoice.open_cents)
        .where(Invoice.id.in_(due.disputed))
        .order_by(Invoice.due_date, Invoice.number)
    ).all()
    item = PLAN_WORDS[language]["item"]
    return ", ".join(
        item.format(
            number=number,
            amount=money(min(due.disputed[iid], open_cents), due.currency, language),
        )
        for iid, number, open_cents in rows
        if min(due.disputed[iid], open_cents) > 0
    )
