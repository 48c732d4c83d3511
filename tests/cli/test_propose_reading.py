"""`dunning propose` only reads: it commits nothing (not even the shipped policies a book lacks),
and streams its JSON (a damaged book: tests/cli/test_aging_reading.py)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from app.cli import main
from app.db import dunning_query
from app.db.dunning_query import sqlite_run
from app.db.migrate import Database
from app.db.queries import text_run
from app.domain.calendar import Clock
from app.services.demo import fill_demo
from app.services.dunning import propose
from app.services.dunning_run import run_reminders
from tests.cli.test_aging_reading import PROPOSE, TODAY, fill


def files_digest(path: Path) -> str:
    """The book's bytes with its journal's: what a write would change. A journal without
    frames and no journal are the same book: the last connection to close deletes an empty
    one, and which connection closes last (another test's, collected late) is not ours to say."""
    digest = hashlib.sha256()
    for name in (path.name, path.name + "-wal"):
        companion = path.with_name(name)
        digest.update(companion.read_bytes() if companion.exists() else b"")
    return digest.hexdigest()


def test_proposing_writes_nothing_even_the_policies_a_book_lacks(
    db: Database, db_path: Path, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(db, clock)
    db.dispose()
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute("DELETE FROM dunning_levels")
        connection.execute("DELETE FROM dunning_policies")
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = files_digest(db_path)
    assert main(["--db", str(db_path), *PROPOSE]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert {p["customer_ref"] for p in plan["proposals"]} == {"411A", "411B", "411C"}
    assert files_digest(db_path) == before
    with closing(sqlite3.connect(db_path)) as connection:
        assert connection.execute("SELECT COUNT(*) FROM dunning_policies").fetchone() == (0,)


def test_the_streamed_proposals_are_the_bytes_of_the_whole_document(
    db: Database, db_path: Path, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(db, clock)
    with db.session_factory.begin() as session:
        session.execute(
            text("UPDATE customers SET name = 'Dupré \"& fils\"\\ ☕' WHERE ref = '411B'")
        )
    assert main(["--db", str(db_path), *PROPOSE]) == 0
    written = capsys.readouterr().out
    with db.session_factory() as session:  # in the book's language, which the command set
        expected = json.dumps(propose(session, TODAY).to_json(), ensure_ascii=False) + "\n"
    assert written == expected
    assert len(json.loads(written)["proposals"]) == 3
    assert 'Dupré \\"& fils\\"\\\\ ☕' in written and "Les taux" in written


def test_the_plain_reading_proposes_what_the_orm_proposes_on_a_worked_book(
    db: Database, db_path: Path, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo's case work (open and settled disputes, pending promises, calls), a day's run of
    reminders sent (their items and last ranks), then a hold-back and a broken promise: both
    readings run the same statements, through `sqlite3` and through SQLAlchemy's types."""
    with db.session_factory.begin() as session:
        fill_demo(session, clock, customers=60)
    with db.session_factory.begin() as session:
        plan = propose(session, TODAY)
        run_reminders(
            session,
            clock,
            plan.proposals[:25],
            as_of=TODAY,
            database_dir=db_path.parent,
            letters_pdf=db_path.parent / "letters.pdf",
            queue_emails=False,
        )
    with closing(sqlite3.connect(db_path)) as connection:
        held = connection.execute("SELECT customer_id FROM reminders LIMIT 1").fetchone()[0]
        connection.execute(
            "INSERT INTO reminder_holdbacks (customer_id, level_rank, reason, until, created_at)"
            " VALUES (?, 2, 'called', ?, '2026-11-22 09:00:00')",
            (held, (TODAY + timedelta(days=30)).isoformat()),
        )
        connection.execute(
            "UPDATE promises SET status = 'broken', promised_on = ? WHERE id = "
            "(SELECT MIN(promise_id) FROM promise_invoices)",
            ((TODAY + timedelta(days=1)).isoformat(),),
        )
        connection.commit()
    proposed, reasons = 0, set()
    for later in (TODAY + timedelta(days=n) for n in (0, 9, 31, 75)):
        command = ["dunning", "propose", "--as-of", later.isoformat(), "--format", "json"]
        assert main(["--db", str(db_path), *command]) == 0
        written = json.loads(capsys.readouterr().out)
        with db.session_factory() as session:
            expected = propose(session, later).to_json()
        assert written == expected
        proposed += len(written["proposals"])
        reasons |= {s["reason"] for s in written["skipped"]}
    assert proposed > 30 and {"too_soon", "held_back", "dispute"} <= reasons


def test_the_statements_read_the_same_through_sqlalchemy_text(
    db: Database, db_path: Path, clock: Clock
) -> None:
    """On SQLite the session's statements go to the driver's connection; any other engine runs
    them through `text()`, whose rows and bound dates must read the same."""
    with db.session_factory.begin() as session:
        fill_demo(session, clock, customers=40)
    with db.session_factory() as session:
        driver = session.connection().connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        plain = sqlite_run(driver)
        typed = text_run(session.connection())
        for later in (TODAY, TODAY + timedelta(days=40)):
            read = [
                dunning_query.customer_states(run, later, dunning_query.policies(run))
                for run in (plain, typed)
            ]
            assert read[0] == read[1] and read[0][0]
            assert dunning_query.plan_inputs(plain) == dunning_query.plan_inputs(typed)


def test_the_window_s_reading_of_a_book_lacking_its_policies_writes_nothing(
    db: Database, db_path: Path, clock: Clock
) -> None:
    """The shipped policies a book lacks are read as shipped: a reading that wrote them held
    the book's write lock for the whole reading, and two readings at once (a preparation and a
    Refresh) both wrote them, the second failing on their unique keys."""
    fill(db, clock)
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute("DELETE FROM dunning_levels")
        connection.execute("DELETE FROM dunning_policies")
        connection.commit()
    with db.session_factory() as session:
        plan = propose(session, TODAY)
        assert {p.customer_id for p in plan.proposals} and not session.new
        with closing(sqlite3.connect(db_path, timeout=0)) as other:
            other.execute("BEGIN IMMEDIATE")  # no write lock is held by the reading
            other.rollback()


def test_of_two_registered_letters_sent_the_same_day_the_last_written_one_s_receipt_counts(
    db: Database, db_path: Path, clock: Clock
) -> None:
    """A formal notice added by hand and the day's run, both registered: the notice's deadline
    runs from the receipt of the reminder written last, as the ORM's reading chose it."""
    fill(db, clock)
    with closing(sqlite3.connect(db_path)) as connection:
        customer = connection.execute("SELECT id FROM customers WHERE ref = '411B'").fetchone()[0]
        for received in ("2026-11-10", "2026-11-07"):  # written in this order
            connection.execute(
                "INSERT INTO reminders (customer_id, batch, policy_key, level_rank, level_name,"
                " template, sent_on, created_at, channels, currency, total_cents,"
                " interest_cents, fixed_cents, registered, received_on) VALUES (?, 'b',"
                " 'standard', 4, '', 'formal_notice', '2026-11-05', '2026-11-05 09:00:00',"
                " 'letter', 'EUR', 100, 0, 0, 1, ?)",
                (customer, received),
            )
        connection.commit()
        states, _facts = dunning_query.customer_states(
            sqlite_run(connection), TODAY, dunning_query.policies(sqlite_run(connection))
        )
    (state,) = [s for s in states if s.ref == "411B"]
    assert state.last_reminder_on == date(2026, 11, 5)
    assert state.notice_received_on == date(2026, 11, 7)
