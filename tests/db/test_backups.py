"""Backups: consistent copies beside the database, rotated, and restorable."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from app.db.backup import KEEP, backup_database, copy_database, list_backups, rotate
from app.db.migrate import open_database
from app.db.models import Customer
from app.domain.calendar import Clock
from app.services import ledger

CLOCK = Clock.fixed(date(2026, 11, 22))
START = datetime(2026, 11, 1, 9, tzinfo=UTC)


def make_database(path: Path, *refs: str) -> Path:
    database = open_database(path, backup=False)
    with database.session_factory.begin() as session:
        for ref in refs:
            ledger.create_customer(session, CLOCK, ref=ref, name=f"Customer {ref}")
    database.dispose()
    return path


def customer_refs(path: Path) -> list[str]:
    database = open_database(path, backup=False)
    try:
        with database.session_factory() as session:
            return list(session.scalars(select(Customer.ref).order_by(Customer.ref)))
    finally:
        database.dispose()


def dated_backups(path: Path, count: int) -> list[Path]:
    """Backups an hour apart, oldest first, with file times to match their names."""
    made = []
    for hour in range(count):
        moment = START + timedelta(hours=hour)
        backup = backup_database(path, reason="manual", now=moment)
        os.utime(backup, (moment.timestamp(), moment.timestamp()))
        made.append(backup)
    return made


def test_backup_is_a_consistent_copy_in_the_backups_folder(tmp_path: Path) -> None:
    path = make_database(tmp_path / "relance.sqlite3", "411A", "411B")
    backup = backup_database(path, reason="manual")
    assert backup.parent == tmp_path / "backups"
    assert backup.name.startswith("relance-") and backup.name.endswith("-manual.sqlite3")
    assert customer_refs(backup) == ["411A", "411B"]


def test_backup_of_a_database_in_use_sees_committed_data(tmp_path: Path) -> None:
    path = make_database(tmp_path / "relance.sqlite3", "411A")
    database = open_database(path, backup=False)
    try:
        with database.session_factory.begin() as session:
            ledger.create_customer(session, CLOCK, ref="411B", name="Still open")
        backup = backup_database(path)  # the WAL still holds 411B: the copy must include it
    finally:
        database.dispose()
    assert customer_refs(backup) == ["411A", "411B"]


def test_backups_in_the_same_second_do_not_overwrite_each_other(tmp_path: Path) -> None:
    path = make_database(tmp_path / "relance.sqlite3")
    moment = START
    first = backup_database(path, now=moment)
    second = backup_database(path, now=moment)
    assert first != second
    assert first.exists() and second.exists()


def test_backups_are_listed_newest_first(tmp_path: Path) -> None:
    path = make_database(tmp_path / "relance.sqlite3")
    made = dated_backups(path, 4)
    assert list_backups(path) == made[::-1]


def test_rotation_keeps_the_newest_backups(tmp_path: Path) -> None:
    path = make_database(tmp_path / "relance.sqlite3")
    made = dated_backups(path, 6)
    rotate(path, keep=3)
    assert list_backups(path) == made[:2:-1]
    assert not any(old.exists() for old in made[:3])


def test_every_backup_rotates_to_the_default_number_kept(tmp_path: Path) -> None:
    path = make_database(tmp_path / "relance.sqlite3")
    for _ in range(KEEP + 3):
        backup_database(path)
    assert len(list_backups(path)) == KEEP


def test_rotation_leaves_other_databases_backups_alone(tmp_path: Path) -> None:
    main = make_database(tmp_path / "relance.sqlite3")
    other = make_database(tmp_path / "relance-old.sqlite3")
    kept = backup_database(other)
    dated_backups(main, 3)
    rotate(main, keep=1)
    assert list_backups(other) == [kept]
    assert len(list_backups(main)) == 1
    assert kept not in list_backups(main)


def test_copy_database_restores_the_content_of_a_backup(tmp_path: Path) -> None:
    path = make_database(tmp_path / "relance.sqlite3", "411A")
    backup = backup_database(path)
    database = open_database(path, backup=False)
    with database.session_factory.begin() as session:
        ledger.create_customer(session, CLOCK, ref="411B", name="Added after the backup")
    database.dispose()
    assert customer_refs(path) == ["411A", "411B"]
    copy_database(backup, path)
    assert customer_refs(path) == ["411A"]


def test_copy_database_never_writes_to_its_source(tmp_path: Path) -> None:
    path = make_database(tmp_path / "relance.sqlite3", "411A")
    backup = backup_database(path)
    before = backup.read_bytes()
    copy_database(backup, tmp_path / "restored.sqlite3")
    assert backup.read_bytes() == before
    assert customer_refs(tmp_path / "restored.sqlite3") == ["411A"]


def test_rotation_follows_the_names_even_when_file_times_were_lost(tmp_path: Path) -> None:
    path = make_database(tmp_path / "relance.sqlite3", "411A")
    made = dated_backups(path, 3)
    for backup in made:  # as after copying the folder without keeping times: newest looks oldest
        os.utime(backup, (START.timestamp() - 3600 * made.index(backup),) * 2)
    assert list_backups(path) == list(reversed(made))
    rotate(path, keep=2)
    assert list_backups(path) == [made[2], made[1]]
