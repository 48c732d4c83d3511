"""Starting the window: one running copy per database, and a bad file refused with a message."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.db.lock import DatabaseLock
from app.db.migrate import Database, open_database
from app.db.models import Customer
from app.paths import demo_db_path
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


def test_first_run_assistant_saves_the_company_and_opens_the_demo_in_its_own_book(
    qtbot: QtBot, db: Database
) -> None:
    from app.services.letter_settings import load_letter_settings
    from app.services.settings import load_company
    from app.ui.first_run import FirstRunWizard

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    lock = DatabaseLock(db.path)
    assert lock.acquire()
    controller = Controller(app, db, lock)
    controller.open_window()
    wizard = controller.offer_demo_if_empty()
    assert isinstance(wizard, FirstRunWizard)
    wizard.language.language.setCurrentIndex(wizard.language.language.findData("en"))
    wizard.next()
    company = wizard.company
    company.fields["name"].setText("Bureautique Lyonnaise")
    company.fields["siret"].setText("123")  # refused: not a SIRET
    wizard.next()
    assert wizard.currentPage() is company
    assert "SIRET" in company.problem.text()
    company.fields["siret"].setText("852 123 454 00013")
    company.fields["iban"].setText("FR76 3000 6000 0112 3456 7890 189")
    company.fields["city"].setText("Lyon")
    wizard.next()
    assert wizard.currentPage() is wizard.letters
    assert not wizard.letters.preview.pixmap().isNull()  # a sample letter, as it will print
    wizard.letters.envelope.setCurrentIndex(wizard.letters.envelope.findData("din_a"))
    wizard.next()
    wizard.next()  # email skipped
    assert wizard.currentPage() is wizard.start
    wizard.start.demo.setChecked(True)
    wizard.accept()
    window = controller.window
    assert window is not None
    qtbot.waitUntil(lambda: window.customers.model.rowCount() >= 150, timeout=120000)
    assert controller.context.database.path == demo_db_path()  # the demo has its own file
    assert controller.context.demo and window.demo_banner.isVisible()
    users_book = open_database(db.path, backup=False)  # the window closed the one it had
    with users_book.session_factory() as session:  # the user's book: set up, and no demo in it
        profile = load_company(session)
        assert (profile.name, profile.siret) == ("Bureautique Lyonnaise", "85212345400013")
        assert load_letter_settings(session).envelope == "din_a"
        assert session.scalar(select(func.count()).select_from(Customer)) == 0
    users_book.dispose()
    assert lock.acquire()  # given back when the window moved to the demo book
    lock.release()
    window.close()
    controller.close()


def test_no_demo_offer_when_the_book_has_customers(qtbot: QtBot, db: Database) -> None:
    from app.domain.calendar import Clock
    from app.services import ledger

    with db.session_factory.begin() as session:
        ledger.create_customer(session, Clock(), ref="411A", name="Alpha")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    controller = Controller(app, db, DatabaseLock(db.path))
    window = controller.open_window()
    qtbot.addWidget(window)
    controller.offer_demo_if_empty()  # returns at once: no dialog to answer
    assert app.activeModalWidget() is None
    controller.server.close()
