"""Every change to a customer's situation is written to the history, in the same transaction."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import i18n
from app.db.migrate import Database
from app.db.models import HistoryEvent, Invoice, Payment
from app.domain.calendar import Clock
from app.domain.events import EventKind
from app.services import history, ledger
from app.services.ledger import LedgerError

TODAY = date(2026, 11, 22)
NNBSP, NBSP = "\u202f", "\u00a0"


def events(s: Session, customer_id: int) -> list[HistoryEvent]:
    return list(
        s.scalars(
            select(HistoryEvent)
            .where(HistoryEvent.customer_id == customer_id)
            .order_by(HistoryEvent.id)
        )
    )


def count(s: Session, model: type) -> int:
    return s.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def customer(db: Database, clock: Clock) -> int:
    with db.session_factory.begin() as s:
        return ledger.create_customer(s, clock, ref="411DUP", name="Dupont et Fils").id


def add(s: Session, clock: Clock, customer: int, number: str, cents: int, due: date) -> int:
    return ledger.add_invoice(
        s,
        clock,
        customer_id=customer,
        number=number,
        issue_date=date(2026, 6, 1),
        due_date=due,
        amount_cents=cents,
    ).id


def test_each_ledger_change_writes_an_event_with_kind_and_summary(
    db: Database, clock: Clock, customer: int
) -> None:
    with db.session_factory.begin() as s:
        first = add(s, clock, customer, "FA-1", 123450, date(2026, 10, 1))
        add(s, clock, customer, "FA-2", 5000, date(2026, 10, 31))
        paid = ledger.record_payment(
            s,
            clock,
            customer_id=customer,
            amount_cents=130000,
            received_on=date(2026, 11, 20),
            reference="VIR 42",
        )
        ledger.add_credit_note(
            s, clock, customer_id=customer, number="AV-1", issued_on=TODAY, amount_cents=300
        )
        ledger.delete_payment(s, clock, paid.document_id)
    with db.session_factory() as s:
        found = [(e.kind, e.summary) for e in events(s, customer)]
    assert found == [
        ("customer_created", "Customer Dupont et Fils created"),
        ("invoice_issued", "Invoice FA-1 issued for €1,234.50, due 1 Oct 2026"),
        ("invoice_issued", "Invoice FA-2 issued for €50.00, due 31 Oct 2026"),
        (
            "payment_received",
            "Payment of €1,300.00 received on 20 Nov 2026 (reference VIR 42), "
            "allocated to FA-1 (€1,234.50), FA-2 (€50.00), €15.50 kept as credit",
        ),
        ("credit_note", "Credit note AV-1 for €3.00"),
        ("payment_deleted", "Payment of €1,300.00 received on 20 Nov 2026 deleted"),
    ]
    with db.session_factory() as s:
        invoice_event = events(s, customer)[1]
        assert invoice_event.invoice_id == first
        assert invoice_event.payload == {
            "number": "FA-1",
            "amount_cents": 123450,
            "currency": "EUR",
            "due_date": "2026-10-01",
        }


def test_payment_event_records_where_the_money_went(
    db: Database, clock: Clock, customer: int
) -> None:
    with db.session_factory.begin() as s:
        invoice = add(s, clock, customer, "FA-1", 1000, date(2026, 10, 1))
        paid = ledger.record_payment(
            s, clock, customer_id=customer, amount_cents=1200, received_on=TODAY
        )
    with db.session_factory() as s:
        event = events(s, customer)[-1]
    assert event.kind == "payment_received"
    assert event.invoice_id == invoice  # one invoice: the event is linked to it
    assert event.payload == {
        "payment_id": paid.document_id,
        "entry": "payment",
        "amount_cents": 1200,
        "currency": "EUR",
        "on": TODAY.isoformat(),
        "reference": None,
        "allocations": {str(invoice): 1000},
        "allocated": [["FA-1", 1000]],
        "unallocated_cents": 200,
    }


def test_events_are_dated_by_the_injected_clock(db: Database, customer: int) -> None:
    clock = Clock.fixed(date(2027, 1, 15))
    with db.session_factory.begin() as s:
        add(s, clock, customer, "FA-1", 1000, date(2027, 2, 1))
    with db.session_factory() as s:
        event = events(s, customer)[-1]
    assert event.at == clock.now()
    assert event.at.tzinfo is not None


def test_event_and_change_are_rolled_back_together(
    db: Database, clock: Clock, customer: int
) -> None:
    with db.session_factory.begin() as s:
        invoice = add(s, clock, customer, "FA-1", 1000, date(2026, 10, 1))
    with pytest.raises(RuntimeError), db.session_factory.begin() as s:
        ledger.record_payment(s, clock, customer_id=customer, amount_cents=1000, received_on=TODAY)
        assert events(s, customer)[-1].kind == "payment_received"  # same unit of work
        raise RuntimeError("the power went off before the commit")
    with db.session_factory() as s:
        assert s.get_one(Invoice, invoice).open_cents == 1000
        assert count(s, Payment) == 0
        assert [e.kind for e in events(s, customer)] == ["customer_created", "invoice_issued"]


def test_event_is_invisible_to_others_until_the_change_commits(
    db: Database, clock: Clock, customer: int
) -> None:
    with db.session_factory.begin() as writer:
        add(writer, clock, customer, "FA-1", 1000, date(2026, 10, 1))
        writer.flush()
        with db.session_factory() as reader:
            assert [e.kind for e in events(reader, customer)] == ["customer_created"]
            assert count(reader, Invoice) == 0
    with db.session_factory() as reader:
        assert [e.kind for e in events(reader, customer)] == ["customer_created", "invoice_issued"]


def test_refused_change_writes_no_event(db: Database, clock: Clock, customer: int) -> None:
    with db.session_factory.begin() as s:
        add(s, clock, customer, "FA-1", 1000, date(2026, 10, 1))
        with pytest.raises(LedgerError):
            add(s, clock, customer, "FA-1", 2000, date(2026, 10, 1))
        with pytest.raises(LedgerError):
            ledger.record_payment(
                s, clock, customer_id=customer, amount_cents=10, received_on=date(2026, 12, 1)
            )
    with db.session_factory() as s:
        assert [e.kind for e in events(s, customer)] == ["customer_created", "invoice_issued"]


def test_summaries_are_written_in_the_users_language(
    db: Database, clock: Clock, customer: int
) -> None:
    i18n.set_language("fr")
    with db.session_factory.begin() as s:
        add(s, clock, customer, "FA-1", 123450, date(2026, 10, 1))
        ledger.record_payment(
            s, clock, customer_id=customer, amount_cents=123450, received_on=TODAY
        )
    with db.session_factory() as s:
        summaries = [e.summary for e in events(s, customer)][1:]
    assert summaries[0].startswith(f"Facture FA-1 émise pour 1{NNBSP}234,50{NBSP}€")
    assert summaries[1].startswith(f"Règlement de 1{NNBSP}234,50{NBSP}€ reçu le")


def test_history_record_adds_to_the_callers_session(
    db: Database, clock: Clock, customer: int
) -> None:
    with db.session_factory.begin() as s:
        event = history.record(
            s, clock, customer, EventKind.NOTE, "Called, will pay Friday", payload={"n": 1}
        )
        assert event in s.new
    with db.session_factory() as s:
        last = events(s, customer)[-1]
    assert (last.kind, last.summary, last.payload) == ("note", "Called, will pay Friday", {"n": 1})
