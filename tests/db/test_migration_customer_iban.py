"""0008 gives customers an IBAN column: a book made at 0007 keeps all it held, and goes back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import select

from app.db.migrate import inspect_file, open_database
from app.db.models import Customer
from tests.migrating import migrate

PREVIOUS = "0007_reminders_right"
CREATED = "2026-11-22 12:00:00.000000"


def _book_at_previous_revision(path: Path) -> None:
    """A book as the release before 0008 wrote it: plain SQL on that schema's tables."""
    migrate(path, "upgrade", PREVIOUS)
    db = sqlite3.connect(path)
    with db:
        db.execute(
            "INSERT INTO customers (id, ref, name, kind, siret, vat_number, city, country,"
            " language, payment_terms_days, segment, on_hold, handed_over_to, created_at,"
            " updated_at) VALUES (1, '411DUP', 'Dupont et Fils', 'business', '73282932000074',"
            " 'FR44732829320', 'Lyon', 'FR', 'fr', 45, 'premium', 0, 'agency', ?, ?)",
            (CREATED, CREATED),
        )
        db.execute(
            "INSERT INTO invoices (id, customer_id, number, source, issue_date, due_date,"
            " amount_cents, currency, open_cents, created_at) VALUES (1, 1, 'FA-1', '',"
            " '2026-09-01', '2026-10-01', 120000, 'EUR', 120000, ?)",
            (CREATED,),
        )
        # A contact goes with its customer (ON DELETE CASCADE): copying the customers table,
        # as batch mode can, would delete it without a word.
        db.execute(
            "INSERT INTO contacts (customer_id, name, email, preferred_channel, is_primary)"
            " VALUES (1, 'Compta', 'compta@dupont.example', 'email', 1)"
        )
    db.close()


def _columns(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [row[1] for row in db.execute("PRAGMA table_info(customers)")]
    finally:
        db.close()


def test_a_book_of_the_previous_revision_gains_an_empty_iban_and_keeps_its_data(
    tmp_path: Path,
) -> None:
    path = tmp_path / "relance.sqlite3"
    _book_at_previous_revision(path)
    assert "iban" not in _columns(path)
    assert inspect_file(path)[1] == PREVIOUS

    database = open_database(path)  # what the application does at start
    try:
        with database.session_factory() as session:
            customer = session.scalars(select(Customer)).one()
            assert customer.iban is None
            assert (customer.ref, customer.siret, customer.vat_number) == (
                "411DUP",
                "73282932000074",
                "FR44732829320",
            )
            assert (customer.payment_terms_days, customer.segment) == (45, "premium")
            assert customer.handed_over_to == "agency"
            assert [(i.number, i.open_cents) for i in customer.invoices] == [("FA-1", 120000)]
            assert [c.email for c in customer.contacts] == ["compta@dupont.example"]
        with database.session_factory.begin() as session:
            session.scalars(select(Customer)).one().iban = "FR7630006000011234567890189"
    finally:
        database.dispose()


def test_the_migration_goes_down_and_up_again_without_losing_a_customer(tmp_path: Path) -> None:
    path = tmp_path / "relance.sqlite3"
    _book_at_previous_revision(path)
    migrate(path, "upgrade", "0008_customer_iban")
    assert "iban" in _columns(path)

    migrate(path, "downgrade", PREVIOUS)
    assert "iban" not in _columns(path)
    assert inspect_file(path)[1] == PREVIOUS
    migrate(path, "upgrade", "0008_customer_iban")
    assert "iban" in _columns(path)
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT ref, siret, iban FROM customers").fetchall()
        invoices = db.execute("SELECT number, customer_id FROM invoices").fetchall()
        contacts = db.execute("SELECT customer_id, email FROM contacts").fetchall()
    finally:
        db.close()
    assert rows == [("411DUP", "73282932000074", None)]
    assert invoices == [("FA-1", 1)]
    assert contacts == [(1, "compta@dupont.example")]
