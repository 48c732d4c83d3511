"""The record-payment dialog: typed amounts, automatic and chosen allocation, clear refusals."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Allocation, Invoice, Payment
from app.services.ledger import unallocated_credit
from app.ui.context import AppContext
from app.ui.dialogs.payment_dialog import ALLOCATE, CHECK, PaymentDialog
from app.ui.main_window import MainWindow


def customer_id(context: AppContext, ref: str) -> int:
    from app.db.models import Customer

    with context.database.session_factory() as session:
        return session.scalars(select(Customer.id).where(Customer.ref == ref)).one()


def open_cents(context: AppContext) -> dict[str, int]:
    with context.database.session_factory() as session:
        return {
            number: cents
            for number, cents in session.execute(select(Invoice.number, Invoice.open_cents))
        }


def ok(dialog: PaymentDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_payment_typed_with_a_comma_goes_to_the_oldest_invoice_first(
    qtbot: QtBot, context: AppContext
) -> None:
    dialog = PaymentDialog(context, customer_id(context, "411DUP"))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.amount, "1300,50")
    assert dialog.summary.text() == "Allocated: €1,300.50"
    assert dialog.table.item(0, ALLOCATE).text() == "€1,200.00"
    assert dialog.table.item(1, ALLOCATE).text() == "€100.50"
    qtbot.keyClicks(dialog.reference, "VIR SEPA 4411")
    ok(dialog)
    assert dialog.result() == PaymentDialog.DialogCode.Accepted
    balances = open_cents(context)
    assert balances["FA-1"] == 0
    assert balances["FA-2"] == 30000 - 10050
    with context.database.session_factory() as session:
        payment = session.scalars(select(Payment)).one()
        assert (payment.amount_cents, payment.reference) == (130050, "VIR SEPA 4411")
    assert "FA-1" in dialog.result_text and "settled" in dialog.result_text


def test_overpayment_is_kept_as_credit(qtbot: QtBot, context: AppContext) -> None:
    dialog = PaymentDialog(context, customer_id(context, "411MAR"))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.amount, "600")
    assert "kept as the customer's credit: €100.00" in dialog.summary.text()
    ok(dialog)
    assert open_cents(context)["FA-3"] == 0
    assert unallocated_credit_for(context, "411MAR") == {"EUR": 10000}


def unallocated_credit_for(context: AppContext, ref: str) -> dict[str, int]:
    with context.database.session_factory() as session:
        return unallocated_credit(session, customer_id(context, ref))


def test_chosen_invoice_with_typed_share(qtbot: QtBot, context: AppContext) -> None:
    dialog = PaymentDialog(context, customer_id(context, "411DUP"))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.amount, "250.00")
    dialog.chosen.setChecked(True)
    dialog.table.item(1, CHECK).setCheckState(Qt.CheckState.Checked)  # FA-2 only
    assert dialog.table.item(1, ALLOCATE).text() == "€250.00"
    dialog.table.item(1, ALLOCATE).setText("200")
    assert "kept as the customer's credit: €50.00" in dialog.summary.text()
    ok(dialog)
    balances = open_cents(context)
    assert balances == {"FA-1": 120000, "FA-2": 10000, "FA-3": 50000, "FA-4": 990000}
    with context.database.session_factory() as session:
        shares = session.execute(select(Allocation.amount_cents)).scalars().all()
    assert shares == [20000]


def test_share_larger_than_the_invoice_is_refused_and_nothing_written(
    qtbot: QtBot, context: AppContext
) -> None:
    dialog = PaymentDialog(context, customer_id(context, "411DUP"))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.amount, "1000")
    dialog.chosen.setChecked(True)
    dialog.table.item(1, CHECK).setCheckState(Qt.CheckState.Checked)
    dialog.table.item(1, ALLOCATE).setText("400")
    assert "owes less than the amount allocated" in dialog.summary.text()
    assert not dialog.ok_button.isEnabled()
    ok(dialog)
    with context.database.session_factory() as session:
        assert session.scalars(select(Payment)).all() == []


def test_unreadable_amount_disables_recording(qtbot: QtBot, context: AppContext) -> None:
    dialog = PaymentDialog(context, customer_id(context, "411DUP"))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.amount, "12,3,4x")
    assert not dialog.ok_button.isEnabled()
    assert "Type the amount received" in dialog.summary.text()


def test_payment_from_an_invoice_preselects_it(qtbot: QtBot, window: MainWindow) -> None:
    invoices = window.invoices
    with qtbot.waitSignal(invoices.loaded, timeout=5000):
        window.navigation.show("invoices")
    numbers = [invoices.proxy.index(r, 0).data() for r in range(invoices.proxy.rowCount())]
    invoices.table.selectRow(numbers.index("FA-2"))
    invoices.payment_button.click()
    dialog = window.findChild(PaymentDialog)
    assert dialog is not None
    assert dialog.chosen.isChecked()
    checked = [dialog.table.item(r, CHECK).checkState() == Qt.CheckState.Checked for r in range(2)]
    assert checked == [False, True]
    qtbot.keyClicks(dialog.amount, "300")
    with qtbot.waitSignal(window.customers.loaded, timeout=5000):
        ok(dialog)
    assert "FA-2" in window.statusBar().currentMessage()
    assert "Due: €11,600.00" in window.totals.text()
