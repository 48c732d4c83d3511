"""The IBAN in the customer form and at the top of the customer file: typed freely, read by four."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app import i18n
from app.db.models import Customer
from app.services import ledger
from app.services.customer_file import customer_header
from app.ui.context import AppContext
from app.ui.customer.header import CustomerHeaderPanel
from app.ui.dialogs.ledger_dialogs import CustomerDialog

GOOD = "FR7630006000011234567890189"  # a test account with computed check digits
GROUPED = "FR76 3000 6000 0112 3456 7890 189"


def _new_customer(qtbot: QtBot, context: AppContext, iban: str) -> CustomerDialog:
    dialog = CustomerDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.fields["ref"], "411IBAN")
    qtbot.keyClicks(dialog.fields["name"], "Virements Reguliers")
    qtbot.keyClicks(dialog.fields["iban"], iban)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    return dialog


def _iban_of(context: AppContext, ref: str) -> str | None:
    with context.database.session_factory() as session:
        return ledger.customer_by_ref(session, ref).iban


def test_a_wrong_iban_is_refused_inline_and_what_was_typed_is_kept(
    qtbot: QtBot, context: AppContext
) -> None:
    i18n.set_language("fr")
    dialog = _new_customer(qtbot, context, "FR76 3000 6000 0112 3456 7890 188")
    problem = dialog.findChild(QLabel, "dialog_problem")
    assert dialog.isVisible() and problem.isVisible()
    assert problem.text() == "L’IBAN n’est pas valide (la clé de contrôle ne correspond pas)."
    assert dialog.fields["iban"].text() == "FR76 3000 6000 0112 3456 7890 188"
    with context.database.session_factory() as session:
        assert session.query(Customer).filter_by(ref="411IBAN").count() == 0


def test_a_good_iban_is_saved_compact_then_shown_grouped_in_the_form_and_the_file(
    qtbot: QtBot, context: AppContext
) -> None:
    dialog = _new_customer(qtbot, context, "fr76 3000 6000 0112 3456 7890 189")
    assert not dialog.isVisible()
    assert _iban_of(context, "411IBAN") == GOOD

    details = CustomerDialog(context, dialog.saved_id)
    qtbot.addWidget(details)
    assert details.fields["iban"].text() == GROUPED
    qtbot.mouseClick(details.ok_button, Qt.MouseButton.LeftButton)  # saved as shown: unchanged
    assert _iban_of(context, "411IBAN") == GOOD

    panel = CustomerHeaderPanel()
    qtbot.addWidget(panel)
    assert dialog.saved_id is not None
    with context.database.session_factory() as session:
        panel.show_header(customer_header(session, dialog.saved_id, context.clock.today()))
    assert f"IBAN {GROUPED}" in panel.identity.text()


def test_the_file_of_a_customer_without_iban_says_nothing_of_it(
    qtbot: QtBot, context: AppContext
) -> None:
    panel = CustomerHeaderPanel()
    qtbot.addWidget(panel)
    with context.database.session_factory() as session:
        dupont = ledger.customer_by_ref(session, "411DUP")
        panel.show_header(customer_header(session, dupont.id, context.clock.today()))
    assert "411DUP" in panel.identity.text() and "IBAN" not in panel.identity.text()
