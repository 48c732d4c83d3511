"""0010 gives reminders a registered flag, a tracking number and a receipt day: a book made at
0009 keeps every reminder and its items, its posted formal notices become registered, and the
book goes back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.db.migrate import head_revision, inspect_file, open_database
from tests.migrating import migrate

PREVIOUS = "0009_civility_region"
CREATED = "2026-11-22 12:00:00.000000"


def _book_at_previous_revision(path: Path) -> None:
    migrate(path, "upgrade", PREVIOUS)
    db = sqlite3.connect(path)
    with db:
        db.execute(
            "INSERT INTO customers (id, ref, name, kind, country, language, payment_terms_days,"
            " segment, on_hold, created_at, updated_at) VALUES (1, '411DUP', 'Dupont et Fils',"
            " 'business', 'FR', 'fr', 30, 'standard', 0, ?, ?)",
            (CREATED, CREATED),
        )
        db.execute(
            "INSERT INTO invoices (id, customer_id, number, source, issue_date, due_date,"
            " amount_cents, currency, open_cents, created_at) VALUES (1, 1, 'FA-1', '',"
            " '2026-08-01', '2026-09-01', 120000, 'EUR', 120000, ?)",
            (CREATED,),
        )
        for rid, template, channels in (
            (1, "friendly", "email,letter"),
            (2, "formal_notice", "letter"),
            (3, "formal_notice", "email"),  # a notice by email only: nothing was registered
        ):
            db.execute(
                "INSERT INTO reminders (id, customer_id, batch, policy_key, level_rank,"
                " level_name, template, sent_on, created_at, channels, currency, total_cents,"
                " credit_cents, interest_cents, fixed_cents) VALUES (?, 1, 'b', 'standard', ?,"
                " '', ?, '2026-11-01', ?, ?, 'EUR', 120000, 0, 0, 0)",
                (rid, rid, template, CREATED, channels),
            )
            # Items go with their reminder (ON DELETE CASCADE): copying `reminders`, as batch
            # mode can, would delete them without a word.
            db.execute(
                "INSERT INTO reminder_items (reminder_id, invoice_id, open_cents, days_overdue)"
                " VALUES (?, 1, 120000, 61)",
                (rid,),
            )
    db.close()


def _rows(path: Path, query: str) -> list[tuple[object, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute(query).fetchall()
    finally:
        db.close()


def test_reminders_keep_their_items_and_posted_notices_become_registered(tmp_path: Path) -> None:
    path = tmp_path / "relance.sqlite3"
    _book_at_previous_revision(path)
    open_database(path).dispose()  # what the application does at start
    assert inspect_file(path)[1] == head_revision()  # 0010 and any later ones
    assert _rows(path, "SELECT id, registered, tracking_number, received_on FROM reminders") == [
        (1, 0, None, None),
        (2, 1, None, None),
        (3, 0, None, None),
    ]
    assert _rows(path, "SELECT count(*) FROM reminder_items") == [(3,)]

    migrate(path, "downgrade", PREVIOUS)
    columns = [row[1] for row in _rows(path, "PRAGMA table_info(reminders)")]
    assert "registered" not in columns and "received_on" not in columns
    assert _rows(path, "SELECT count(*) FROM reminder_items") == [(3,)]
