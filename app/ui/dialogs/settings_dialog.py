"""Settings: the company profile printed on letters, the language and the default currency."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import LANGUAGES, _
from app.services.settings import (
    CompanyProfile,
    Preferences,
    SettingsError,
    load_company,
    load_preferences,
    save_company,
    save_preferences,
)
from app.ui.context import AppContext

CURRENCIES = ("EUR", "GBP", "CHF", "USD")


def _company_labels() -> dict[str, str]:
    return {
        "name": _("Company name"),
        "address_line1": _("Address"),
        "address_line2": _("Address (line 2)"),
        "postcode": _("Postcode"),
        "city": _("City"),
        "country": _("Country (ISO code)"),
        "legal_form": _("Legal form (SAS, SARL…)"),
        "share_capital": _("Share capital"),
        "rcs": _("Trade register (RCS)"),
        "siret": _("SIRET"),
        "vat_number": _("VAT number"),
        "iban": _("IBAN"),
        "bic": _("BIC"),
        "email": _("Email"),
        "phone": _("Phone"),
        "signatory_name": _("Signatory"),
        "signatory_title": _("Signatory's title"),
    }


class SettingsDialog(QDialog):
    def __init__(self, context: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle(_("Settings"))
        self._context = context
        with context.database.session_factory() as session:
            company = load_company(session)
            self._preferences = load_preferences(session)
        self.saved_preferences: Preferences | None = None

        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        company_page = QWidget(self)
        form = QFormLayout(company_page)
        for name, label in _company_labels().items():
            edit = QLineEdit(getattr(company, name), company_page)
            edit.setObjectName(f"company_{name}")
            error = QLabel(company_page)
            error.setStyleSheet("color: #b00020;")
            error.hide()
            self.fields[name], self.errors[name] = edit, error
            form.addRow(label, edit)
            form.addRow("", error)
        self.logo_path = company.logo_path
        self._signature_path = company.signature_path  # kept: set by `config set`
        self.logo_preview = QLabel(company_page)
        self.logo_preview.setFixedHeight(64)
        choose_logo = QPushButton(_("Choose…"), company_page)
        choose_logo.clicked.connect(self._choose_logo)
        clear_logo = QPushButton(_("Remove"), company_page)
        clear_logo.clicked.connect(lambda: self._set_logo(""))
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview, 1)
        logo_row.addWidget(choose_logo)
        logo_row.addWidget(clear_logo)
        form.addRow(_("Logo"), logo_row)
        self._set_logo(company.logo_path)

        preferences_page = QWidget(self)
        prefs = QFormLayout(preferences_page)
        self.language = QComboBox(preferences_page)
        self.language.setObjectName("language")
        self.language.addItem(_("Same as the system"), "")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(self._preferences.language)))
        self.currency = QComboBox(preferences_page)
        self.currency.setObjectName("currency")
        for code in CURRENCIES:
            self.currency.addItem(code, code)
        self.currency.setCurrentIndex(max(0, self.currency.findData(self._preferences.currency)))
        prefs.addRow(_("Language"), self.language)
        prefs.addRow(_("Default currency"), self.currency)
        note = QLabel(_("Amounts and dates follow the language chosen here."), preferences_page)
        note.setWordWrap(True)
        prefs.addRow("", note)

        tabs = QTabWidget(self)
        tabs.addTab(company_page, _("Company"))
        tabs.addTab(preferences_page, _("Language and currency"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the logo"), "", _("Images (*.png *.jpg *.jpeg)")
        )
        if path:
            self._set_logo(path)

    def _set_logo(self, path: str) -> None:
        self.logo_path = path
        pixmap = QPixmap(path) if path else QPixmap()
        if pixmap.isNull():
            self.logo_preview.setText(
                _("No logo") if not path else _("Cannot read {path}").format(path=path)
            )
        else:
            self.logo_preview.setPixmap(
                pixmap.scaledToHeight(64, Qt.TransformationMode.SmoothTransformation)
            )

    def company_profile(self) -> CompanyProfile:
        values = {
            f.name: self.fields[f.name].text()
            for f in fields(CompanyProfile)
            if f.name in self.fields
        }
        return CompanyProfile(
            **values, logo_path=self.logo_path, signature_path=self._signature_path
        )

    def _save(self) -> None:
        for error in self.errors.values():
            error.hide()
        preferences = Preferences(
            language=self.language.currentData(),
            currency=self.currency.currentData(),
            locale=self._preferences.locale,
        )
        try:
            with self._context.database.session_factory.begin() as session:
                clean = save_company(session, self.company_profile())
                self.saved_preferences = save_preferences(session, preferences)
        except SettingsError as exc:
            for name, message in exc.problems.items():
                if name in self.errors:
                    self.errors[name].setText(message)
                    self.errors[name].show()
            return
        for name, value in asdict(clean).items():
            if name in self.fields:
                self.fields[name].setText(value)
        self.accept()
