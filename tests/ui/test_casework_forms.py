"""Case-work dialogs on their own: each refuses bad input in place and writes only on OK."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.db.casework import CallOutcome
from app.db.models import Contact, Customer, HistoryEvent, Interaction, Promise
from app.ui.context import AppContext
from app.ui.dialogs.casework.call_dialog import CallDialog
from app.ui.dialogs.casework.contact_dialog import ContactDialog
from app.ui.dialogs.casework.hold_dialog import HoldDialog
from app.ui.dialogs.casework.promise_dialog import PromiseDialog


def customer_id(context: AppContext, ref: str) -> int:
    with context.database.session_factory() as session:
        return session.scalars(select(Customer.id).where(Customer.ref == ref)).one()


def events(context: AppContext) -> int:
    with context.database.session_factory() as session:
        return session.scalar(select(func.count()).select_from(HistoryEvent)) or 0


def test_call_dialog_starts_on_the_outcome_with_the_primary_contact(
    qtbot: QtBot, context: AppContext
) -> None:
    dialog = CallDialog(context, customer_id(context, "411DUP"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.outcome_box
    assert dialog.contact.currentText() == "Compta"
    assert dialog.ok_button.text() == "Log the call"
    dialog.outcome_box.setCurrentIndex(dialog.outcome_box.findData(CallOutcome.VOICEMAIL.value))
    dialog.has_next.setChecked(True)
    dialog.ok_button.click()
    assert dialog.result_text == "Call logged: Left a voicemail."
    with context.database.session_factory() as session:
        call = session.scalars(select(Interaction)).one()
        assert call.next_action_on == context.clock.today() + timedelta(days=7)
        assert call.contact_id is not None


def test_promise_dialog_refuses_an_unreadable_amount(qtbot: QtBot, context: AppContext) -> None:
    dialog = PromiseDialog(context, customer_id(context, "411DUP"))
    qtbot.addWidget(dialog)
    before = events(context)
    dialog.ok_button.click()
    assert dialog.problem.text() == "Type the amount promised, like 1234,50."
    dialog.amount.setText("mille")
    dialog.ok_button.click()
    assert dialog.problem.text() == "“mille” is not an amount."
    assert events(context) == before
    dialog.amount.setText("1 000,00")
    dialog.ok_button.click()
    with context.database.session_factory() as session:
        promise = session.scalars(select(Promise)).one()
        assert promise.amount_cents == 100000
        assert promise.promised_on == context.clock.today() + timedelta(days=7)
        assert promise.invoices == []  # the account as a whole


def test_promise_amount_follows_the_ticked_invoices_until_typed(
    qtbot: QtBot, context: AppContext
) -> None:
    dialog = PromiseDialog(context, customer_id(context, "411DUP"))
    qtbot.addWidget(dialog)
    ids = [i.id for i in dialog.invoices.invoices]
    dialog.invoices.set_checked(ids)
    assert dialog.amount.text() == "€1,500.00"
    dialog.amount.textEdited.emit("700")
    dialog.amount.setText("700")
    dialog.invoices.set_checked(ids[:1])
    assert dialog.amount.text() == "700"


def test_hold_needs_a_reason_and_cannot_end_in_the_past(qtbot: QtBot, context: AppContext) -> None:
    dialog = HoldDialog(context, customer_id(context, "411MAR"))
    qtbot.addWidget(dialog)
    dialog.ok_button.click()
    assert dialog.problem.text() == "Say why the customer is put on hold."
    today = context.clock.today()
    assert dialog.until.minimum == today
    dialog.reason.setText("Agreement being negotiated")
    dialog.ok_button.click()
    assert "no reminder until the hold is lifted" in dialog.result_text
    with context.database.session_factory() as session:
        customer = session.scalars(select(Customer).where(Customer.ref == "411MAR")).one()
        assert (customer.on_hold, customer.hold_until) == (True, None)


def test_contact_preferring_email_needs_an_address(qtbot: QtBot, context: AppContext) -> None:
    dialog = ContactDialog(context, customer_id(context, "411PAR"))
    qtbot.addWidget(dialog)
    dialog.name.setText("Mme Roux")
    dialog.channel.setCurrentIndex(dialog.channel.findData("email"))
    dialog.ok_button.click()
    assert dialog.problem.text() == "To prefer email, give an email address."
    dialog.email.setText("roux@boulangerie-du-parc.fr")
    dialog.ok_button.click()
    with context.database.session_factory() as session:
        contact = session.scalars(select(Contact).where(Contact.name == "Mme Roux")).one()
        assert contact.is_primary  # the first contact of a customer is the primary one
        assert contact.preferred_channel == "email"


def test_a_promise_above_what_is_owed_is_refused(qtbot: QtBot, context: AppContext) -> None:
    dialog = PromiseDialog(context, customer_id(context, "411DUP"))
    qtbot.addWidget(dialog)
    dialog.amount.setText("2000")
    dialog.ok_button.click()
    assert dialog.problem.text() == "The promised €2,000.00 is more than the €1,500.00 owed."
    with context.database.session_factory() as session:
        assert session.scalars(select(Promise)).all() == []
