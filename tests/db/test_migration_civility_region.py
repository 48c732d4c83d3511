"""0009 gives contacts and customers a civility and customers a region: a book made at 0008
keeps all it held, and goes back down and up again without losing a row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import select

from app.db.migrate import head_revision, inspect_file, open_database
from app.db.models import Customer
from tests.migrating import migrate

PREVIOUS = "0008_customer_iban"
THIS = "0009_civility_region"
CREATED = "2026-11-22 12:00:00.000000"


def _book_at_previous_revision(path: Path) -> None:
    """A book as the release before 0009 wrote it: plain SQL on that schema's tables."""
    migrate(path, "upgrade", PREVIOUS)
    db = sqlite3.connect(path)
    with db:
        db.execute(
            "INSERT INTO customers (id, ref, name, kind, iban, city, country, language,"
            " payment_terms_days, segment, on_hold, created_at, updated_at) VALUES (1, '411GUE',"
            " 'Mme Virginie Guérin', 'individual', 'FR7630006000011234567890189', 'Lyon', 'FR',"
            " 'fr', 30, 'standard', 0, ?, ?)",
            (CREATED, CREATED),
        )
        db.execute(
            "INSERT INTO contacts (id, customer_id, name, email, preferred_channel, is_primary)"
            " VALUES (1, 1, 'Virginie Guérin', 'v.guerin@example.org', 'letter', 1)"
        )
    db.close()


def _columns(path: Path, table: str) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
    finally:
        db.close()


def test_a_book_of_the_previous_revision_gains_empty_civilities_and_keeps_its_data(
    tmp_path: Path,
) -> None:
    path = tmp_path / "relance.sqlite3"
    _book_at_previous_revision(path)
    assert "civility" not in _columns(path, "contacts")
    database = open_database(path)  # what the application does at start
    try:
        with database.session_factory() as session:
            customer = session.scalars(select(Customer)).one()
            assert (customer.civility, customer.region) == (None, None)
            assert customer.contacts[0].civility is None
            assert customer.iban == "FR7630006000011234567890189"
            assert customer.contacts[0].email == "v.guerin@example.org"
        with database.session_factory.begin() as session:
            customer = session.scalars(select(Customer)).one()
            customer.civility, customer.region = "mme", "CA"
            customer.contacts[0].civility = "mme"
    finally:
        database.dispose()
    assert inspect_file(path)[1] == head_revision()  # 0009 and any later ones


def test_the_migration_goes_down_and_up_again_without_losing_a_customer(tmp_path: Path) -> None:
    path = tmp_path / "relance.sqlite3"
    _book_at_previous_revision(path)
    migrate(path, "upgrade", THIS)
    assert {"civility", "region"} <= set(_columns(path, "customers"))

    migrate(path, "downgrade", PREVIOUS)
    assert "civility" not in _columns(path, "customers") + _columns(path, "contacts")
    assert "region" not in _columns(path, "customers")
    assert inspect_file(path)[1] == PREVIOUS
    migrate(path, "upgrade", THIS)
    db = sqlite3.connect(path)
    try:
        customers = db.execute("SELECT ref, name, iban, civility FROM customers").fetchall()
        contacts = db.execute("SELECT name, customer_id, civility FROM contacts").fetchall()
    finally:
        db.close()
    assert customers == [("411GUE", "Mme Virginie Guérin", "FR7630006000011234567890189", None)]
    assert contacts == [("Virginie Guérin", 1, None)]
