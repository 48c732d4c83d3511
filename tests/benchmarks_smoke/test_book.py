"""The benchmark book generator leaves a ledger the services would accept as their own."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db.migrate import State, inspect_file, open_database
from app.db.models import Allocation, Contact, Customer, Invoice, Payment
from app.db.queries import aging_lines, customer_rows
from app.services.ledger import check_consistency

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from benchmarks import book  # noqa: E402


@pytest.fixture
def small_book(tmp_path: Path) -> Path:
    return book.generate_book(tmp_path / "book.sqlite3", customers=50, invoices=500)


def test_a_small_book_has_a_consistent_ledger(small_book: Path) -> None:
    assert inspect_file(small_book)[0] is State.CURRENT  # the application's own schema
    database = open_database(small_book, backup=False)
    try:
        with database.session_factory() as session:
            assert check_consistency(session) == []
            assert session.scalar(select(func.count()).select_from(Customer)) == 50
            contacts = list(session.scalars(select(Contact)))
            assert len(contacts) == 50 and all(c.is_primary and c.email for c in contacts)
            invoices = list(session.scalars(select(Invoice)))
            assert len(invoices) == 500
            still_open = sum(1 for i in invoices if i.open_cents > 0)
            assert 0.15 <= still_open / 500 <= 0.45
            assert any(0 < i.open_cents < i.amount_cents for i in invoices)
            assert all((i.settled_on is None) == (i.open_cents > 0) for i in invoices)
            earliest = book.AS_OF - timedelta(days=book.SPAN_DAYS)
            assert all(earliest <= i.issue_date <= book.AS_OF for i in invoices)
            paid = session.execute(
                select(Payment.received_on, Invoice.issue_date)
                .join(Allocation, Allocation.payment_id == Payment.id)
                .join(Invoice, Invoice.id == Allocation.invoice_id)
            ).all()
            assert paid and all(issued <= received <= book.AS_OF for received, issued in paid)
            assert len(customer_rows(session, book.AS_OF)) >= 50
            assert aging_lines(session, book.AS_OF)
    finally:
        database.dispose()


def test_the_same_seed_gives_the_same_book(tmp_path: Path, small_book: Path) -> None:
    again = book.generate_book(tmp_path / "again.sqlite3", customers=50, invoices=500)

    def rows(path: Path) -> list[tuple[object, ...]]:
        database = open_database(path, backup=False)
        try:
            with database.session_factory() as session:
                return [
                    tuple(r) for r in session.execute(select(Invoice.number, Invoice.open_cents))
                ]
        finally:
            database.dispose()

    assert rows(small_book) == rows(again)


def test_the_cached_book_is_generated_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(book, "OUT_DIR", tmp_path / "out")
    first = book.cached_book(10, 40)
    made = first.stat().st_mtime_ns
    assert book.cached_book(10, 40) == first
    assert first.stat().st_mtime_ns == made
    assert [p.name for p in (tmp_path / "out").iterdir()] == [first.name]
