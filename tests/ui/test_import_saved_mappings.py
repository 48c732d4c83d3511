"""The columns chosen in the wizard for an export are offered again for next month's file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from app.db.models import Setting
from app.services.saved_mappings import SECTION
from app.ui.context import AppContext
from app.ui.dialogs.import_wizard import ImportWizard
from tests.ui.test_import_wizard import (
    button,
    counts,
    invoices,
    start,
    to_check,
    to_import,
    to_mapping,
    write,
)

ABSENT = "— not in the file —"
# Headers Relance only half recognises: it finds the account, "Total" and "Solde"
OCTOBER = (
    "Doc;Compte tiers;Émise le;Payable le;Total;Net à payer;Solde\n"
    "FC-501;411DUP;01/10/2026;31/10/2026;1 000,00;1 200,00;1 200,00\n"
    "FC-502;411MAR;15/10/2026;14/11/2026;400,00;480,50;80,50\n"
)
# Next month, the same export: other rows, its columns in another order
NOVEMBER = (
    "Solde;Net à payer;Doc;Payable le;Total;Émise le;Compte tiers\n"
    "2 345,67;2 345,67;FC-601;02/12/2026;1 954,73;02/11/2026;411PAR\n"
    "0,01;96,01;FC-602;09/12/2026;80,01;09/11/2026;411LEG\n"
)
CHOSEN = {
    "number": "Doc",
    "customer_ref": "Compte tiers",
    "issue_date": "Émise le",
    "due_date": "Payable le",
    "amount": "Net à payer",  # over "Total", which Relance would read
    "open_amount": "Solde",
}


def shown(wizard: ImportWizard) -> dict[str, str]:
    """The combos that read a column of the file."""
    combos = wizard.mapping_page.combos
    return {name: c.currentText() for name, c in combos.items() if c.currentText() != ABSENT}


def choose_columns(wizard: ImportWizard) -> None:
    combos = wizard.mapping_page.combos
    for field, header in CHOSEN.items():
        combos[field].setCurrentIndex(combos[field].findText(header))


def saved_sources(context: AppContext) -> list[object]:
    with context.database.session_factory() as session:
        row = session.get(Setting, SECTION)
        return list(row.value["sources"]) if row is not None else []


def import_october(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    wizard = start(qtbot, context, "invoices", write(tmp_path, "factures-octobre.csv", OCTOBER))
    to_mapping(qtbot, wizard)
    assert wizard.mapping_page.saved_note.isHidden()
    assert shown(wizard) == {
        "customer_ref": "Compte tiers",
        "amount": "Total",
        "open_amount": "Solde",
    }
    choose_columns(wizard)
    to_check(qtbot, wizard)
    to_import(qtbot, wizard)
    assert counts(wizard.import_page)["created"] == "2"
    assert invoices(context)["FC-501"] == (120000, 120000, date(2026, 10, 31))
    button(wizard, QWizard.WizardButton.FinishButton).click()


def test_next_months_file_is_imported_with_the_columns_chosen_last_time(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    import_october(qtbot, context, tmp_path)

    wizard = start(qtbot, context, "invoices", write(tmp_path, "factures-nov.csv", NOVEMBER))
    to_mapping(qtbot, wizard)
    page = wizard.mapping_page
    assert shown(wizard) == CHOSEN
    assert not page.saved_note.isHidden()
    assert page.saved_text.text() == (
        "Columns as you chose them for this export on 22 Nov 2026 (factures-octobre.csv)."
    )
    assert page.saved_switch.text() == "Use the columns Relance recognises"
    assert page.isComplete()
    to_check(qtbot, wizard)
    to_import(qtbot, wizard)
    assert counts(wizard.import_page)["created"] == "2"
    saved = invoices(context)
    assert saved["FC-601"] == (234567, 234567, date(2026, 12, 2))
    assert saved["FC-602"] == (9601, 1, date(2026, 12, 9))
    assert len(saved_sources(context)) == 1


def test_the_columns_relance_recognises_are_one_click_away(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    import_october(qtbot, context, tmp_path)
    wizard = start(qtbot, context, "invoices", write(tmp_path, "factures-nov.csv", NOVEMBER))
    to_mapping(qtbot, wizard)
    page = wizard.mapping_page
    page.saved_switch.click()
    assert shown(wizard) == {
        "customer_ref": "Compte tiers",
        "amount": "Total",
        "open_amount": "Solde",
    }
    assert page.saved_text.text() == "Columns as Relance recognises them."
    assert not page.isComplete()  # no invoice number: the user's choice was needed
    page.saved_switch.click()
    assert shown(wizard) == CHOSEN
    assert page.isComplete()


def test_a_file_with_other_headers_gets_no_saved_columns(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    import_october(qtbot, context, tmp_path)
    other = OCTOBER.replace("Net à payer", "Net à régler")
    wizard = start(qtbot, context, "invoices", write(tmp_path, "autre.csv", other))
    to_mapping(qtbot, wizard)
    assert wizard.mapping_page.saved_note.isHidden()
    assert "number" not in shown(wizard)


def test_a_check_then_cancel_keeps_nothing(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    wizard = start(qtbot, context, "invoices", write(tmp_path, "factures-octobre.csv", OCTOBER))
    to_mapping(qtbot, wizard)
    choose_columns(wizard)
    to_check(qtbot, wizard)
    assert counts(wizard.check_page)["created"] == "2"
    wizard.reject()
    assert not wizard.isVisible()
    assert saved_sources(context) == []

    wizard = start(qtbot, context, "invoices", write(tmp_path, "factures-nov.csv", NOVEMBER))
    to_mapping(qtbot, wizard)
    assert wizard.mapping_page.saved_note.isHidden()
    assert "number" not in shown(wizard)


def test_a_check_with_problems_keeps_nothing(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    unknown = OCTOBER.replace("411MAR", "411NOPE")
    wizard = start(qtbot, context, "invoices", write(tmp_path, "factures-octobre.csv", unknown))
    to_mapping(qtbot, wizard)
    choose_columns(wizard)
    to_check(qtbot, wizard)
    assert not button(wizard, QWizard.WizardButton.CommitButton).isEnabled()
    assert saved_sources(context) == []
