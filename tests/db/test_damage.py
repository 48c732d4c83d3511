"""Damage is noticed: a damaged database is refused at start with its newest good backup named,
and restore works over a damaged or unreadable file, keeping it aside with its -wal and -shm."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.db.backup import backup_database
from app.db.lock import DatabaseLock
from app.db.migrate import DatabaseError, open_database
from app.db.models import Customer
from app.db.restore import restore_database
from app.domain.calendar import Clock
from app.services import ledger

CLOCK = Clock.fixed(date(2026, 11, 22))


def book(path: Path, *refs: str) -> Path:
    database = open_database(path, backup=False)
    with database.session_factory.begin() as session:
        for ref in refs:
            ledger.create_customer(session, CLOCK, ref=ref, name=f"Customer {ref}")
        for number in range(300):  # enough pages for damage in the middle to hit a table
            ledger.create_customer(session, CLOCK, ref=f"X{ref}{number}", name="x" * 200)
    database.dispose()
    return path


def refs(path: Path) -> list[str]:
    database = open_database(path, backup=False)
    try:
        with database.session_factory() as session:
            return [
                r
                for r in session.scalars(select(Customer.ref).order_by(Customer.ref))
                if not r.startswith("X")
            ]
    finally:
        database.dispose()


def damage(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(os.urandom(16384))


@pytest.fixture
def damaged_book(db_path: Path) -> tuple[Path, Path]:
    """A damaged book, its good backup, and a newer damaged copy named like a backup."""
    book(db_path, "411A")
    good = backup_database(db_path, reason="manual")
    damage(db_path)
    newer = good.with_name(f"{db_path.stem}-29991231-235959-manual.sqlite3")
    shutil.copy(db_path, newer)
    return db_path, good


def test_a_damaged_database_is_refused_naming_its_newest_good_backup(
    damaged_book: tuple[Path, Path],
) -> None:
    db_path, good = damaged_book
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError) as refused:
        open_database(db_path)
    message = str(refused.value)
    assert "damaged" in message and str(good) in message  # not the newer damaged copy
    assert f'restore "{good}"' in message
    assert refused.value.backup == good
    assert db_path.read_bytes() == before  # untouched, and not backed up as if healthy
    assert len(list((db_path.parent / "backups").iterdir())) == 2


def test_damage_beyond_the_start_check_is_found_by_the_daily_backup(
    damaged_book: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path, good = damaged_book
    # A book too big to check within the start's budget: the check at start does not finish.
    monkeypatch.setattr("app.db.inspection.quick_check", lambda _connection, _budget: None)
    day_old = time.time() - 2 * 86400
    for backup in (db_path.parent / "backups").iterdir():
        os.utime(backup, (day_old, day_old))
    with pytest.raises(DatabaseError) as refused:
        open_database(db_path)  # the daily backup checks the whole copy
    assert refused.value.backup == good and str(good) in str(refused.value)
    assert len(list((db_path.parent / "backups").glob("*.sqlite3"))) == 2  # no damaged copy


def test_the_command_line_names_the_backup_without_a_traceback(
    damaged_book: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db_path, good = damaged_book
    assert main(["--db", str(db_path), "aging"]) == 1
    _out, err = capsys.readouterr()
    assert str(good) in err and "restore" in err and "Traceback" not in err


def test_restore_over_a_damaged_file_keeps_it_aside_with_its_wal(
    damaged_book: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db_path, good = damaged_book
    wal = db_path.with_name(db_path.name + "-wal")
    wal.write_bytes(b"a stale journal of the damaged file")
    assert main(["--db", str(db_path), "restore", str(good)]) == 0
    out, _err = capsys.readouterr()
    assert refs(db_path) == ["411A"]
    (aside,) = db_path.parent.glob(f"{db_path.name}.damaged-*[0-9]")
    assert (
        aside.with_name(aside.name + "-wal").read_bytes() == b"a stale journal of the damaged file"
    )
    assert str(aside) in out


def test_restore_ignores_the_stale_wal_of_a_missing_file(db_path: Path, tmp_path: Path) -> None:
    source = book(tmp_path / "source.sqlite3", "411B")
    other = book(tmp_path / "other.sqlite3", "411C")
    connection = sqlite3.connect(other)  # leave a real, uncheckpointed -wal behind
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    connection.execute("UPDATE customers SET name = 'changed'")
    connection.commit()
    shutil.copy(other.with_name(other.name + "-wal"), db_path.with_name(db_path.name + "-wal"))
    connection.close()
    restore_database(source, db_path)
    assert refs(db_path) == ["411B"]


def test_restore_refuses_while_another_process_holds_the_lock(
    damaged_book: tuple[Path, Path], tmp_path: Path
) -> None:
    db_path, good = damaged_book
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from app.db.lock import DatabaseLock;"
            "lock = DatabaseLock(Path(sys.argv[1])); assert lock.acquire();"
            "print('held', flush=True); time.sleep(30)",
            str(db_path),
        ],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
        with pytest.raises(DatabaseError, match="close it"):
            restore_database(good, db_path)  # the window's path, without the lock
        with pytest.raises(DatabaseError, match="close it"):
            restore_database(good, db_path, DatabaseLock(db_path))
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
