"""Email settings, the Outbox page and the background sender, against a local SMTP server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Customer, OutboxMessage, Setting
from app.mail import keychain
from app.services import outbox
from app.ui.context import AppContext
from app.ui.dialogs.email_settings_dialog import EmailSettingsDialog
from app.ui.mail_scheduler import MailScheduler
from app.ui.main_window import MainWindow


class Inbox:
    def __init__(self) -> None:
        self.received: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


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
