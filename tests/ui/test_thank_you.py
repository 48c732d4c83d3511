"""After a reminded customer pays up, Relance proposes a thank-you; nothing goes unasked."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Customer, HistoryEvent, OutboxMessage
from app.services.dunning import propose
from app.services.dunning_run import run_reminders
from app.ui.context import AppContext
from app.ui.dialogs.thank_you_dialog import ThankYouDialog
from app.ui.main_window import MainWindow


def remind_dupont(context: AppContext) -> int:
    with context.database.session_factory.begin() as session:
        plan = propose(session, context.clock.today())
        chosen = [p for p in plan.proposals if p.proposal.customer.ref == "411DUP"]
        run_reminders(
            session,
            context.clock,
            chosen,
            as_of=context.clock.today(),
            database_dir=Path(context.database.path).parent,
            letters_pdf=None,
        )
        return session.scalars(select(Customer.id).where(Customer.ref == "411DUP")).one()


def pay_everything(qtbot: QtBot, window: MainWindow, customer_id: int) -> None:
    dialog = window.open_payment_dialog(customer_id, currency="EUR")
    dialog.amount.setText("1500,00")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()


def test_paying_after_a_reminder_proposes_a_thank_you_email(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    customer_id = remind_dupont(context)
    pay_everything(qtbot, window, customer_id)
    dialog = window.findChild(ThankYouDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.subject.text() == "Merci pour votre règlement — réf. client 411DUP"
    assert (
        "1\u202f500,00\u00a0€" in dialog.text.toPlainText() or "500,00" in dialog.text.toPlainText()
    )
    with context.database.session_factory() as session:
        assert (
            session.scalars(select(OutboxMessage).where(OutboxMessage.subject.like("Merci%"))).all()
            == []
        )
    dialog.channel.setCurrentIndex(dialog.channel.findData("email"))
    dialog.ok_button.click()
    with context.database.session_factory() as session:
        queued = session.scalars(
            select(OutboxMessage).where(OutboxMessage.subject.like("Merci%"))
        ).one()
        assert queued.to_address == "compta@dupont.fr"


def test_a_thank_you_letter_is_drawn_and_archived(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    customer_id = remind_dupont(context)
    pay_everything(qtbot, window, customer_id)
    dialog = window.findChild(ThankYouDialog)
    assert dialog is not None
    dialog.channel.setCurrentIndex(dialog.channel.findData("letter"))
    dialog.ok_button.click()
    with context.database.session_factory() as session:
        event = session.scalars(
            select(HistoryEvent).where(HistoryEvent.summary.like("Thank-you letter%"))
        ).one()
    pdf_path = Path(context.database.path).parent / str(event.document_path)
    with pdfplumber.open(pdf_path) as pdf:
        text = pdf.pages[0].extract_text() or ""
    assert "Merci pour votre règlement" in text
    assert "IBAN" not in text  # a thank-you asks for nothing


def test_no_thank_you_for_a_customer_never_reminded(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    with context.database.session_factory() as session:
        customer_id = session.scalars(select(Customer.id).where(Customer.ref == "411DUP")).one()
    pay_everything(qtbot, window, customer_id)
    assert window.findChild(ThankYouDialog) is None
