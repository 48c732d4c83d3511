"""The first-run assistant: language, company, letters, email, then data — all changeable later.

Nothing is written until the last page: the profile, the letter and email settings are saved in
one transaction (the password in the keychain), then the demo book or the import wizard follows.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from app import i18n
from app.i18n import LANGUAGES, _
from app.letters.geometry import LAYOUTS
from app.letters.texts import shipped
from app.mail import keychain
from app.mail.config import SmtpSettings
from app.services.letter_settings import LetterSettings, save_letter_settings
from app.services.letters import sender_of
from app.services.settings import (
    CompanyProfile,
    Preferences,
    SettingsError,
    save_company,
    save_preferences,
)
from app.services.smtp_settings import save_smtp, validated
from app.ui.context import AppContext
from app.ui.dialogs.smtp_presets import ProviderPicker, test_connection
from app.ui.dunning_settings.texts_tab import sample_letter
from app.ui.pdf_pages import page_images

COMPANY_FIELDS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("name", lambda: _("Company name")),
    ("legal_form", lambda: _("Legal form (SAS, SARL…)")),
    ("address_line1", lambda: _("Address")),
    ("postcode", lambda: _("Postcode")),
    ("city", lambda: _("City")),
    ("country", lambda: _("Country (ISO code)")),
    ("siret", lambda: _("SIRET")),
    ("vat_number", lambda: _("VAT number")),
    ("iban", lambda: _("IBAN")),
    ("bic", lambda: _("BIC")),
    ("email", lambda: _("Email")),
    ("phone", lambda: _("Phone")),
    ("signatory_name", lambda: _("Signatory")),
    ("signatory_title", lambda: _("Signatory's title")),
)


class LanguagePage(QWizardPage):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Welcome to Relance"))
        self.setSubTitle(_("A few questions, and your first reminders can go out."))
        self.language = QComboBox(self)
        self.language.setObjectName("first_language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(i18n.system_language()), 0))
        form = QFormLayout(self)
        form.addRow(_("Language"), self.language)


class CompanyPage(QWizardPage):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Your company"))
        self.setSubTitle(_("Printed on every letter; identifiers are checked."))
        self.fields: dict[str, QLineEdit] = {}
        self.logo_path = self.signature_path = ""
        form = QFormLayout(self)
        for name, label in COMPANY_FIELDS:
            edit = QLineEdit("FR" if name == "country" else "", self)
            edit.setObjectName(f"first_{name}")
            self.fields[name] = edit
            form.addRow(label(), edit)
        logo = QPushButton(_("Choose the logo…"), self)
        logo.clicked.connect(lambda: self._pick("logo_path"))
        signature = QPushButton(_("Choose a signature picture…"), self)
        signature.clicked.connect(lambda: self._pick("signature_path"))
        pictures = QHBoxLayout()
        pictures.addWidget(logo)
        pictures.addWidget(signature)
        form.addRow("", pictures)
        self.problem = QLabel(self)
        self.problem.setObjectName("first_company_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        form.addRow(self.problem)

    def _pick(self, attribute: str) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a picture"), "", _("Images (*.png *.jpg *.jpeg)")
        )
        if path:
            setattr(self, attribute, path)

    def profile(self) -> CompanyProfile:
        values = {name: edit.text() for name, edit in self.fields.items()}
        return CompanyProfile(
            **values, logo_path=self.logo_path, signature_path=self.signature_path
        )

    def validatePage(self) -> bool:
        if not self.fields["name"].text().strip():
            self.problem.setText(_("Your company's name is printed on every letter."))
            return False
        try:
            self.profile().validated()
        except SettingsError as exc:
            self.problem.setText("\n".join(exc.problems.values()))
            return False
        self.problem.setText("")
        return True


class LettersPage(QWizardPage):
    def __init__(self, company: CompanyPage, parent: Any = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Your letters"))
        self.setSubTitle(_("The window envelopes you use decide where the address is printed."))
        self._company = company
        self.envelope = QComboBox(self)
        self.envelope.setObjectName("first_envelope")
        for key, window in LAYOUTS.items():
            self.envelope.addItem(window.label, key)
        self.paper = QComboBox(self)
        self.paper.setObjectName("first_paper")
        self.paper.addItem(_("The envelope's own (A4, or US Letter for #10)"), "")
        self.paper.addItem("A4", "A4")
        self.paper.addItem("US Letter", "LETTER")
        self.preview = QLabel(self)
        self.preview.setObjectName("first_preview")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(_("Window envelope"), self.envelope)
        form.addRow(_("Paper"), self.paper)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        self.envelope.currentIndexChanged.connect(self.refresh)
        self.paper.currentIndexChanged.connect(self.refresh)

    def initializePage(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """A sample letter with the company just typed, in the envelope chosen."""
        sender = sender_of(self._company.profile().validated())
        text = shipped("friendly", "fr")
        letter = sample_letter(text, sender)
        from app.letters.render import LetterRenderer  # deferred: ReportLab, at first sight

        buffer = io.BytesIO()
        settings = self.settings()
        LetterRenderer(sender, settings.envelope, settings.paper_key).render([letter], buffer)
        image = next(page_images(buffer.getvalue(), 45, range(0, 1)))
        self.preview.setPixmap(QPixmap.fromImage(image))

    def settings(self) -> LetterSettings:
        return LetterSettings(
            envelope=str(self.envelope.currentData()), paper=str(self.paper.currentData())
        )


class EmailPage(QWizardPage):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Email (you can skip this)"))
        self.setSubTitle(_("Leave the server empty to set email up later in Settings."))
        self.host = QLineEdit(self)
        self.host.setObjectName("first_smtp_host")
        self.security = QComboBox(self)
        for key, label in (("starttls", "STARTTLS"), ("ssl", "SSL/TLS"), ("none", _("None"))):
            self.security.addItem(label, key)
        self.port = QLineEdit("587", self)
        self.user = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sender_address = QLineEdit(self)
        self.sender_address.setObjectName("first_smtp_sender")
        self.provider_hint = QLabel(self)
        self.provider_hint.setWordWrap(True)
        self.provider = ProviderPicker(self._use_provider, self.provider_hint, self)
        self.host.textEdited.connect(self.provider.follow)
        self.test_button = QPushButton(_("Test the connection"), self)
        self.test_button.setObjectName("first_smtp_test")
        self.outcome = QLabel(self)
        self.outcome.setObjectName("first_smtp_outcome")
        self.outcome.setWordWrap(True)
        self.test_button.clicked.connect(self.test)
        form = QFormLayout(self)
        form.addRow(_("Sender address"), self.sender_address)
        form.addRow(_("Provider"), self.provider)
        form.addRow("", self.provider_hint)
        form.addRow(_("Server"), self.host)
        form.addRow(_("Security"), self.security)
        form.addRow(_("Port"), self.port)
        form.addRow(_("User name"), self.user)
        form.addRow(_("Password"), self.password)
        form.addRow(self.test_button, self.outcome)

    def _use_provider(self, host: str, security: str, port: int) -> None:
        self.host.setText(host)
        self.security.setCurrentIndex(max(self.security.findData(security), 0))
        self.port.setText(str(port))
        if not self.user.text().strip():
            self.user.setText(self.sender_address.text().strip())

    def test(self) -> None:
        """Connect and log in with what is typed, send nothing; the answer in a sentence."""
        settings = self.settings()
        if settings is None:
            self.outcome.setText(_("Type the server first, or choose your provider."))
            return
        test_connection(self.test_button, self.outcome, settings, self.password.text() or None)

    def settings(self) -> SmtpSettings | None:
        if not self.host.text().strip():
            return None
        port = int(self.port.text()) if self.port.text().isdigit() else 587
        return SmtpSettings(
            host=self.host.text().strip(),
            port=port,
            security=str(self.security.currentData()),
            user=self.user.text().strip(),
            sender=self.sender_address.text().strip(),
        )

    def validatePage(self) -> bool:
        settings = self.settings()
        if settings is None:
            return True
        try:
            validated(settings)
        except SettingsError as exc:
            self.setSubTitle("\n".join(exc.problems.values()))
            return False
        return True


class StartPage(QWizardPage):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Your customers and invoices"))
        self.demo = QRadioButton(_("Explore with the demo book (150 customers)"), self)
        self.demo.setObjectName("first_demo")
        self.import_file = QRadioButton(_("Import a file from my accounting software"), self)
        self.import_file.setObjectName("first_import")
        self.empty = QRadioButton(_("Start with an empty book"), self)
        self.empty.setObjectName("first_empty")
        self.demo.setChecked(True)
        layout = QVBoxLayout(self)
        for button in (self.demo, self.import_file, self.empty):
            layout.addWidget(button)
        layout.addStretch(1)


class FirstRunWizard(QWizard):
    def __init__(self, context: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("first_run")
        self.setWindowTitle(_("Relance — first steps"))
        self._context = context
        self.language = LanguagePage(self)
        self.company = CompanyPage(self)
        self.letters = LettersPage(self.company, self)
        self.email = EmailPage(self)
        self.start = StartPage(self)
        for page in (self.language, self.company, self.letters, self.email, self.start):
            self.addPage(page)
        self.choice = ""
        self.resize(720, 640)

    def accept(self) -> None:
        """Save everything in one transaction, then say what comes next (demo, import, empty)."""
        smtp = self.email.settings()
        with self._context.database.session_factory.begin() as session:
            save_preferences(
                session,
                Preferences(language=str(self.language.language.currentData())),
            )
            save_company(session, self.company.profile())
            save_letter_settings(session, self.letters.settings())
            if smtp is not None:
                save_smtp(session, replace(smtp))
        password = self.email.password.text()
        if smtp is not None and smtp.user and password:
            try:
                keychain.set_password(smtp.host, smtp.user, password)
            except keychain.KeychainUnavailable:
                keychain.remember_for_session(smtp.host, smtp.user, password)
        self.choice = (
            "demo"
            if self.start.demo.isChecked()
            else "import"
            if self.start.import_file.isChecked()
            else "empty"
        )
        super().accept()
