"""Disputes, hold, calls, notes, contacts and promises: each write lands with its history event,
and bad input is refused with a clear sentence and nothing written."""

from __future__ import annotations

import re
from datetime import date, timedelta
from fractions import Fraction

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.casework import CallOutcome
from app.db.migrate import Database
from app.db.models import Contact, Dispute, HistoryEvent, Interaction, Invoice, Promise
from app.db.queries import customer_rows, invoice_rows
from app.domain.calendar import Clock
from app.domain.disputes import DisputeStatus
from app.domain.events import EventGroup
from app.domain.kpis import share_kept
from app.services import contacts, disputes, hold, interactions, ledger, promises
from app.services.customer_file import customer_header, invoice_history, timeline

TODAY = date(2026, 11, 22)


@pytest.fixture
def book(db: Database, clock: Clock) -> dict[str, int]:
    """One customer with an overdue invoice (1,000.00 half paid), a fresh one and a settled one."""
    with db.session_factory.begin() as session:
        customer = ledger.create_customer(session, clock, ref="411DUP", name="Dupont & Fils")
        old = ledger.add_invoice(
            session,
            clock,
            customer_id=customer.id,
            number="FA-1",
            issue_date=date(2026, 8, 1),
            amount_cents=100_000,
        )
        new = ledger.add_invoice(
            session,
            clock,
            customer_id=customer.id,
            number="FA-2",
            issue_date=date(2026, 11, 10),
            amount_cents=50_000,
        )
        paid = ledger.add_invoice(
            session,
            clock,
            customer_id=customer.id,
            number="FA-0",
            issue_date=date(2026, 6, 1),
            amount_cents=20_000,
        )
        ledger.record_payment(
            session,
            clock,
            customer_id=customer.id,
            amount_cents=20_000,
            received_on=date(2026, 7, 20),
            allocate_to={paid.id: None},
        )
        ledger.record_payment(
            session,
            clock,
            customer_id=customer.id,
            amount_cents=50_000,
            received_on=date(2026, 10, 1),
            allocate_to={old.id: None},
        )
        return {"customer": customer.id, "old": old.id, "new": new.id, "paid": paid.id}


def events(session: Session, kind: str) -> list[str]:
    return list(session.scalars(select(HistoryEvent.summary).where(HistoryEvent.kind == kind)))


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_dispute_covers_the_open_part_and_shows_apart_in_the_lists(
    db: Database, clock: Clock, book: dict[str, int]
) -> None:
    with db.session_factory.begin() as session:
        disputes.open_dispute(
            session,
            clock,
            invoices={book["old"]: None, book["new"]: 10_000},
            reason="quality",
            note="two chairs broken",
        )
    with db.session_factory() as session:
        assert events(session, "dispute_opened") == [
            "Dispute opened (Quality) on FA-1 (€500.00), FA-2 (€100.00) — two chairs broken"
        ]
        (row,) = customer_rows(session, TODAY)
        assert (row.total_cents, row.disputed_cents) == (100_000, 60_000)
        by_number = {r.number: r.disputed_cents for r in invoice_rows(session, TODAY)}
        assert by_number == {"FA-1": 50_000, "FA-2": 10_000}
        assert customer_header(session, book["customer"], TODAY).disputed_cents == 60_000


@pytest.mark.parametrize(
    ("invoice", "cents", "message"),
    [
        ("paid", None, "Invoice FA-0 is settled: there is nothing left to dispute."),
        ("old", 50_001, "The disputed amount €500.01 is more than the €500.00 of invoice FA-1"),
        ("old", 0, "A disputed amount must be positive."),
    ],
)
def test_a_bad_dispute_is_refused_and_nothing_is_written(
    db: Database,
    clock: Clock,
    book: dict[str, int],
    invoice: str,
    cents: int | None,
    message: str,
) -> None:
    with db.session_factory() as session, pytest.raises(ledger.LedgerError, match=message):
        disputes.open_dispute(session, clock, invoices={book[invoice]: cents}, reason="price")
    with db.session_factory() as session:
        assert count(session, Dispute) == 0
        assert events(session, "dispute_opened") == []


def test_an_amount_already_disputed_cannot_be_disputed_twice(
    db: Database, clock: Clock, book: dict[str, int]
) -> None:
    with db.session_factory.begin() as session:
        disputes.open_dispute(session, clock, invoices={book["old"]: 30_000}, reason="price")
    with (
        db.session_factory() as session,
        pytest.raises(ledger.LedgerError, match=re.escape("€200.00")),
    ):
        disputes.open_dispute(session, clock, invoices={book["old"]: 30_000}, reason="price")


def test_an_unknown_reason_is_refused(db: Database, clock: Clock, book: dict[str, int]) -> None:
    with db.session_factory() as session, pytest.raises(ledger.LedgerError, match="not a dispute"):
        disputes.open_dispute(session, clock, invoices={book["old"]: None}, reason="weather")


