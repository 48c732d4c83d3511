"""Email settings, the Outbox page and the background sender, against a local SMTP server."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Customer, OutboxMessage, Setting
from app.mail import keychain
from app.services import outbox
from app.ui.context import AppContext
from app.ui.dialogs.email_settings_dialog import EmailSettingsDialog
from app.ui.mail_scheduler import MailScheduler
from app.ui.main_window import MainWindow
from app.ui.models.row_table import ROW_ROLE
from tests.ui.conftest import Inbox


def configure(qtbot: QtBot, context: AppContext, port: int, *, user: str = "") -> None:
    dialog = EmailSettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.host.setText("127.0.0.1")
    dialog.security.setCurrentIndex(dialog.security.findData("none"))
    dialog.port.setValue(port)
    dialog.user.setText(user)
    dialog.password.setText("pw-only-in-the-keychain" if user else "")
    dialog.sender_address.setText("relances@bureautique.example")
    dialog.sender_name.setText("Bureautique Lyonnaise")
    dialog.save()
    assert dialog.result() == EmailSettingsDialog.DialogCode.Accepted, dialog.outcome.text()


def queue(context: AppContext) -> int:
    with context.database.session_factory.begin() as session:
        customer = session.scalars(select(Customer).where(Customer.ref == "411DUP")).one()
        return outbox.queue_email(
            session,
            context.clock,
            customer_id=customer.id,
            to_address="compta@dupont.fr",
            to_name="Compta",
            subject="Relance",
            body="Bonjour",
        ).id


def test_settings_test_the_connection_and_keep_the_password_in_the_keychain(
    qtbot: QtBot, context: AppContext, smtp: tuple[int, Inbox]
) -> None:
    port, _inbox = smtp
    configure(qtbot, context, port, user="relances@bureautique.example")
    assert keychain.get_password("127.0.0.1", "relances@bureautique.example") == (
        "pw-only-in-the-keychain"
    )
    with context.database.session_factory() as session:
        stored = session.get_one(Setting, "smtp").value
    assert "pw-only-in-the-keychain" not in str(stored)
    dialog = EmailSettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.user.setText("")
    dialog.test()
    qtbot.waitUntil(lambda: dialog.outcome.text().startswith("Connected"), timeout=10000)


def test_outbox_page_sends_now_and_shows_the_state(
    qtbot: QtBot, window: MainWindow, context: AppContext, smtp: tuple[int, Inbox]
) -> None:
    port, inbox = smtp
    configure(qtbot, context, port)
    message_id = queue(context)
    with qtbot.waitSignal(window.outbox.loaded, timeout=5000):
        window.navigation.show("outbox")
    assert window.mail_waiting.text() == "1 email waiting"
    assert window.outbox.model.index(0, 3).data() == "Waiting"
    with qtbot.waitSignal(window.outbox.loaded, timeout=10000):
        window.outbox.send_now()
    assert window.outbox.model.index(0, 3).data() == "Sent"
    assert len(inbox.received) == 1
    with context.database.session_factory() as session:
        assert session.get_one(OutboxMessage, message_id).status == "sent"


def test_the_background_sender_delivers_what_is_due(
    qtbot: QtBot, context: AppContext, smtp: tuple[int, Inbox]
) -> None:
    port, inbox = smtp
    configure(qtbot, context, port)
    queue(context)
    scheduler = MailScheduler(context)
    with qtbot.waitSignal(scheduler.sent, timeout=10000):
        scheduler.run_once()
    assert len(inbox.received) == 1
    scheduler.run_once()
    assert len(inbox.received) == 1  # never twice


def test_choosing_a_provider_fills_the_server_and_says_how_to_log_in(
    qtbot: QtBot, context: AppContext
) -> None:
    dialog = EmailSettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.sender_address.setText("claire@gmail.com")
    dialog.provider.setCurrentIndex(dialog.provider.findData("gmail"))
    dialog.provider.activated.emit(dialog.provider.currentIndex())
    assert (dialog.host.text(), dialog.port.value()) == ("smtp.gmail.com", 587)
    assert dialog.security.currentData() == "starttls"
    assert dialog.user.text() == "claire@gmail.com"
    assert "application password" in dialog.provider_hint.text()
    dialog.host.setText("ssl0.ovh.net")
    dialog.host.textEdited.emit("ssl0.ovh.net")
    assert dialog.provider.currentData() == "ovh"


def test_the_first_run_assistant_tests_the_connection_too(
    qtbot: QtBot, context: AppContext, smtp: tuple[int, Inbox]
) -> None:
    from app.ui.first_run import EmailPage

    port, _inbox = smtp
    page = EmailPage()
    qtbot.addWidget(page)
    page.test()
    assert page.outcome.text() == "Type the server first, or choose your provider."
    page.host.setText("127.0.0.1")
    page.security.setCurrentIndex(page.security.findData("none"))
    page.port.setText(str(port))
    page.sender_address.setText("relances@bureautique.example")
    page.test()
    qtbot.waitUntil(lambda: page.outcome.text().startswith("Connected"), timeout=10000)
    page.port.setText(str(port + 1 if port < 65535 else port - 1))
    page.test()
    qtbot.waitUntil(lambda: "cannot be reached" in page.outcome.text(), timeout=10000)
    assert "Error" not in page.outcome.text()


def test_the_status_bar_says_why_waiting_emails_cannot_go(
    qtbot: QtBot, window: MainWindow, context: AppContext, smtp: tuple[int, Inbox]
) -> None:
    queue(context)
    window.outbox.reload()
    qtbot.waitUntil(lambda: "set up email" in window.mail_waiting.text(), timeout=5000)
    assert "1 email waiting" in window.mail_waiting.text()
    port, _inbox = smtp
    configure(qtbot, context, port)
    window.outbox.reload()
    qtbot.waitUntil(lambda: window.mail_waiting.text() == "1 email waiting", timeout=5000)


def test_a_message_opens_on_double_click_with_its_headers_text_and_attachment(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    from pathlib import Path

    folder = Path(context.database.path).parent
    (folder / "documents").mkdir(exist_ok=True)
    (folder / "documents" / "lettre.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    with context.database.session_factory.begin() as session:
        customer = session.scalars(select(Customer).where(Customer.ref == "411DUP")).one()
        outbox.queue_email(
            session,
            context.clock,
            customer_id=customer.id,
            to_address="compta@dupont.fr",
            to_name="Compta Dupont",
            subject="Relance : facture FA-1",
            body="Madame, Monsieur,\n\nSauf erreur de notre part…",
            attachment_path="documents/lettre.pdf",
        )
    with qtbot.waitSignal(window.outbox.loaded, timeout=5000):
        window.navigation.show("outbox")
    row = window.outbox.proxy.index(0, 0).data(ROW_ROLE)
    dialog = window.outbox.open_message(row)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Relance : facture FA-1"
    assert "Sauf erreur de notre part" in dialog.body.toPlainText()
    assert [b.text() for b in dialog.attachments] == ["Open lettre.pdf"]
    assert dialog.attachments[0].isEnabled()


def test_a_reload_that_ends_after_a_newer_one_does_not_show_its_older_count(
    qtbot: QtBot,
    window: MainWindow,
    context: AppContext,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first_asked, release = threading.Event(), threading.Event()
    counted = outbox.waiting_count
    calls: list[int] = []

    def slow_then_fast(session: Any) -> int:
        calls.append(1)
        if len(calls) == 1:  # the first reload reads before the email is queued, and lingers
            first_asked.set()
            release.wait(10)
            return 0
        return counted(session)

    with qtbot.waitSignal(window.outbox.loaded, timeout=5000):
        window.navigation.show("outbox")
    monkeypatch.setattr(outbox, "waiting_count", slow_then_fast)
    window.outbox.reload()
    assert first_asked.wait(5)
    queue(context)
    with qtbot.waitSignal(window.outbox.loaded, timeout=5000):
        window.outbox.reload()
    assert "1 email waiting" in window.mail_waiting.text()
    release.set()
    with qtbot.assertNotEmitted(window.outbox.loaded, wait=500):
        pass
    assert "1 email waiting" in window.mail_waiting.text()
    assert window.outbox.model.rowCount() == 1
