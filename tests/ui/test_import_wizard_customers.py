"""The import wizard with an invoices file naming new customers, and the step after an import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Customer
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from tests.ui.test_import_wizard import (
    button,
    counts,
    problems,
    start,
    to_check,
    to_import,
    to_mapping,
    write,
)

INVOICES_WITH_NAMES = (
    "N° facture;Code client;Nom du client;Code postal;Ville;Date facture;Montant TTC\n"
    "FN-1;411NEW;Nouvelle SARL;69003;Lyon;02/11/2026;1 200,00\n"
    "FN-2;411NEW;;;;05/11/2026;100,00\n"
    "FN-3;411BEL;Brasserie Liégeoise;4000;Liège;06/11/2026;50,00\n"
    "FN-4;411DUP;Dupont renamed;;;06/11/2026;80,00\n"
)


def customer_refs(context: AppContext) -> set[str]:
    with context.database.session_factory() as session:
        return set(session.scalars(select(Customer.ref)))


def test_the_check_says_how_many_customers_the_import_will_create(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    path = write(tmp_path, "factures.csv", INVOICES_WITH_NAMES)
    wizard = start(qtbot, context, "invoices", path)
    to_mapping(qtbot, wizard)
    assert wizard.mapping_page.combos["customer_name"].currentText() == "Nom du client"

    to_check(qtbot, wizard)

    check = wizard.check_page
    assert counts(check)["customers_created"] == "2"
    assert counts(check)["created"] == "4"
    assert not check.counts._boxes["customers_created"].isHidden()
    assert check.status.text().startswith("2 customers will be created from the names in the file.")
    assert "411NEW" not in customer_refs(context)  # a dry run

    to_import(qtbot, wizard)
    assert counts(wizard.import_page)["customers_created"] == "2"
    assert {"411NEW", "411BEL"} <= customer_refs(context)


def test_an_unknown_customer_without_a_name_is_shown_by_line_and_column(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    text = INVOICES_WITH_NAMES + "FN-5;411ANON;;;;06/11/2026;10,00\n"
    wizard = start(qtbot, context, "invoices", write(tmp_path, "factures.csv", text))
    to_mapping(qtbot, wizard)
    to_check(qtbot, wizard)

    [(line, column, reason)] = problems(wizard)
    assert (line, column) == ("6", "Nom du client")
    assert "411ANON" in reason and "name" in reason
    assert not button(wizard, QWizard.WizardButton.CommitButton).isEnabled()


def test_without_new_customers_the_check_does_not_mention_them(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    text = "N° facture;Code client;Date facture;Montant TTC\nFN-1;411DUP;02/11/2026;10,00\n"
    wizard = start(qtbot, context, "invoices", write(tmp_path, "factures.csv", text))
    to_mapping(qtbot, wizard)
    to_check(qtbot, wizard)

    assert wizard.check_page.counts._boxes["customers_created"].isHidden()
    assert "customer" not in wizard.check_page.status.text()


def test_after_invoices_the_wizard_offers_payments_and_starts_again_on_them(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    wizard = start(qtbot, context, "invoices", write(tmp_path, "f.csv", INVOICES_WITH_NAMES))
    to_mapping(qtbot, wizard)
    to_check(qtbot, wizard)
    to_import(qtbot, wizard)
    steps = wizard.import_page.next_steps
    assert not steps.isHidden()
    assert list(steps.buttons) == ["payments", "reminders"]
    assert steps.buttons["payments"].text() == "Import payments"

    with qtbot.waitSignal(wizard.next_step) as chosen:
        steps.buttons["payments"].click()

    assert chosen.args == ["payments"]
    assert wizard.currentPage() is wizard.source_page
    assert wizard.source_page.kinds["payments"].isChecked()
    assert wizard.source_page.path.text() == ""
    assert wizard.isVisible()
    assert button(wizard, QWizard.WizardButton.NextButton).isVisible()
    assert button(wizard, QWizard.WizardButton.CancelButton).isVisible()


def test_go_to_reminders_asks_for_them_and_closes_the_wizard(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    wizard = start(qtbot, context, "invoices", write(tmp_path, "f.csv", INVOICES_WITH_NAMES))
    to_mapping(qtbot, wizard)
    to_check(qtbot, wizard)
    to_import(qtbot, wizard)

    with qtbot.waitSignal(wizard.next_step) as chosen:
        wizard.import_page.next_steps.buttons["reminders"].click()

    assert chosen.args == ["reminders"]
    assert not wizard.isVisible()
    assert wizard.result() == QWizard.DialogCode.Accepted


def test_the_window_goes_to_reminders_when_the_wizard_says_so(
    qtbot: QtBot, window: MainWindow
) -> None:
    wizard = window.open_import_wizard()
    qtbot.addWidget(wizard)
    wizard.next_step.emit("reminders")
    assert window.navigation.current_key() == "reminders"
