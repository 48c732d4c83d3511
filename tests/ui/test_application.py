"""Starting the window: one running copy per database, and a bad file refused with a message."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.db.lock import DatabaseLock
from app.db.migrate import Database
from app.ui import application
from app.ui.application import Controller, ask_running_copy_to_show


def test_second_copy_asks_the_first_to_show_itself(qtbot: QtBot, db: Database) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    lock = DatabaseLock(db.path)
    assert lock.acquire()
    controller = Controller(app, db, lock)
    window = controller.open_window()
    qtbot.addWidget(window)
    window.showMinimized()
    with DatabaseLock(db.path) as second:
        assert not second.acquire()  # a second copy cannot take the database
    assert ask_running_copy_to_show(db.path)
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=3000)
    controller.server.close()
    lock.release()


def test_no_running_copy_means_nobody_answers(tmp_path: Path, qtbot: QtBot) -> None:
    assert not ask_running_copy_to_show(tmp_path / "nobody.sqlite3")


def test_a_damaged_file_is_refused_with_a_message_and_left_untouched(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = tmp_path / "book.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    before = hashlib.sha256(damaged.read_bytes()).hexdigest()
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _parent, _title, text: shown.append(text))
    )
    assert application.run(damaged) == 1
    assert len(shown) == 1 and "damaged or unreadable" in shown[0]
    assert hashlib.sha256(damaged.read_bytes()).hexdigest() == before
    with DatabaseLock(damaged) as again:
        assert again.acquire()  # the lock was given back
