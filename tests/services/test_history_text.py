"""History sentences are written from each event's facts, in the language of the window."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import i18n
from app.db.casework import CallOutcome
from app.db.migrate import Database
from app.db.models import HistoryEvent
from app.domain.calendar import Clock
from app.domain.disputes import DisputeReason, DisputeStatus
from app.domain.events import EventKind
from app.services import (
    collection_end,
    contacts,
    disputes,
    dunning_config,
    hold,
    interactions,
    ledger,
    promises,
)
from app.services.contacts import ContactFields
from app.services.dunning import propose
from app.services.dunning_run import HeldBack, record_exclusions, run_reminders
from app.services.history_text import (
    FROM_FEC,
    FROM_IMPORT,
    event_text,
    issued_sentences,
    sentence,
)
from app.services.promise_followup import evaluate_promises
from app.services.settings import CompanyProfile, save_company

TODAY = date(2026, 11, 22)
NBSP, NNBSP = "\u00a0", "\u202f"

REMINDER = {
    "level": 2,
    "level_name": "",
    "template": "friendly",
    "channels": ["email", "letter"],
    "numbers": ["FA-1", "FA-2"],
    "currency": "EUR",
    "invoice_ids": [1, 2],
    "claimed_cents": 123450,
    "penalties_cents": 4000,
}


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("source", [FROM_IMPORT, FROM_FEC, ""])
@pytest.mark.parametrize("currency", ["EUR", "USD", "JPY"])
def test_the_sentences_an_import_writes_in_bulk_are_the_history_s_own(
    language: str, source: str, currency: str
) -> None:
    i18n.set_language(language)
    issued = issued_sentences(source)
    for number, cents, due in (("F-1", 123456, "2026-02-28"), ("2024/77", 5, "2025-12-01")):
        payload = {"number": number, "amount_cents": cents, "currency": currency, "due_date": due}
        if source:
            payload["source"] = source
        expected = sentence(EventKind.INVOICE_ISSUED, payload)
        assert issued(number, cents, currency, due) == expected
        assert number in expected


def test_a_reminder_says_its_level_channels_and_amounts_in_the_window_language() -> None:
    i18n.set_language("en")
    english = event_text(EventKind.LETTER_SENT, REMINDER, "stored")
    i18n.set_language("fr")
    french = event_text(EventKind.LETTER_SENT, REMINDER, "stored")
    assert english == "Friendly reminder (email + letter) — FA-1, FA-2: €1,234.50 + €40.00"
    assert french == (
        f"Premier rappel (courriel + courrier) — FA-1, FA-2{NBSP}: "
        f"1{NNBSP}234,50{NBSP}€ + 40,00{NBSP}€"
    )


def test_a_level_the_user_named_keeps_its_name_and_the_rest_is_translated() -> None:
    i18n.set_language("en")
    named = {**REMINDER, "level_name": "Relance douce", "channels": ["email"]}
    assert event_text(EventKind.EMAIL_QUEUED, named, "stored") == (
        "Relance douce (email) — FA-1, FA-2: €1,234.50 + €40.00"
    )


@pytest.mark.parametrize(
    ("kind", "payload"),
    [
        # A reminder of an older book: no invoice numbers, no currency.
        (EventKind.LETTER_SENT, {"level": 2, "template": "friendly", "channels": ["letter"]}),
        (EventKind.HOLD_ON, {}),  # a hold written without its reason
        (EventKind.CALL, {"interaction_id": 3, "outcome": "promised"}),  # no note, no contact
        (EventKind.PAYMENT_RECEIVED, {"payment_id": 1, "amount_cents": 100, "currency": "EUR"}),
        ("a_kind_from_a_newer_version", {"what": "unknown"}),
    ],
)
def test_an_event_lacking_its_facts_shows_the_summary_written_at_the_time(
    kind: str, payload: dict[str, object]
) -> None:
    i18n.set_language("fr")
    assert event_text(kind, payload, "As written then") == "As written then"


def test_a_lifted_hold_needs_no_fact_to_be_said_in_either_language() -> None:
    i18n.set_language("fr")
    assert event_text(EventKind.HOLD_OFF, {}, "Hold lifted: reminders resume") == (
        f"Suspension levée{NBSP}: les relances reprennent"
    )


def live_a_customers_life(session: Session, clock: Clock, documents: Path) -> int:
    """Nearly everything that can happen to a customer, through the services."""
    save_company(
        session,
        CompanyProfile(
            name="Bureautique Lyonnaise",
            address_line1="12 rue de la République",
            postcode="69002",
            city="Lyon",
            signatory_name="Claire Martin",
        ),
    )
    customer = ledger.create_customer(
        session, clock, ref="411DUP", name="Dupont et Fils", city="Lyon"
    ).id
    contact = contacts.add_contact(
        session,
        clock,
        customer,
        ContactFields(name="Anne Roux", role="Comptable", email="anne@dupont.example"),
        primary=True,
    )
    contacts.update_contact(
        session,
        clock,
        contact.id,
        ContactFields(name="Anne Roux", role="DAF", email="daf@dupont.example"),
        primary=True,
    )
    invoices = [
        ledger.add_invoice(
            session,
            clock,
            customer_id=customer,
            number=f"FA-{n}",
            issue_date=TODAY - timedelta(days=days + 30),
            due_date=TODAY - timedelta(days=days),
            amount_cents=cents,
        ).id
        for n, (days, cents) in enumerate([(60, 123450), (20, 50000), (10, 80000)], start=1)
    ]
    paid = ledger.record_payment(
        session,
        clock,
        customer_id=customer,
        amount_cents=20000,
        received_on=TODAY - timedelta(days=1),
        reference="VIR 42",
    )
    ledger.add_credit_note(
        session, clock, customer_id=customer, number="AV-1", issued_on=TODAY, amount_cents=300
    )
    ledger.delete_payment(session, clock, paid.document_id)
    interactions.log_call(
        session,
        clock,
        customer,
        CallOutcome.PROMISED,
        contact_id=contact.id,
        note="Will pay on Friday",
        next_action_on=TODAY + timedelta(days=3),
    )
    note = interactions.add_note(session, clock, customer, "Prefers the phone")
    interactions.set_pinned(session, clock, note.id, True)
    promises.record_promise(
        session,
        Clock.fixed(TODAY - timedelta(days=20)),
        customer,
        amount_cents=50000,
        promised_on=TODAY - timedelta(days=10),
        invoice_ids=[invoices[1]],
        note="by transfer",
    )
    evaluate_promises(session, clock, customer_id=customer, grace_days=0)
    dispute = disputes.open_dispute(
        session,
        clock,
        invoices={invoices[2]: 30000},
        reason=DisputeReason.QUALITY,
        note="Two chairs broken",
    )
    disputes.close_dispute(session, clock, dispute.id, DisputeStatus.REJECTED, "Photos show none")
    dunning_config.set_customer_policy(session, clock, customer, "standard_business")
    dunning_config.set_customer_policy(session, clock, customer, None)
    plan = propose(session, TODAY).proposals
    run_reminders(session, clock, plan, as_of=TODAY, database_dir=documents, letters_pdf=None)
    later = propose(session, TODAY + timedelta(days=30)).proposals
    record_exclusions(session, clock, [HeldBack(p, "Waiting for the accountant") for p in later])
    hold.set_hold(session, clock, customer, "Moving offices", TODAY + timedelta(days=10))
    hold.release_hold(session, clock, customer)
    collection_end.hand_over(
        session, clock, customer, collection_end.HandedTo.AGENCY, "Recouvre SA", "all of it"
    )
    collection_end.take_back(session, clock, customer, "paid the agency nothing")
    collection_end.write_off(session, clock, customer, "Company closed")
    contacts.remove_contact(session, clock, contact.id)
    return customer


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_event_the_services_write_reads_as_it_was_written_in_that_language(
    db: Database, clock: Clock, tmp_path: Path, language: str
) -> None:
    i18n.set_language(language)
    with db.session_factory.begin() as session:
        customer = live_a_customers_life(session, clock, tmp_path)
    with db.session_factory() as session:
        events = list(
            session.scalars(select(HistoryEvent).where(HistoryEvent.customer_id == customer))
        )
        written = {(e.kind, e.summary) for e in events}
        read = {(e.kind, event_text(e.kind, e.payload, "(no facts)")) for e in events}
    assert read == written
    assert {kind for kind, _summary in written} >= {
        EventKind.CUSTOMER_CREATED,
        EventKind.CUSTOMER_UPDATED,
        EventKind.CONTACT_CHANGED,
        EventKind.INVOICE_ISSUED,
        EventKind.PAYMENT_RECEIVED,
        EventKind.PAYMENT_DELETED,
        EventKind.CREDIT_NOTE,
        EventKind.CALL,
        EventKind.NOTE,
        EventKind.PROMISE_MADE,
        EventKind.PROMISE_BROKEN,
        EventKind.DISPUTE_OPENED,
        EventKind.DISPUTE_CLOSED,
        EventKind.LETTER_SENT,
        EventKind.REMINDER_SKIPPED,
        EventKind.HOLD_ON,
        EventKind.HOLD_OFF,
        EventKind.HANDED_OVER,
        EventKind.TAKEN_BACK,
        EventKind.WRITTEN_OFF,
    }


def test_a_french_book_reads_in_english_in_an_english_window(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    i18n.set_language("fr")
    with db.session_factory.begin() as session:
        customer = live_a_customers_life(session, clock, tmp_path)
    i18n.set_language("en")
    with db.session_factory() as session:
        events = list(
            session.scalars(select(HistoryEvent).where(HistoryEvent.customer_id == customer))
        )
        texts = [event_text(e.kind, e.payload, e.summary) for e in events]
    assert "Promise broken: €500.00 by 12 Nov 2026" in texts
    assert "Dunning policy: Standard business" in texts
    assert "Last amicable reminder (letter + phone + email) — FA-1, FA-2, FA-3: €2,531.50" in texts
    for text in texts:
        assert "€" not in text or NBSP + "€" not in text, text  # no French amount
        for french in (
            "Facture",
            "Paiement",
            "relance",
            "Relance",
            "courrier",
            "Appel",
            "Promesse",
        ):
            assert french not in text, text
