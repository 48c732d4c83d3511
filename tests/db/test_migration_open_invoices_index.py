"""0011: the partial index of open invoices gains the currency, and the aged balance reads it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from app.db.migrate import head_revision, inspect_file, open_database
from app.db.queries import aging_lines
from app.domain.calendar import Clock
from app.services import ledger
from tests.migrating import migrate

AGING_SQL_PLAN = "EXPLAIN QUERY PLAN SELECT customer_id, currency, SUM(open_cents) FROM invoices "


def _index_columns(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as db:  # sqlite3's own `with` commits, never closes
        return [row[2] for row in db.execute("PRAGMA index_info('ix_invoices_open')")]


def _book(path: Path) -> list[object]:
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
    with database.session_factory() as session:
        lines: list[object] = list(aging_lines(session, date(2026, 11, 22)))
    database.dispose()
    return lines


def test_a_book_from_0010_gets_the_index_and_keeps_its_aged_balance(tmp_path: Path) -> None:
    path = tmp_path / "relance.sqlite3"
    before_on_head = _book(path)
    migrate(path, "downgrade", "0010_notice_tracking")
    assert _index_columns(path) == ["customer_id", "due_date", "open_cents"]
    open_database(path).dispose()  # what the application does at start
    assert inspect_file(path)[1] == head_revision()
    # 0012 adds what the day's proposals read after these
    assert _index_columns(path)[:4] == ["customer_id", "currency", "due_date", "open_cents"]
    database = open_database(path)
    with database.session_factory() as session:
        assert list(aging_lines(session, date(2026, 11, 22))) == before_on_head
    database.dispose()
    with closing(sqlite3.connect(path)) as db:
        plan = " ".join(
            str(row[3])
            for row in db.execute(
                AGING_SQL_PLAN + "WHERE open_cents > 0 GROUP BY customer_id, currency"
            )
        )
    assert "COVERING INDEX ix_invoices_open" in plan
