"""Restoring a backup: checked first, the current file saved, then the content copied in."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db.backup import backup_database, list_backups
from app.db.migrate import DatabaseError, open_database
from app.db.models import Customer
from app.db.restore import restore_database
from app.domain.calendar import Clock
from app.services import ledger

CLOCK = Clock.fixed(date(2026, 11, 22))


def add_customers(path: Path, *refs: str) -> None:
    database = open_database(path, backup=False)
    with database.session_factory.begin() as session:
        for ref in refs:
            ledger.create_customer(session, CLOCK, ref=ref, name=ref)
    database.dispose()


def refs(path: Path) -> list[str]:
    database = open_database(path, backup=False)
    try:
        with database.session_factory() as session:
            return list(session.scalars(select(Customer.ref).order_by(Customer.ref)))
    finally:
        database.dispose()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_restore_brings_back_the_backup_and_keeps_a_safety_copy(db_path: Path) -> None:
    add_customers(db_path, "411A")
    backup = backup_database(db_path)
    add_customers(db_path, "411B")
    safety = restore_database(backup, db_path)
    assert refs(db_path) == ["411A"]
    assert safety is not None and safety.name.endswith("-before-restore.sqlite3")
    assert refs(safety) == ["411A", "411B"]
    assert safety in list_backups(db_path)


def test_restore_into_a_missing_database_needs_no_safety_copy(tmp_path: Path) -> None:
    source = tmp_path / "old" / "relance.sqlite3"
    source.parent.mkdir()
    add_customers(source, "411A")
    target = tmp_path / "new.sqlite3"
    assert restore_database(source, target) is None
    assert refs(target) == ["411A"]


@pytest.mark.parametrize("kind", ["foreign", "not sqlite", "newer", "empty"])
def test_restore_refuses_a_file_that_is_not_a_usable_backup(db_path: Path, kind: str) -> None:
    add_customers(db_path, "411A")
    candidate = db_path.parent / "candidate.sqlite3"
    if kind == "foreign":
        raw = sqlite3.connect(candidate)
        raw.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
        raw.commit()
        raw.close()
    elif kind == "not sqlite":
        candidate.write_text("hello", encoding="utf-8")
    elif kind == "newer":
        add_customers(candidate, "411Z")
        raw = sqlite3.connect(candidate)
        raw.execute("UPDATE alembic_version SET version_num = '9999_future'")
        raw.commit()
        raw.close()
    else:
        candidate.touch()
    before_candidate, before_db = digest(candidate), digest(db_path)
    with pytest.raises(DatabaseError):
        restore_database(candidate, db_path)
    assert digest(candidate) == before_candidate
    assert digest(db_path) == before_db
    assert list_backups(db_path) == []


def test_restore_refuses_a_missing_file(db_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        restore_database(db_path.parent / "nowhere.sqlite3", db_path)


def test_restore_refuses_to_restore_a_database_from_itself(db_path: Path) -> None:
    add_customers(db_path, "411A")
    with pytest.raises(DatabaseError, match="from itself"):
        restore_database(db_path, db_path)
    assert refs(db_path) == ["411A"]