def test_closing_resolved_suggests_a_credit_note_and_rejected_resumes(
    db: Database, clock: Clock, book: dict[str, int]
) -> None:
    with db.session_factory.begin() as session:
        first = disputes.open_dispute(
            session, clock, invoices={book["old"]: 20_000}, reason="price"
        )
        second = disputes.open_dispute(session, clock, invoices={book["new"]: None}, reason="other")
    with db.session_factory.begin() as session:
        resolved = disputes.close_dispute(session, clock, first.id, "resolved", "agreed by phone")
        rejected = disputes.close_dispute(session, clock, second.id, "rejected")
    assert resolved.credit_suggestions == {book["old"]: 20_000}
    assert rejected.credit_suggestions == {}
    with db.session_factory() as session:
        assert [d.status for d in session.scalars(select(Dispute).order_by(Dispute.id))] == [
            DisputeStatus.RESOLVED.value,
            DisputeStatus.REJECTED.value,
        ]
        assert sorted(events(session, "dispute_closed")) == [
            "Dispute on FA-1 resolved in the customer's favour — agreed by phone",
            "Dispute on FA-2 rejected: reminders resume",
        ]
        (row,) = customer_rows(session, TODAY)
        assert row.disputed_cents == 0
        with pytest.raises(ledger.LedgerError, match="already closed"):
            disputes.close_dispute(session, clock, first.id, "rejected")


def test_the_disputes_list_gives_each_open_dispute_its_age(
    db: Database, book: dict[str, int]
) -> None:
    opened = Clock.fixed(TODAY - timedelta(days=12))
    with db.session_factory.begin() as session:
        disputes.open_dispute(session, opened, invoices={book["old"]: None}, reason="delivery")
    with db.session_factory() as session:
        (row,) = disputes.open_dispute_rows(session, TODAY)
    assert (row.customer_ref, row.invoices, row.reason, row.age_days, row.cents) == (
        "411DUP",
        "FA-1",
        "Delivery",
        12,
        50_000,
    )


def test_hold_with_an_end_date_then_lifted(
    db: Database, clock: Clock, book: dict[str, int]
) -> None:
    with db.session_factory.begin() as session:
        customer = hold.set_hold(
            session, clock, book["customer"], "moving offices", TODAY + timedelta(days=10)
        )
        assert hold.is_held(customer, TODAY)
        assert not hold.is_held(customer, TODAY + timedelta(days=11))
    with db.session_factory.begin() as session:
        hold.release_hold(session, clock, book["customer"])
    with db.session_factory() as session:
        assert events(session, "hold_on") == ["Put on hold: moving offices (until 2 Dec 2026)"]
        assert events(session, "hold_off") == ["Hold lifted: reminders resume"]
        assert not customer_header(session, book["customer"], TODAY).on_hold


def test_a_hold_ending_in_the_past_or_without_reason_is_refused(
    db: Database, clock: Clock, book: dict[str, int]
) -> None:
    with db.session_factory() as session:
        with pytest.raises(ledger.LedgerError, match="in the past"):
            hold.set_hold(session, clock, book["customer"], "why", TODAY - timedelta(days=1))
        with pytest.raises(ledger.LedgerError, match="Say why"):
            hold.set_hold(session, clock, book["customer"], "  ")
        session.rollback()
    with db.session_factory() as session:
        assert events(session, "hold_on") == []


def test_a_call_is_logged_with_its_contact_outcome_and_next_action(
    db: Database, clock: Clock, book: dict[str, int]
) -> None:
    with db.session_factory.begin() as session:
        contact = contacts.add_contact(
            session,
            clock,
            book["customer"],
            contacts.ContactFields("Marie Dupont", role="owner", phone="04 78 00 00 00"),
            primary=True,
        )
        interactions.log_call(
            session,
            clock,
            book["customer"],
            CallOutcome.PROMISED,
            contact_id=contact.id,
            note="will pay Friday",
            next_action_on=TODAY + timedelta(days=5),
        )
    with db.session_factory() as session:
        call = session.scalars(select(Interaction)).one()
        assert (call.outcome, call.next_action_on) == ("promised_to_pay", date(2026, 11, 27))
        assert events(session, "call") == [
            "Call with Marie Dupont: Promised to pay — will pay Friday (next action 27 Nov 2026)"
        ]


def test_a_call_with_another_customers_contact_is_refused(
    db: Database, clock: Clock, book: dict[str, int]
) -> None:
    with db.session_factory.begin() as session:
        other = ledger.create_customer(session, clock, ref="411MAR", name="Martin")
        stranger = contacts.add_contact(
            session, clock, other.id, contacts.ContactFields("Paul"), primary=True
        )
    with db.session_factory() as session, pytest.raises(ledger.LedgerError, match="not one of"):
        interactions.log_call(
            session, clock, book["customer"], CallOutcome.REACHED, contact_id=stranger.id
        )


