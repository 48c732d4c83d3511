"""Settings: the company profile is validated field by field; the language switches the window."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from app import i18n
from app.db.lock import DatabaseLock
from app.services.settings import load_company, load_preferences
from app.ui.application import Controller
from app.ui.context import AppContext
from app.ui.dialogs.settings_dialog import SettingsDialog


def save(dialog: SettingsDialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()


def test_invalid_identifiers_are_reported_and_nothing_saved(
    qtbot: QtBot, context: AppContext
) -> None:
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.fields["name"].setText("Bureautique Rhône SAS")
    dialog.fields["siret"].setText("73282932000075")
    dialog.fields["iban"].setText("FR1420041010050500013M02607")
    save(dialog)
    assert dialog.result() != SettingsDialog.DialogCode.Accepted
    assert not dialog.errors["siret"].isHidden()
    assert not dialog.errors["iban"].isHidden()
    assert dialog.errors["vat_number"].isHidden()
    with context.database.session_factory() as session:
        assert load_company(session).name == "Bureautique Lyonnaise"  # as it was


def test_valid_profile_is_saved_in_canonical_form(qtbot: QtBot, context: AppContext) -> None:
    dialog = SettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.fields["name"].setText("Bureautique Rhône SAS")
    dialog.fields["siret"].setText("732 829 320 00074")
    dialog.fields["vat_number"].setText("FR 40 303 265 045")
    dialog.fields["iban"].setText("FR14 2004 1010 0505 0001 3M02 606")
    dialog.fields["signatory_name"].setText("Claire Moreau")
    save(dialog)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    with context.database.session_factory() as session:
        company = load_company(session)
    assert company.siret == "73282932000074"
    assert company.vat_number == "FR40303265045"
    assert company.iban == "FR1420041010050500013M02606"
    assert company.signatory_name == "Claire Moreau"


def test_choosing_french_rebuilds_the_window_in_french(qtbot: QtBot, context: AppContext) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    lock = DatabaseLock(context.database.path)
    controller = Controller(app, context.database, lock)
    window = controller.open_window()
    qtbot.addWidget(window)
    assert window.navigation.list.item(0).text() == "Customers"
    dialog = window.open_settings()
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    save(dialog)
    new_window = controller.window
    assert new_window is not None and new_window is not window
    qtbot.addWidget(new_window)
    assert new_window.navigation.list.item(0).text() == "Clients"
    assert new_window.customers.search.placeholderText().startswith("Rechercher")
    with context.database.session_factory() as session:
        assert load_preferences(session).language == "fr"
    assert i18n.current_language() == "fr"
    controller.server.close()
