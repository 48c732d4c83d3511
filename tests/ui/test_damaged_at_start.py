"""A damaged database at start: the window names its newest good backup and restores it on
request, keeping the damaged file aside."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.backup import backup_database
from app.db.lock import DatabaseLock
from app.db.migrate import DatabaseError, open_database
from app.db.models import Customer
from app.domain.calendar import Clock
from app.services import ledger
from app.ui.backups import restore_at_start


@pytest.fixture
def damaged(db_path: Path) -> tuple[Path, DatabaseError]:
    database = open_database(db_path, backup=False)
    with database.session_factory.begin() as session:
        for number in range(300):
            ledger.create_customer(
                session, Clock.fixed(date(2026, 11, 22)), ref=f"411{number:03}", name="x" * 200
            )
    database.dispose()
    backup_database(db_path, reason="manual")
    with db_path.open("r+b") as handle:
        handle.seek(db_path.stat().st_size // 2)
        handle.write(os.urandom(16384))
    with pytest.raises(DatabaseError) as refused:
        open_database(db_path)
    return db_path, refused.value


def answer(monkeypatch: pytest.MonkeyPatch, button_text: str | None, shown: list[str]) -> None:
    def exec_(box: QMessageBox) -> int:
        shown.append(box.text())
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)


def test_the_window_restores_the_newest_good_backup_when_asked(
    qtbot: QtBot, damaged: tuple[Path, DatabaseError], monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path, error = damaged
    shown: list[str] = []
    answer(monkeypatch, "Restore this backup", shown)
    with DatabaseLock(db_path) as lock:
        assert lock.acquire()
        database = restore_at_start(error, db_path, lock)
    assert database is not None
    try:
        with database.session_factory() as session:
            assert len(list(session.scalars(select(Customer.id)))) == 300
    finally:
        database.dispose()
    assert error.backup is not None and str(error.backup) in shown[0]
    assert list(db_path.parent.glob(f"{db_path.name}.damaged-*"))


def test_the_window_leaves_the_damaged_file_when_closed(
    qtbot: QtBot, damaged: tuple[Path, DatabaseError], monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path, error = damaged
    before = db_path.read_bytes()
    answer(monkeypatch, None, [])
    with DatabaseLock(db_path) as lock:
        assert lock.acquire()
        assert restore_at_start(error, db_path, lock) is None
    assert db_path.read_bytes() == before
