"""Moving a test book to a given schema revision, as an older or newer Relance left it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from alembic import command

from app.db.engine import make_engine, sqlite_url
from app.db.migrate import alembic_config, open_database
from app.domain.calendar import Clock
from app.services import ledger


def migrate(path: Path, action: str, revision: str) -> None:
    """`action` is "upgrade" or "downgrade"; the book is at `revision` afterwards."""
    engine = make_engine(sqlite_url(path))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)
    engine.dispose()


def index_columns(path: Path, index: str) -> list[str]:
    """The columns of an index of the book, in order."""
    with closing(sqlite3.connect(path)) as db:  # sqlite3's own `with` commits, never closes
        return [row[2] for row in db.execute(f"PRAGMA index_info('{index}')")]


def book_with_open_invoices(path: Path) -> None:
    """A book at the head revision: one customer owing three invoices in two currencies, one
    of them overdue since July."""
    database = open_database(path)
    clock = Clock.fixed(date(2026, 11, 22))
    with database.session_factory.begin() as session:
        customer = ledger.create_customer(session, clock, ref="411DUP", name="Dupont et Fils")
        for number, issued, cents, currency in (
            ("FA-1", date(2026, 7, 1), 120000, "EUR"),
            ("FA-2", date(2026, 10, 1), 30050, "GBP"),
            ("FA-3", date(2026, 11, 10), 5000, "EUR"),
        ):
            ledger.add_invoice(
                session, clock, customer_id=customer.id, number=number, issue_date=issued,
                amount_cents=cents, currency=currency,
            )  # fmt: skip
    database.dispose()
