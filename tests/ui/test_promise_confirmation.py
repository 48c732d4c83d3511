"""A promise recorded in the customer file is offered a written confirmation: nothing is sent
until the user says so; the email is queued (or the letter archived) with the promise's amount,
date and reference, and the history keeps it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pdfplumber
from epc_reading import drawn_qr_cells, epc_cells
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Contact, Customer, HistoryEvent, OutboxMessage, Promise
from app.domain.events import EventKind
from app.services.letters import sender_of
from app.services.settings import load_company
from app.ui.context import AppContext
from app.ui.customer.customer_view import CustomerView
from app.ui.dialogs.casework.promise_confirmation_dialog import PromiseConfirmationDialog
from app.ui.dialogs.casework.promise_dialog import PromiseDialog
from app.ui.main_window import MainWindow

PROMISED_ON = date(2026, 11, 29)  # the dialog's default: a week after the test's today


def promise_of_300(window: MainWindow, context: AppContext) -> PromiseConfirmationDialog:
    with context.database.session_factory() as session:
        customer_id = session.scalars(select(Customer.id).where(Customer.ref == "411DUP")).one()
    view = window.open_customer(customer_id)
    assert isinstance(view, CustomerView)
    view.promise_button.click()
    promise = view.casework.last_dialog
    assert isinstance(promise, PromiseDialog)
    promise.amount.setText("300,00")
    promise.ok_button.click()
    offered = view.casework.last_dialog
    assert isinstance(offered, PromiseConfirmationDialog) and offered.isVisible()
    return offered


def confirmations(context: AppContext) -> list[HistoryEvent]:
    with context.database.session_factory() as session:
        events = session.scalars(select(HistoryEvent)).all()
        return [e for e in events if e.payload.get("template") == "promise_confirmation"]


def test_a_recorded_promise_offers_its_confirmation_and_sends_nothing_unasked(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    offered = promise_of_300(window, context)
    text = offered.text.toPlainText().replace("\u202f", " ").replace("\u00a0", " ")
    assert "300,00 € au plus tard le 29 novembre 2026" in text
    assert offered.subject.text().startswith("Confirmation de votre engagement de paiement")
    assert offered.channel.currentData() == "letter"  # what a contact prefers unless told
    offered.reject()
    assert confirmations(context) == []
    with context.database.session_factory() as session:
        assert session.scalars(select(OutboxMessage)).all() == []
        assert session.scalars(select(Promise)).one().amount_cents == 30000


def test_the_confirmation_email_is_queued_with_the_promise_and_kept_in_the_history(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    offered = promise_of_300(window, context)
    offered.channel.setCurrentIndex(offered.channel.findData("email"))
    offered.ok_button.click()
    assert not offered.isVisible()
    with context.database.session_factory() as session:
        promise = session.scalars(select(Promise)).one()
        message = session.scalars(select(OutboxMessage)).one()
    assert message.to_address == "compta@dupont.fr"
    body = message.body.replace("\u202f", " ").replace("\u00a0", " ")
    assert "300,00 €" in body and "29 novembre 2026" in body
    assert f"411DUP-PROM{promise.id}" in body and "FR76 3000 6000 0112 3456 7890 189" in body
    [event] = confirmations(context)
    assert event.kind == EventKind.EMAIL_QUEUED.value
    assert event.payload["promise_id"] == promise.id
    assert (event.payload["amount_cents"], event.payload["promised_on"]) == (
        30000,
        PROMISED_ON.isoformat(),
    )


def test_the_confirmation_letter_is_archived_with_a_qr_code_for_the_amount_promised(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    offered = promise_of_300(window, context)
    offered.channel.setCurrentIndex(offered.channel.findData("letter"))
    offered.ok_button.click()
    assert not offered.isVisible()
    [event] = confirmations(context)
    assert event.kind == EventKind.LETTER_SENT.value and event.document_path
    document = Path(context.database.path).parent / event.document_path
    with pdfplumber.open(document) as pdf:
        text = " ".join((p.extract_text() or "") for p in pdf.pages)
    text = " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())
    assert "300,00 € au plus tard le 29 novembre 2026" in text
    with context.database.session_factory() as session:
        promise_id = session.scalars(select(Promise.id)).one()
        sender = sender_of(load_company(session))
    assert drawn_qr_cells(document) == epc_cells(
        sender, Decimal("300.00"), f"411DUP-PROM{promise_id}"
    )
    with context.database.session_factory() as session:
        assert session.scalars(select(OutboxMessage)).all() == []


def test_an_emptied_text_is_refused_and_nothing_is_written(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    offered = promise_of_300(window, context)
    offered.text.setPlainText("  ")
    offered.ok_button.click()
    assert offered.isVisible() and offered.problem.text()
    assert confirmations(context) == []


def test_a_contact_who_prefers_email_is_offered_an_email(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    with context.database.session_factory.begin() as session:
        contact = session.scalars(select(Contact).where(Contact.email == "compta@dupont.fr")).one()
        contact.preferred_channel = "email"
    offered = promise_of_300(window, context)
    assert offered.channel.currentData() == "email"
