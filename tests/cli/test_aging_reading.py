"""`aging` and `dunning propose` read the book with sqlite3 alone: the same report as through
the ORM, the same refusals, the same daily backup, the start check beside the reading, and no
SQLAlchemy loaded (the proposals' own tests: tests/cli/test_propose_reading.py)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from app.db.backup import backup_database
from app.db.migrate import Database, head_revision, open_database
from app.db.reading import reading
from app.domain.calendar import Clock
from app.services import disputes, ledger
from app.services.reports import aging_report
from app.services.settings import Preferences, save_preferences
from tests.migrating import migrate

TODAY = date(2026, 11, 22)
ROOT = Path(__file__).resolve().parents[2]


def fill(db: Database, clock: Clock) -> None:
    """Two customers, two currencies, every bucket, and part of an invoice disputed."""
    with db.session_factory.begin() as s:
        save_preferences(s, Preferences(language="fr", currency="EUR"))
        ids: dict[str, int] = {}
        for ref, number, due, cents, currency in (
            ("411A", "FA-1", date(2026, 7, 1), 120000, "EUR"),
            ("411A", "FA-2", date(2026, 12, 1), 5050, "EUR"),
            ("411A", "FA-4", date(2026, 11, 22), 99, "EUR"),  # due today: not yet late
            ("411B", "FA-3", date(2026, 11, 1), 30000, "EUR"),
            ("411B", "FA-5", date(2026, 9, 1), 1, "EUR"),
            ("411B", "UK-1", date(2026, 10, 1), 70000, "GBP"),
            ("411C", "JP-1", date(2026, 8, 20), 123456, "JPY"),
        ):
            if ref not in ids:
                ids[ref] = ledger.create_customer(s, clock, ref=ref, name=f"Client {ref} é").id
            invoice = ledger.add_invoice(
                s,
                clock,
                customer_id=ids[ref],
                number=number,
                issue_date=date(2026, 6, 1),
                due_date=due,
                amount_cents=cents,
                currency=currency,
            )
            if number == "FA-3":
                disputes.open_dispute(s, clock, invoices={invoice.id: 12345}, reason="quality")


def test_the_command_gives_the_report_the_orm_gives(
    db: Database, db_path: Path, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(db, clock)
    with db.session_factory() as session:
        expected = aging_report(session, TODAY).to_json()
    assert (
        main(["--db", str(db_path), "aging", "--as-of", TODAY.isoformat(), "--format", "json"]) == 0
    )
    written = json.loads(capsys.readouterr().out)
    assert written == expected
    disputed = {(c["customer_ref"], c["currency"]): c["disputed"] for c in written["customers"]}
    assert disputed[("411B", "EUR")] == "123.45" and disputed[("411B", "GBP")] == "0.00"
    assert written["other_currencies"]["JPY"]["total"] == "123456"


@pytest.mark.parametrize("command", [("aging", "--format", "json"), ("dunning", "propose")])
def test_the_command_loads_neither_sqlalchemy_nor_the_models(
    db: Database, db_path: Path, clock: Clock, command: tuple[str, ...]
) -> None:
    fill(db, clock)
    db.dispose()
    probe = (
        "import sys\n"
        "from app.cli import main\n"
        f"code = main(['--db', {str(db_path)!r}, *{list(command)!r}])\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'app.db.models')))\n"
        "sys.stderr.write(repr((code, loaded)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stderr.strip().endswith("(0, [])")


def test_the_connection_cannot_write(db: Database, db_path: Path, clock: Clock) -> None:
    fill(db, clock)
    with reading(db_path) as book, pytest.raises(sqlite3.OperationalError, match="readonly"):
        book.execute("DELETE FROM invoices")
    with closing(sqlite3.connect(db_path)) as check:
        assert check.execute("SELECT COUNT(*) FROM invoices").fetchone() == (7,)


def damage_beyond_the_report(path: Path) -> None:
    """Random bytes over pages of a table neither `aging` nor `dunning propose` reads (the
    history, filling the book's second half), so only the start check can find them."""
    with closing(sqlite3.connect(path)) as connection:
        customer = connection.execute("SELECT id FROM customers LIMIT 1").fetchone()[0]
        connection.executemany(
            "INSERT INTO history_events (customer_id, at, kind, summary, payload) "
            "VALUES (?, '2026-11-01 10:00:00', 'note', ?, '{}')",
            [(customer, f"{n} " + "x" * 190) for n in range(3000)],
        )
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size * 3 // 4)
        handle.write(os.urandom(8192))


PROPOSE = ("dunning", "propose", "--as-of", TODAY.isoformat(), "--format", "json")


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (("aging", "--format", "json"), "damaged"),  # refused before the book's language is read
        (PROPOSE, "endommagé"),  # in the book's language (French): read before the check ends
    ],
)
def test_damage_the_report_does_not_read_is_found_beside_it_and_nothing_is_written(
    db: Database,
    db_path: Path,
    clock: Clock,
    capsys: pytest.CaptureFixture[str],
    command: tuple[str, ...],
    says: str,
) -> None:
    fill(db, clock)
    db.dispose()
    good = backup_database(db_path, reason="manual")
    damage_beyond_the_report(db_path)
    assert main(["--db", str(db_path), *command]) == 1
    out, err = capsys.readouterr()
    assert out == ""  # no report of a damaged book
    assert says in err and f'restore "{good}"' in err and "Traceback" not in err


def test_an_outdated_book_is_backed_up_and_migrated_before_the_report(
    db: Database, db_path: Path, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(db, clock)
    db.dispose()
    migrate(db_path, "downgrade", "0010_notice_tracking")
    assert (
        main(["--db", str(db_path), "aging", "--as-of", TODAY.isoformat(), "--format", "json"]) == 0
    )
    assert json.loads(capsys.readouterr().out)["total"] == "1551.50"
    with closing(sqlite3.connect(db_path)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )
    assert list((db_path.parent / "backups").glob("*before-upgrade*.sqlite3"))


def test_the_daily_backup_is_taken_by_the_report_too(
    db: Database, db_path: Path, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(db, clock)
    db.dispose()
    backups = db_path.parent / "backups"
    for old in backups.glob("*.sqlite3"):
        day_old = time.time() - 2 * 86400
        os.utime(old, (day_old, day_old))
    before = set(backups.glob("*daily*.sqlite3"))
    assert main(["--db", str(db_path), "aging", "--format", "csv"]) == 0
    assert "411A" in capsys.readouterr().out
    assert len(set(backups.glob("*daily*.sqlite3")) - before) == 1


def test_a_missing_book_is_created_and_reported_empty(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "aging", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["customers"] == []
    assert open_database(db_path, backup=False).path == db_path


def test_the_reading_sees_one_state_of_the_book_whatever_is_committed_meanwhile(
    db: Database, db_path: Path, clock: Clock
) -> None:
    """`dunning propose` reads the book in several statements: all of them see the book as it
    was at the first, even when another program commits between them."""
    fill(db, clock)
    count = "SELECT COUNT(*), SUM(open_cents) FROM invoices"
    with reading(db_path) as book:
        before = book.execute(count).fetchone()
        with closing(sqlite3.connect(db_path)) as writer:
            writer.execute("UPDATE invoices SET open_cents = 0")
            writer.execute("DELETE FROM invoices WHERE number = 'FA-5'")
            writer.commit()
            assert writer.execute(count).fetchone() == (6, 0)
        assert book.execute(count).fetchone() == before == (7, 348_606)