def test_pinned_notes_head_the_customer_file_until_unpinned(
    db: Database, clock: Clock, book: dict[str, int]
) -> None:
    with db.session_factory.begin() as session:
        note = interactions.add_note(
            session, clock, book["customer"], "Call the owner after 5 pm", pinned=True
        )
        interactions.add_note(session, clock, book["customer"], "Sent a copy of FA-1")
    with db.session_factory() as session:
        header = customer_header(session, book["customer"], TODAY)
        assert [n.text for n in header.pinned_notes] == ["Call the owner after 5 pm"]
    with db.session_factory.begin() as session:
        interactions.set_pinned(session, clock, note.id, False)
    with db.session_factory() as session:
        assert customer_header(session, book["customer"], TODAY).pinned_notes == ()
        assert len(events(session, "note")) == 3


def test_one_primary_contact_and_its_heir_when_removed(
    db: Database, clock: Clock, book: dict[str, int]
) -> None:
    with db.session_factory.begin() as session:
        first = contacts.add_contact(
            session, clock, book["customer"], contacts.ContactFields("A"), primary=False
        )
        second = contacts.add_contact(
            session,
            clock,
            book["customer"],
            contacts.ContactFields("B", email="b@dupont.example", preferred_channel="email"),
            primary=True,
        )
    with db.session_factory() as session:
        primaries = session.scalars(select(Contact.name).where(Contact.is_primary)).all()
        assert primaries == ["B"]
    with db.session_factory.begin() as session:
        contacts.remove_contact(session, clock, second.id)
    with db.session_factory() as session:
        assert session.get_one(Contact, first.id).is_primary
        assert len(events(session, "contact_changed")) == 3


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (contacts.ContactFields(""), "needs a name"),
        (contacts.ContactFields("A", email="not-an-email"), "not an email address"),
        (contacts.ContactFields("A", preferred_channel="email"), "give an email address"),
        (contacts.ContactFields("A", preferred_channel="phone"), "give a phone number"),
    ],
)
def test_a_bad_contact_is_refused(
    db: Database, clock: Clock, book: dict[str, int], fields: contacts.ContactFields, message: str
) -> None:
    with db.session_factory() as session, pytest.raises(ledger.LedgerError, match=message):
        contacts.add_contact(session, clock, book["customer"], fields, primary=True)


def test_a_promise_is_recorded_for_the_invoices_it_covers(
    db: Database, clock: Clock, book: dict[str, int]
) -> None:
    with db.session_factory.begin() as session:
        promises.record_promise(
            session,
            clock,
            book["customer"],
            amount_cents=50_000,
            promised_on=TODAY + timedelta(days=7),
            invoice_ids=[book["old"]],
        )
    with db.session_factory() as session:
        promise = session.scalars(select(Promise)).one()
        assert (promise.status, promise.channel) == ("pending", "phone")
        assert events(session, "promise_made") == ["Promise to pay €500.00 by 29 Nov 2026 for FA-1"]
        assert customer_header(session, book["customer"], TODAY).promises_kept is None
        with pytest.raises(ledger.LedgerError, match="already past"):
            promises.record_promise(
                session, clock, book["customer"], amount_cents=1, promised_on=TODAY - timedelta(1)
            )


def test_the_header_figures_and_average_days_late(
    db: Database, clock: Clock, book: dict[str, int]
) -> None:
    with db.session_factory() as session:
        header = customer_header(session, book["customer"], TODAY)
    assert (header.due_cents, header.overdue_cents, header.credit_cents) == (100_000, 50_000, 0)
    # FA-0 due 1 Jul, paid 20 Jul: 19 days; FA-1 due 31 Aug, still open: 83 days; FA-2 not due
    assert header.average_days_late == 51
    assert header.promises_kept is None


def test_share_of_promises_kept_counts_partly_kept_as_half() -> None:
    assert share_kept(["pending"]) is None
    assert share_kept(["kept", "broken", "partly_kept", "pending"]) == Fraction(1, 2)


def test_the_timeline_is_newest_first_and_an_invoice_has_its_own_history(
    db: Database, book: dict[str, int]
) -> None:
    later = Clock.fixed(TODAY + timedelta(days=1))
    with db.session_factory.begin() as session:
        disputes.open_dispute(session, later, invoices={book["old"]: 10_000}, reason="price")
    with db.session_factory() as session:
        rows = timeline(session, book["customer"])
        own = invoice_history(session, book["old"])
        number = session.get_one(Invoice, book["old"]).number
    assert rows[0].group is EventGroup.DISPUTES
    assert [r.at for r in rows] == sorted((r.at for r in rows), reverse=True)
    assert {r.kind for r in own} == {"invoice_issued", "payment_received", "dispute_opened"}
    assert all(number in r.summary for r in own)
