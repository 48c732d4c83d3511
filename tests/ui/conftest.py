"""A small known book and a main window over it."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from aiosmtpd.controller import Controller as SmtpController
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from app.db.migrate import Database
from app.db.models import Contact
from app.domain.calendar import Clock
from app.services import ledger
from app.ui.background import wait_for_background
from app.ui.context import AppContext
from app.ui.main_window import MainWindow

CUSTOMERS = [
    # ref, name, city, email, invoices: (number, issue, due, cents)
    (
        "411DUP",
        "Dupont et Fils SARL",
        "Lyon",
        "compta@dupont.fr",
        [
            ("FA-1", date(2026, 7, 1), date(2026, 7, 31), 120000),
            ("FA-2", date(2026, 10, 1), date(2026, 10, 31), 30000),
        ],
    ),
    (
        "411MAR",
        "Martin Bâtiment SAS",
        "Villeurbanne",
        "achats@martin-batiment.fr",
        [("FA-3", date(2026, 11, 10), date(2026, 12, 10), 50000)],
    ),
    (
        "411LEG",
        "Legrand Transports",
        "Grenoble",
        "finance@legrand.example",
        [("FA-4", date(2026, 5, 2), date(2026, 6, 1), 990000)],
    ),
    ("411PAR", "Boulangerie du Parc", "Lyon CEDEX 03", "", []),
]


@pytest.fixture
def book(db: Database, clock: Clock, sign_letters: Callable[[Session], object]) -> Database:
    with db.session_factory.begin() as session:
        sign_letters(session)
        for ref, name, city, email, invoices in CUSTOMERS:
            customer = ledger.create_customer(session, clock, ref=ref, name=name, city=city)
            if email:
                session.add(
                    Contact(customer_id=customer.id, name="Compta", email=email, is_primary=True)
                )
            for number, issued, due, cents in invoices:
                ledger.add_invoice(
                    session,
                    clock,
                    customer_id=customer.id,
                    number=number,
                    issue_date=issued,
                    due_date=due,
                    amount_cents=cents,
                )
    return db


@pytest.fixture
def context(qtbot: QtBot, book: Database, clock: Clock) -> Iterator[AppContext]:
    yield AppContext(book, clock, "EUR")
    # The test's windows go before its book does: qtbot would close them only after the book's
    # teardown, and a window closing late can start one more read on a closed book.
    for widget in QApplication.topLevelWidgets():
        widget.close()
    QApplication.processEvents()
    wait_for_background()
    QApplication.processEvents()  # the reads' results, delivered to windows now closed


@pytest.fixture
def window(qtbot: QtBot, context: AppContext) -> Iterator[MainWindow]:
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.customers.loaded, timeout=5000):
        main.reload()
    yield main


class Inbox:
    """What a local SMTP server received."""

    def __init__(self) -> None:
        self.received: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox]]:
    """A real SMTP server on a free local port: its port, and what it received."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    inbox = Inbox()
    server = SmtpController(inbox, hostname="127.0.0.1", port=port)
    server.start()
    yield port, inbox
    server.stop()
