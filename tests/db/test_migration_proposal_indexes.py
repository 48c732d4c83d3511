"""0012 and 0013: the partial index of open invoices and the indexes of allocations hold what the
day's proposals read, so SQLite reads them from the indexes alone; the proposals stay the same."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from app.db.migrate import head_revision, inspect_file, open_database
from app.services.dunning import propose
from tests.migrating import book_with_open_invoices, index_columns, migrate

TODAY = date(2026, 11, 22)
PROPOSALS_READ = (
    "SELECT customer_id, id, number, issue_date, due_date, currency, amount_cents, open_cents "
    "FROM invoices WHERE open_cents > 0"
)


def _columns(path: Path) -> list[str]:
    return index_columns(path, "ix_invoices_open")


def _proposals(path: Path) -> dict[str, object]:
    database = open_database(path)
    with database.session_factory.begin() as session:
        plan = propose(session, TODAY).to_json()
    database.dispose()
    return plan


def test_a_book_from_0011_gets_the_wider_index_and_the_same_proposals(tmp_path: Path) -> None:
    path = tmp_path / "relance.sqlite3"
    book_with_open_invoices(path)
    on_head = _proposals(path)
    assert on_head["proposals"]
    migrate(path, "downgrade", "0011_open_invoices_by_currency")
    assert _columns(path) == ["customer_id", "currency", "due_date", "open_cents"]
    assert _proposals(path) == on_head  # opening migrates it back, backup first
    assert inspect_file(path)[1] == head_revision()
    assert _columns(path)[4:] == ["number", "issue_date", "amount_cents"]
    with closing(sqlite3.connect(path)) as db:
        plan = " ".join(str(r[3]) for r in db.execute("EXPLAIN QUERY PLAN " + PROPOSALS_READ))
    assert "COVERING INDEX ix_invoices_open" in plan


def test_0013_sums_allocations_from_their_indexes(tmp_path: Path) -> None:
    path = tmp_path / "relance.sqlite3"
    open_database(path).dispose()
    migrate(path, "downgrade", "0012_open_invoices_for_reminders")
    open_database(path).dispose()
    left = (
        "EXPLAIN QUERY PLAN SELECT p.amount_cents - COALESCE(SUM(a.amount_cents), 0) "
        "FROM payments p LEFT JOIN allocations a ON a.payment_id = p.id GROUP BY p.id"
    )
    with closing(sqlite3.connect(path)) as db:
        for source in ("payment_id", "credit_note_id"):
            assert index_columns(path, f"ix_allocations_{source}") == [source, "amount_cents"]
        plan = " ".join(str(r[3]) for r in db.execute(left))
    assert "COVERING INDEX ix_allocations_payment_id" in plan
