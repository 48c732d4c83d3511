"""Books in the window: the demo in its own file that never sends, new / open / recent books,
an empty book's three ways in, and the demo taken out of a book that received it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import delete, func, select

from app import i18n
from app.db.lock import DatabaseLock
from app.db.migrate import Database, open_database
from app.db.models import Customer, Invoice, OutboxMessage, Setting
from app.domain.calendar import Clock
from app.mail.config import SmtpSettings
from app.paths import demo_db_path
from app.services import ledger, outbox, outbox_send
from app.services.demo import fill_demo
from app.services.demo_book import demo_customer_ids, is_demo_book, remove_demo
from app.services.settings import load_company
from app.services.smtp_settings import save_smtp
from app.ui import recent_books
from app.ui.application import Controller
from app.ui.dialogs.ledger_dialogs import CustomerDialog
from app.ui.main_window import MainWindow
from tests.ui.conftest import Inbox


@pytest.fixture
def controller(db: Database) -> Iterator[Controller]:
    """The window's controller on the user's own (empty) book, released at the end."""
    i18n.set_language("en")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    lock = DatabaseLock(db.path)
    assert lock.acquire()
    controller = Controller(app, db, lock)
    controller.open_window()
    yield controller
    if controller.window is not None:
        controller.window.close()
        controller.window.deleteLater()
    if controller.context.database is not db:
        controller.close()  # the book it moved to; the fixture's own one is disposed by `db`
    else:
        controller.server.close()
        lock.release()


def open_demo(qtbot: QtBot, controller: Controller) -> MainWindow:
    assert controller.open_demo()
    window = controller.window
    assert window is not None
    qtbot.waitUntil(lambda: window.customers.model.rowCount() >= 150, timeout=120000)
    return window


def test_the_demo_opens_in_its_own_file_labelled_and_the_users_book_stays_empty(
    qtbot: QtBot, controller: Controller, db: Database
) -> None:
    window = open_demo(qtbot, controller)
    assert controller.context.database.path == demo_db_path()
    assert window.windowTitle() == "Relance — Demo book"
    assert window.demo_banner.isVisible()
    users_book = open_database(db.path, backup=False)  # the window closed the one it had
    with users_book.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == 0
    users_book.dispose()
    with controller.context.database.session_factory() as session:
        assert is_demo_book(session)
        emails = [email for _name, email in outbox_contacts(session)]
    assert emails and all(email.endswith(".example") for email in emails)
    assert recent_books.listed()[:2] == [demo_db_path(), db.path.resolve()]


def outbox_contacts(session: Any) -> list[tuple[str, str]]:
    from app.db.models import Contact

    return [
        (name, email)
        for name, email in session.execute(select(Contact.name, Contact.email))
        if email is not None
    ]


def test_the_outbox_refuses_to_send_from_the_demo_book(
    qtbot: QtBot, controller: Controller, smtp: tuple[int, Inbox]
) -> None:
    port, inbox = smtp
    window = open_demo(qtbot, controller)
    context = controller.context
    with context.database.session_factory.begin() as session:
        save_smtp(
            session,
            SmtpSettings(host="127.0.0.1", port=port, security="none", sender="a@b.example"),
        )
        customer_id = session.scalars(select(Customer.id).limit(1)).one()
        message_id = outbox.queue_email(
            session,
            context.clock,
            customer_id=customer_id,
            to_address="someone@real-company.fr",  # even a real-looking address: never sent
            to_name="Compta",
            subject="Relance",
            body="Bonjour",
        ).id
    report = outbox_send.send_pending(context.database, context.clock, outbox_send.smtp_transport)
    assert report.sent == 0 and "demo book" in report.last_error
    assert inbox.received == []
    with context.database.session_factory() as session:
        assert session.get_one(OutboxMessage, message_id).status == "queued"
    window.outbox.reload()  # an earlier reload may still be on its way: wait for the words
    qtbot.waitUntil(
        lambda: "demo book: emails are never sent" in window.mail_waiting.text(), timeout=20000
    )


def test_a_new_book_is_made_opened_and_set_up_and_recent_books_switch_back(
    qtbot: QtBot, controller: Controller, db: Database, tmp_path: Path
) -> None:
    from app.ui.first_run import FirstRunWizard

    window = open_demo(qtbot, controller)
    target = tmp_path / "mon-entreprise"
    assert window.books.new_book(str(target)) == target.with_suffix(".sqlite3")
    assert controller.context.database.path == target.with_suffix(".sqlite3")
    assert not controller.context.demo
    new_window = controller.window
    assert new_window is not None and not new_window.demo_banner.isVisible()
    assert new_window.windowTitle() == "Relance — mon-entreprise.sqlite3"
    wizard = QApplication.activeModalWidget()
    assert isinstance(wizard, FirstRunWizard)  # a new book asks for the company first
    wizard.reject()
    new_window.books.recent_menu.aboutToShow.emit()
    labels = [action.text() for action in new_window.books.recent_menu.actions()]
    assert labels[0].startswith("&1 Demo book")
    assert labels[1].startswith(f"&2 {db.path.name}")
    new_window.books.recent_menu.actions()[1].trigger()
    assert controller.context.database.path == db.path


def test_an_existing_file_is_never_taken_for_a_new_book(
    qtbot: QtBot,
    controller: Controller,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    existing = tmp_path / "compta.sqlite3"
    existing.write_bytes(b"precious")
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    window = controller.window
    assert window is not None
    assert window.books.new_book(str(existing)) is None
    assert existing.read_bytes() == b"precious"
    assert told and "already exists" in told[0]


def test_a_book_open_in_another_copy_is_refused_and_the_window_stays(
    qtbot: QtBot,
    controller: Controller,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = tmp_path / "other.sqlite3"
    open_database(other).dispose()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    with DatabaseLock(other) as held:
        assert held.acquire()
        assert not controller.open_book(other)
    assert controller.context.database.path == db.path
    assert told and "already open" in told[0]


def test_an_empty_book_shows_three_ways_in(
    qtbot: QtBot, controller: Controller, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = controller.window
    assert window is not None
    view = window.customers
    qtbot.waitUntil(lambda: view.empty.isVisible(), timeout=5000)
    assert not view.table.isVisible()
    with qtbot.waitSignal(window.demo_requested, timeout=1000):
        view.empty.open_demo[0].click()
    view.empty.new_customer[0].click()
    assert isinstance(view.last_dialog, CustomerDialog)
    view.last_dialog.reject()
    opened: list[bool] = []
    monkeypatch.setattr(window, "open_import_wizard", lambda: opened.append(True))
    view.import_requested.disconnect()
    view.import_requested.connect(window.open_import_wizard)
    view.empty.import_file[0].click()
    assert opened == [True]


def test_the_demo_is_taken_out_of_a_book_that_received_it_and_own_customers_stay(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A book filled by an older Relance: demo customers unmarked, beside the user's own."""
    clock = Clock()
    database = open_database(tmp_path / "mixed.sqlite3")
    with database.session_factory.begin() as session:
        demo = fill_demo(session, clock, customers=20)
        session.execute(delete(Setting).where(Setting.key == "demo"))  # no mark: older book
    with database.session_factory.begin() as session:
        assert not is_demo_book(session)
        assert len(demo_customer_ids(session)) == demo.customers  # found by their .example
        own = ledger.create_customer(session, clock, ref="CLI-1", name="Mon Vrai Client")
        ledger.add_invoice(
            session,
            clock,
            customer_id=own.id,
            number="F-2026-1",
            issue_date=clock.today(),
            due_date=clock.today(),
            amount_cents=12345,
        )
    with database.session_factory.begin() as session:
        removed = remove_demo(session)
    assert removed.customers == demo.customers and removed.invoices == demo.invoices
    with database.session_factory() as session:
        assert list(session.scalars(select(Customer.name))) == ["Mon Vrai Client"]
        assert list(session.scalars(select(Invoice.number))) == ["F-2026-1"]
        assert load_company(session).name == ""  # the demo's company is not left to sign
    database.dispose()
