"""The demo's case work: calls, notes, disputes and promises around customers who pay late.

Written through the services with clocks stopped on past office hours, so that each customer
file reads like weeks of real follow-up: who was called, what they said, what was agreed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.casework import CallOutcome
from app.db.models import Contact, Customer, Invoice
from app.domain.calendar import Clock
from app.domain.disputes import DisputeReason
from app.services import contacts, disputes, interactions, promises

Stamp = Callable[[random.Random, date, Clock], Clock]

PINNED = {
    "fr": (
        "Appeler le gérant après 17 h, jamais le comptable.",
        "Paie toujours par virement le 10 du mois : inutile de relancer avant le 12.",
        "Client historique depuis 2009 : rester très courtois, passer par Mme la directrice.",
        "Envoyer les factures en PDF à la comptabilité, pas au siège.",
    ),
    "en": (
        "Call the owner after 5 pm, never the accountant.",
        "Pays by transfer on the 10th of each month: no reminder before the 12th.",
    ),
}
CALL_NOTES = {
    CallOutcome.REACHED: (
        "Facture bien reçue, en attente de validation interne.",
        "Invoice approved, payment run next week.",
    ),
    CallOutcome.VOICEMAIL: (
        "Message laissé, rappeler jeudi.",
        "Left a message, call back Thursday.",
    ),
    CallOutcome.NO_ANSWER: ("", ""),
    CallOutcome.ALREADY_PAID: (
        "Dit avoir payé le 3 : vérifier le relevé.",
        "Says paid on the 3rd: check the statement.",
    ),
    CallOutcome.COPY_REQUESTED: (
        "Demande un duplicata par courriel.",
        "Asked for a copy by email.",
    ),
    CallOutcome.PROMISED: (
        "Virement promis avant la fin de la semaine prochaine.",
        "Promised a transfer by the end of next week.",
    ),
    CallOutcome.DISPUTE: (
        "Conteste la livraison : deux cartons manquants.",
        "Disputes the delivery: two boxes missing.",
    ),
}
DISPUTE_NOTES = {
    DisputeReason.DELIVERY: (
        "Deux cartons manquants à la livraison.",
        "Two boxes missing at delivery.",
    ),
    DisputeReason.QUALITY: (
        "Fauteuils livrés abîmés (photos reçues).",
        "Chairs delivered damaged (photos received).",
    ),
    DisputeReason.PRICE: (
        "Remise de 5 % négociée non appliquée.",
        "The 5% discount agreed was not applied.",
    ),
    DisputeReason.NOT_RECEIVED: (
        "Facture jamais reçue selon le client.",
        "Customer says the invoice never arrived.",
    ),
}


def add_casework(session: Session, clock: Clock, rng: random.Random, stamp: Stamp) -> int:
    """Follow-up for a share of the customers who owe something overdue today.

    Returns the number of contacts it added.
    """
    today = clock.today()
    overdue = session.execute(
        select(Invoice.customer_id, Invoice.id, Invoice.due_date, Invoice.open_cents)
        .where(Invoice.open_cents > 0, Invoice.due_date < today)
        .order_by(Invoice.customer_id, Invoice.due_date)
    ).all()
    by_customer: dict[int, list[tuple[int, date, int]]] = {}
    for customer_id, invoice_id, due, cents in overdue:
        by_customer.setdefault(customer_id, []).append((invoice_id, due, cents))
    showcase = max(
        (c for c in by_customer if session.get_one(Customer, c).language == "fr"),
        key=lambda c: (len(by_customer[c]), -c),
        default=None,
    )
    added = 0
    for customer_id, items in by_customer.items():
        if customer_id == showcase:
            _showcase(session, clock, rng, stamp, customer_id, items)
            added += 1
            continue
        customer = session.get_one(Customer, customer_id)
        english = customer.language == "en"
        contact = session.scalars(
            select(Contact.id).where(Contact.customer_id == customer_id, Contact.is_primary)
        ).first()
        if rng.random() < 0.1:
            _settled_dispute(session, clock, rng, stamp, items, english)
        if rng.random() < 0.2:
            note = rng.choice(PINNED["en" if english else "fr"])
            interactions.add_note(
                session,
                stamp(rng, today - timedelta(days=rng.randint(30, 200)), clock),
                customer_id,
                note,
                pinned=True,
            )
        if rng.random() < 0.6:
            _calls(session, clock, rng, stamp, customer_id, contact, items, english)

    return added


def _calls(
    session: Session,
    clock: Clock,
    rng: random.Random,
    stamp: Stamp,
    customer_id: int,
    contact: int | None,
    items: list[tuple[int, date, int]],
    english: bool,
) -> None:
    today = clock.today()
    oldest_due = items[0][1]
    first = max(oldest_due + timedelta(days=10), today - timedelta(days=60))
    days = sorted(
        {
            first + timedelta(days=rng.randint(0, max((today - first).days, 0)))
            for _ in range(rng.randint(1, 4))
        }
    )
    for index, day in enumerate(days):
        last = index == len(days) - 1
        outcome = rng.choice(
            (
                CallOutcome.VOICEMAIL,
                CallOutcome.NO_ANSWER,
                CallOutcome.REACHED,
                CallOutcome.COPY_REQUESTED,
            )
            if not last
            else (
                CallOutcome.PROMISED,
                CallOutcome.DISPUTE,
                CallOutcome.ALREADY_PAID,
                CallOutcome.REACHED,
            )
        )
        at = stamp(rng, day, clock)
        note = CALL_NOTES[outcome][1 if english else 0]
        interactions.log_call(
            session,
            at,
            customer_id,
            outcome,
            contact_id=contact,
            note=note or None,
            next_action_on=day + timedelta(days=7) if outcome is CallOutcome.VOICEMAIL else None,
        )
        if outcome is CallOutcome.DISPUTE:
            reason = rng.choice(list(DISPUTE_NOTES))
            invoice_id, _due, cents = rng.choice(items)
            part = None if rng.random() < 0.5 else max(cents // 4, 1)
            disputes.open_dispute(
                session,
                at,
                invoices={invoice_id: part},
                reason=reason,
                note=DISPUTE_NOTES[reason][1 if english else 0],
            )
        elif outcome is CallOutcome.PROMISED and (today - day).days <= 5:
            promises.record_promise(
                session,
                at,
                customer_id,
                amount_cents=sum(cents for _i, _d, cents in items),
                promised_on=today + timedelta(days=rng.randint(3, 10)),
                invoice_ids=[invoice_id for invoice_id, _d, _c in items],
                currency=session.get_one(Invoice, items[0][0]).currency,
            )


def _settled_dispute(
    session: Session,
    clock: Clock,
    rng: random.Random,
    stamp: Stamp,
    items: list[tuple[int, date, int]],
    english: bool,
) -> None:
    """A dispute of some weeks ago, examined and rejected: the reminders resumed."""
    invoice_id, due, cents = items[0]
    opened = max(due + timedelta(days=5), clock.today() - timedelta(days=50))
    reason = rng.choice(list(DISPUTE_NOTES))
    dispute = disputes.open_dispute(
        session,
        stamp(rng, opened, clock),
        invoices={invoice_id: max(cents // 3, 1)},
        reason=reason,
        note=DISPUTE_NOTES[reason][1 if english else 0],
    )
    closing = (
        "Bon de livraison signé sans réserve : contestation rejetée."
        if not english
        else "Delivery note signed without reservation: dispute rejected."
    )
    closed_on = min(opened + timedelta(days=rng.randint(5, 15)), clock.today())
    disputes.close_dispute(session, stamp(rng, closed_on, clock), dispute.id, "rejected", closing)


def _showcase(
    session: Session,
    clock: Clock,
    rng: random.Random,
    stamp: Stamp,
    customer_id: int,
    items: list[tuple[int, date, int]],
) -> None:
    """One customer whose file shows everything: the one a new user opens first."""
    today = clock.today()
    contacts.add_contact(
        session,
        stamp(rng, today - timedelta(days=90), clock),
        customer_id,
        contacts.ContactFields(
            "Sylvie Garnier",
            "Gérante",
            "s.garnier@garnier-conseil.example",
            "04 78 00 12 34",
            "phone",
            "après 17 h",
            "mme",
        ),
        primary=True,
    )
    primary = session.scalars(
        select(Contact.id).where(Contact.customer_id == customer_id, Contact.is_primary)
    ).one()
    interactions.add_note(
        session,
        stamp(rng, today - timedelta(days=80), clock),
        customer_id,
        PINNED["fr"][0],
        pinned=True,
    )
    _settled_dispute(session, clock, rng, stamp, items, english=False)
    story = (
        (45, CallOutcome.NO_ANSWER, ""),
        (38, CallOutcome.VOICEMAIL, CALL_NOTES[CallOutcome.VOICEMAIL][0]),
        (31, CallOutcome.COPY_REQUESTED, CALL_NOTES[CallOutcome.COPY_REQUESTED][0]),
        (17, CallOutcome.DISPUTE, "Conteste le prix de la dernière livraison."),
        (4, CallOutcome.PROMISED, CALL_NOTES[CallOutcome.PROMISED][0]),
    )
    # The dispute is on the largest invoice but the oldest; the promise covers three others.
    disputed, _due, disputed_cents = max(items[1:] or items, key=lambda item: item[2])
    owed = [(i, c) for i, _d, c in items if i != disputed][:3] or [(items[0][0], items[0][2])]
    for days_ago, outcome, note in story:
        at = stamp(rng, today - timedelta(days=days_ago), clock)
        interactions.log_call(
            session, at, customer_id, outcome, contact_id=primary, note=note or None
        )
        if outcome is CallOutcome.DISPUTE:
            disputes.open_dispute(
                session,
                at,
                invoices={disputed: max(disputed_cents // 5, 1)},
                reason=DisputeReason.PRICE,
                note=DISPUTE_NOTES[DisputeReason.PRICE][0],
            )
        elif outcome is CallOutcome.PROMISED:
            promises.record_promise(
                session,
                at,
                customer_id,
                amount_cents=sum(c for _i, c in owed),
                promised_on=today + timedelta(days=6),
                invoice_ids=[i for i, _c in owed],
                currency=session.get_one(Invoice, owed[0][0]).currency,
                note="Virement promis par la gérante.",
            )
