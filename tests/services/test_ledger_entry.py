"""Customers and invoices typed by hand: the import's checks, corrections and deletions."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.db.migrate import Database
from app.db.models import Contact, Customer, HistoryEvent, Invoice
from app.domain.calendar import Clock
from app.services import ledger, ledger_entry
from app.services.ledger import LedgerError
from app.services.ledger_entry import CustomerFields, InvoiceFields

INVOICE = InvoiceFields("FA-100", date(2026, 9, 1), date(2026, 10, 1), 120000)


def test_customer_typed_by_hand_is_stored_canonical_with_its_email_contact(
    db: Database, clock: Clock
) -> None:
    typed = CustomerFields(
        "411NEW", " Nouvelle SARL ", postcode="69002", city="Lyon", country="fr",
        siret="732 829 320 00074", vat_number="fr44732829320",
    )  # fmt: skip
    with db.session_factory.begin() as s:
        ledger_entry.add_customer(s, clock, typed, email="compta@nouvelle.fr")
    with db.session_factory() as s:
        customer = s.scalars(select(Customer)).one()
        assert (customer.name, customer.siret, customer.vat_number, customer.country) == (
            "Nouvelle SARL",
            "73282932000074",
            "FR44732829320",
            "FR",
        )
        contact = s.scalars(select(Contact)).one()
        assert (contact.email, contact.is_primary) == ("compta@nouvelle.fr", True)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("siret", "73282932000075", "SIRET number is not valid"),
        ("vat_number", "FR00732829320", "VAT number is not valid"),
        ("postcode", "6900", "five digits"),
        ("country", "Narnia", "is not a country"),
        ("city", "Lyon\r\nBcc: x@y.z", "control character"),
    ],
)
def test_customer_with_a_bad_value_is_refused_and_nothing_written(
    db: Database, clock: Clock, field: str, value: str, reason: str
) -> None:
    typed = CustomerFields("411NEW", "Nouvelle", **{field: value})  # type: ignore[arg-type]
    with pytest.raises(LedgerError, match=reason), db.session_factory.begin() as s:
        ledger_entry.add_customer(s, clock, typed)
    with db.session_factory() as s:
        assert s.scalars(select(Customer)).all() == []


def test_customer_correction_is_written_to_its_history(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer_id = ledger_entry.add_customer(s, clock, CustomerFields("411A", "A")).id
    with db.session_factory.begin() as s:
        ledger_entry.update_customer(
            s, clock, customer_id, CustomerFields("411A", "A", city="Lyon", postcode="69002")
        )
    with db.session_factory() as s:
        assert s.get_one(Customer, customer_id).city == "Lyon"
        payloads = [e.payload for e in s.scalars(select(HistoryEvent))]
        assert {"fields": ["city", "postcode"]} in payloads


def test_customer_with_an_invoice_cannot_be_deleted_but_an_empty_one_can(
    db: Database, clock: Clock
) -> None:
    with db.session_factory.begin() as s:
        busy = ledger_entry.add_customer(s, clock, CustomerFields("411A", "Busy")).id
        empty = ledger_entry.add_customer(s, clock, CustomerFields("411B", "Empty")).id
        ledger_entry.new_invoice(s, clock, busy, INVOICE)
    with pytest.raises(LedgerError, match="Busy has invoices"), db.session_factory.begin() as s:
        ledger_entry.delete_customer(s, busy)
    with db.session_factory.begin() as s:
        assert ledger_entry.delete_customer(s, empty) == "Empty"
    with db.session_factory() as s:
        assert [c.ref for c in s.scalars(select(Customer))] == ["411A"]


def test_invoice_correction_keeps_what_was_paid(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer_id = ledger_entry.add_customer(s, clock, CustomerFields("411A", "A")).id
        invoice_id = ledger_entry.new_invoice(s, clock, customer_id, INVOICE).id
        ledger.record_payment(
            s, clock, customer_id=customer_id, received_on=date(2026, 11, 2), amount_cents=20000
        )
    bigger = InvoiceFields("FA-100", date(2026, 9, 1), date(2026, 10, 15), 150000)
    with db.session_factory.begin() as s:
        ledger_entry.update_invoice(s, clock, invoice_id, bigger)
    with db.session_factory() as s:
        invoice = s.get_one(Invoice, invoice_id)
        assert (invoice.amount_cents, invoice.open_cents) == (150000, 130000)
    too_small = InvoiceFields("FA-100", date(2026, 9, 1), date(2026, 10, 15), 10000)
    refused = pytest.raises(LedgerError, match="more than the new amount")
    with refused, db.session_factory.begin() as s:
        ledger_entry.update_invoice(s, clock, invoice_id, too_small)


def test_invoice_with_a_payment_cannot_be_deleted(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer_id = ledger_entry.add_customer(s, clock, CustomerFields("411A", "A")).id
        paid = ledger_entry.new_invoice(s, clock, customer_id, INVOICE).id
        ledger.record_payment(
            s, clock, customer_id=customer_id, received_on=date(2026, 11, 2), amount_cents=20000
        )
        mistake = ledger_entry.new_invoice(
            s, clock, customer_id, InvoiceFields("FA-101", date(2026, 9, 1), date(2026, 10, 1), 5)
        ).id
    refused = pytest.raises(LedgerError, match="has received a payment")
    with refused, db.session_factory.begin() as s:
        ledger_entry.delete_invoice(s, clock, paid)
    with db.session_factory.begin() as s:
        ledger_entry.delete_invoice(s, clock, mistake)
    with db.session_factory() as s:
        assert [i.number for i in s.scalars(select(Invoice))] == ["FA-100"]
        assert "Invoice FA-101 deleted" in " ".join(
            e.summary for e in s.scalars(select(HistoryEvent))
        )


def test_amount_over_the_ceiling_is_refused(db: Database, clock: Clock) -> None:
    huge = InvoiceFields("FA-9", date(2026, 9, 1), date(2026, 10, 1), 10**15)
    with pytest.raises(LedgerError, match="cannot be more than"), db.session_factory.begin() as s:
        customer_id = ledger_entry.add_customer(s, clock, CustomerFields("411A", "A")).id
        ledger_entry.new_invoice(s, clock, customer_id, huge)
