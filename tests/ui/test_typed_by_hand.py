"""A customer and an invoice typed by hand in the window, then proposed for a reminder."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.services import ledger
from app.ui.context import AppContext
from app.ui.dialogs.ledger_dialogs import CustomerDialog, InvoiceDialog
from app.ui.main_window import MainWindow


def _ok(qtbot: QtBot, dialog: CustomerDialog | InvoiceDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_customer_and_invoice_typed_by_hand_are_then_reminded(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = window.customers
    window.navigation.show("customers")
    qtbot.keyClick(view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = view.last_dialog
    assert isinstance(dialog, CustomerDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.fields["ref"], "411NEW")
    qtbot.keyClicks(dialog.fields["name"], "Nouvelle Imprimerie")
    qtbot.keyClicks(dialog.fields["postcode"], "69002")
    qtbot.keyClicks(dialog.fields["siret"], "732 829 320 00074")
    qtbot.keyClicks(dialog.email, "compta@nouvelle.fr")
    with qtbot.waitSignal(view.loaded, timeout=5000):
        _ok(qtbot, dialog)
    assert view.selected_row() is not None and view.selected_row().name == "Nouvelle Imprimerie"

    view.new_invoice_button.click()
    invoice = view.last_dialog
    assert isinstance(invoice, InvoiceDialog)
    qtbot.keyClicks(invoice.number, "FA-77")
    invoice.issued.set_value(date(2026, 8, 1))
    invoice.due.set_value(date(2026, 9, 1))
    qtbot.keyClicks(invoice.amount, "1 500,00")
    with qtbot.waitSignal(view.loaded, timeout=5000):
        _ok(qtbot, invoice)

    with qtbot.waitSignal(window.reminders.loaded, timeout=10000):
        window.navigation.show("reminders")
    model = window.reminders.model
    names = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert "Nouvelle Imprimerie" in names


def test_bad_siret_is_refused_inline_and_the_dialog_stays_open(
    qtbot: QtBot, context: AppContext
) -> None:
    dialog = CustomerDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.fields["ref"], "411BAD")
    qtbot.keyClicks(dialog.fields["name"], "Mauvais SIRET")
    qtbot.keyClicks(dialog.fields["siret"], "73282932000075")
    _ok(qtbot, dialog)
    problem = dialog.findChild(QLabel, "dialog_problem")
    assert dialog.isVisible() and problem.isVisible()
    assert "SIRET number is not valid" in problem.text()
    assert dialog.fields["siret"].text() == "73282932000075"  # what was typed is kept


def test_deleting_an_invoice_with_a_payment_is_refused_with_the_reason(
    context: AppContext,
) -> None:
    from app.services import ledger_entry

    with context.database.session_factory.begin() as session:
        dupont = ledger.customer_by_ref(session, "411DUP")
        ledger.record_payment(
            session, context.clock, customer_id=dupont.id, received_on=date(2026, 11, 2),
            amount_cents=1000,
        )  # fmt: skip
        fa1 = ledger.invoice_by_number(session, "FA-1").id
    try:
        with context.database.session_factory.begin() as session:
            ledger_entry.delete_invoice(session, context.clock, fa1)
    except ledger.LedgerError as exc:
        assert "has received a payment" in str(exc)
    else:
        raise AssertionError("the invoice was deleted")


def test_the_customer_file_types_corrects_and_deletes_an_invoice(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    from sqlalchemy import select

    from app.db.models import Customer, Invoice

    with context.database.session_factory() as session:
        customer = session.scalars(select(Customer).where(Customer.ref == "411MAR")).one()
        customer_id = customer.id
    window.open_customer(customer_id)
    view = window.customer_view
    dialog = view.invoice_form(None)
    assert isinstance(dialog, InvoiceDialog)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.number, "FA-90")
    dialog.issued.set_value(date(2026, 10, 1))
    dialog.due.set_value(date(2026, 10, 31))
    qtbot.keyClicks(dialog.amount, "250,75")
    _ok(qtbot, dialog)
    invoice = next(i for i in view.file.invoices if i.number == "FA-90")
    assert invoice.amount_cents == 25075
    corrected = view.invoice_form(invoice.id)
    assert isinstance(corrected, InvoiceDialog)
    qtbot.addWidget(corrected)
    assert corrected.amount.text() == "€250.75"  # as the window writes amounts, read back
    _ok(qtbot, corrected)  # unchanged: the amount typed comes back exactly
    assert next(i for i in view.file.invoices if i.number == "FA-90").amount_cents == 25075
    corrected = view.invoice_form(invoice.id)
    assert isinstance(corrected, InvoiceDialog)
    qtbot.addWidget(corrected)
    corrected.amount.setText("260,75")
    _ok(qtbot, corrected)
    assert next(i for i in view.file.invoices if i.number == "FA-90").amount_cents == 26075
    assert view.delete_invoice(invoice.id, "FA-90", confirm=False) == "Invoice FA-90 deleted."
    with context.database.session_factory() as session:
        assert session.scalars(select(Invoice).where(Invoice.number == "FA-90")).first() is None
    assert "FA-90" not in [i.number for i in view.file.invoices]
