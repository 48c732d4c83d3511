"""Opening a file: ours is backed up then opened; anything else is refused and left untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from app.db.backup import list_backups
from app.db.migrate import DatabaseError, State, inspect_file, open_database


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_ours(path: Path) -> Path:
    open_database(path, backup=False).dispose()
    return path


def assert_refused_untouched(path: Path, match: str) -> None:
    before = digest(path)
    with pytest.raises(DatabaseError, match=match):
        open_database(path)
    assert digest(path) == before
    assert not (path.parent / "backups").exists()


def test_missing_file_is_created_as_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.sqlite3"
    assert inspect_file(path) == (State.NEW, None)
    database = open_database(path)
    database.dispose()
    assert path.is_file()
    assert list_backups(path) == []  # nothing worth saving yet


def test_empty_file_is_treated_as_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    assert inspect_file(path) == (State.NEW, None)
    open_database(path).dispose()
    assert inspect_file(path)[0] is State.CURRENT


def test_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = make_ours(tmp_path / "newer.sqlite3")
    raw = sqlite3.connect(path)
    raw.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    raw.commit()
    raw.close()
    before = digest(path)
    with pytest.raises(DatabaseError, match="newer version") as refusal:
        open_database(path)
    assert "9999_from_the_future" in str(refusal.value)
    assert "untouched" in str(refusal.value)
    assert digest(path) == before
    assert list_backups(path) == []


def test_foreign_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other-app.sqlite3"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    raw.execute("INSERT INTO notes (body) VALUES ('not ours')")
    raw.commit()
    raw.close()
    assert_refused_untouched(path, "did not create")


def test_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "invoices.csv"
    path.write_text("number;amount\nFA-1;12,30\n", encoding="utf-8")
    assert_refused_untouched(path, "not an SQLite file")


def test_truncated_database_is_refused_untouched(tmp_path: Path) -> None:
    whole = make_ours(tmp_path / "whole.sqlite3")
    path = tmp_path / "truncated.sqlite3"
    path.write_bytes(whole.read_bytes()[:5000])
    assert_refused_untouched(path, "damaged or unreadable")


def test_corrupt_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16)
    assert_refused_untouched(path, "damaged or unreadable")


def test_opening_an_existing_database_writes_a_daily_backup_beside_it(tmp_path: Path) -> None:
    path = make_ours(tmp_path / "relance.sqlite3")
    open_database(path).dispose()
    backups = list_backups(path)
    assert len(backups) == 1
    assert backups[0].parent == tmp_path / "backups"
    assert backups[0].name.endswith("-daily.sqlite3")
    assert inspect_file(backups[0]) == inspect_file(path)


def test_daily_backup_is_written_once_a_day(tmp_path: Path) -> None:
    path = make_ours(tmp_path / "relance.sqlite3")
    open_database(path).dispose()
    open_database(path).dispose()
    assert len(list_backups(path)) == 1
    old = list_backups(path)[0]
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    open_database(path).dispose()
    assert len(list_backups(path)) == 2


def test_backup_can_be_turned_off(tmp_path: Path) -> None:
    path = make_ours(tmp_path / "relance.sqlite3")
    open_database(path, backup=False).dispose()
    assert list_backups(path) == []


def test_a_closed_book_opens_no_connection_again(db_path: Path) -> None:
    """A read still under way when its book is closed is told so, and leaves nothing open."""
    database = open_database(db_path)
    with database.session_factory() as session:
        assert session.scalar(text("SELECT count(*) FROM customers")) == 0
    database.dispose()
    with database.session_factory() as session, pytest.raises(DatabaseError, match="closed"):
        session.scalar(text("SELECT count(*) FROM customers"))
    database.dispose()  # twice is harmless
    assert database.engine.pool.checkedout() == 0
