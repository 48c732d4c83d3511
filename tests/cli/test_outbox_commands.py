"""`outbox list|send` on the command line: the JSON contract and a real send."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from app.cli import main
from app.db.migrate import open_database
from app.domain.calendar import Clock
from app.mail.config import SmtpSettings
from app.services import ledger, outbox
from app.services.settings import Preferences, save_preferences
from app.services.smtp_settings import save_smtp


class Inbox:
    def __init__(self) -> None:
        self.received: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(envelope)
        return "250 OK"


@pytest.fixture
def port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def book(db_path: Path, clock: Clock, port: int) -> Path:
    database = open_database(db_path)
    with database.session_factory.begin() as session:
        save_preferences(session, Preferences(language="en"))
        save_smtp(
            session,
            SmtpSettings(host="127.0.0.1", port=port, security="none", sender="r@b.example"),
        )
        customer = ledger.create_customer(session, clock, ref="411DUP", name="Dupont")
        outbox.queue_email(
            session,
            clock,
            customer_id=customer.id,
            to_address="compta@dupont.example",
            to_name="",
            subject="Relance : FA-1",
            body="Bonjour",
        )
    database.dispose()
    return db_path


def test_outbox_list_json_then_send(
    book: Path, port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(book), "outbox", "list", "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row == {
        "id": row["id"],
        "customer_ref": "411DUP",
        "to": "compta@dupont.example",
        "subject": "Relance : FA-1",
        "state": "queued",
        "attempts": 0,
        "last_error": None,
    }
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert main(["--db", str(book), "outbox", "send"]) == 0
        assert (
            capsys.readouterr().out.strip() == "1 sent, 0 refused by the server, 0 waiting, 0 held."
        )
        assert main(["--db", str(book), "outbox", "send"]) == 0
        assert capsys.readouterr().out.startswith("0 sent")  # nothing twice
    finally:
        controller.stop()
    assert len(inbox.received) == 1
    assert main(["--db", str(book), "outbox", "list", "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["state"], row["attempts"]) == ("sent", 1)


def test_smtp_settings_through_config(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(book), "config", "set", "smtp.host", "mail.example.fr"]) == 0
    assert main(["--db", str(book), "config", "set", "smtp.security", "ssl"]) == 0
    capsys.readouterr()
    assert main(["--db", str(book), "config", "get", "smtp.host"]) == 0
    assert capsys.readouterr().out.strip() == "mail.example.fr"
    assert main(["--db", str(book), "config", "set", "smtp.sender", "not an address"]) == 1
    assert "is not an email address" in capsys.readouterr().err
