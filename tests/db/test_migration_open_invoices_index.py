"""0011: the partial index of open invoices gains the currency, and the aged balance reads it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from app.db.migrate import head_revision, inspect_file, open_database
from app.db.queries import aging_lines
from tests.migrating import book_with_open_invoices, index_columns, migrate

AGING_SQL_PLAN = "EXPLAIN QUERY PLAN SELECT customer_id, currency, SUM(open_cents) FROM invoices "


def _index_columns(path: Path) -> list[str]:
    return index_columns(path, "ix_invoices_open")


def _book(path: Path) -> list[object]:
    book_with_open_invoices(path)
    database = open_database(path)
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
