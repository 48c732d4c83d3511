"""Email settings: the server, the sender, and the password, which goes to the OS keychain only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from app.i18n import _
from app.mail import keychain
from app.mail.config import DEFAULT_PORTS, SmtpSettings
from app.services.settings import SettingsError
from app.services.smtp_settings import load_smtp, save_smtp
from app.ui.context import AppContext
from app.ui.dialogs.smtp_presets import ProviderPicker, test_connection

SECURITY_LABELS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("starttls", lambda: _("STARTTLS (port 587)")),
    ("ssl", lambda: _("SSL/TLS (port 465)")),
    ("none", lambda: _("None (port 25, local servers only)")),
)


class EmailSettingsDialog(QDialog):
    def __init__(self, context: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("email_settings")
        self.setWindowTitle(_("Email settings"))
        self._context = context
        with context.database.session_factory() as session:
            current = load_smtp(session)
        self.host = QLineEdit(current.host, self)
        self.host.setObjectName("smtp_host")
        self.host.setPlaceholderText("smtp.example.fr")
        self.security = QComboBox(self)
        self.security.setObjectName("smtp_security")
        for key, label in SECURITY_LABELS:
            self.security.addItem(label(), key)
        self.security.setCurrentIndex(max(self.security.findData(current.security), 0))
        self.port = QSpinBox(self)
        self.port.setObjectName("smtp_port")
        self.port.setRange(1, 65535)
        self.port.setValue(current.port)
        self.user = QLineEdit(current.user, self)
        self.user.setObjectName("smtp_user")
        self.user.setPlaceholderText(_("empty when the server needs no login"))
        self.password = QLineEdit(self)
        self.password.setObjectName("smtp_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        stored = current.user and keychain.get_password(current.host, current.user)
        self.password.setPlaceholderText(
            _("stored in the keychain") if stored else _("type it to store it")
        )
        self.where = QLabel(self)
        self.where.setObjectName("smtp_where")
        self.where.setWordWrap(True)
        self.where.setText(
            _("The password is kept in {where}, never in Relance's files.").format(
                where=keychain.where()
            )
            if keychain.available()
            else _(
                "This computer has no keychain: the password is kept in memory for this session "
                "only, and asked again next time. It is never written to a file."
            )
        )
        self.sender_name = QLineEdit(current.sender_name, self)
        self.sender_name.setObjectName("smtp_sender_name")
        self.sender_address = QLineEdit(current.sender, self)
        self.sender_address.setObjectName("smtp_sender")
        self.reply_to = QLineEdit(current.reply_to, self)
        self.reply_to.setObjectName("smtp_reply_to")
        self.copy = QCheckBox(_("Send me a copy of every email"), self)
        self.copy.setObjectName("smtp_copy")
        self.copy.setChecked(current.copy_to_self)
        self.provider_hint = QLabel(self)
        self.provider_hint.setObjectName("smtp_provider_hint")
        self.provider_hint.setWordWrap(True)
        self.provider = ProviderPicker(self._use_provider, self.provider_hint, self)
        self.provider.follow(current.host)
        self.host.textEdited.connect(self.provider.follow)
        self.test_button = QPushButton(_("Test the connection"), self)
        self.test_button.setObjectName("smtp_test")
        self.outcome = QLabel(self)
        self.outcome.setObjectName("smtp_outcome")
        self.outcome.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Provider"), self.provider)
        form.addRow("", self.provider_hint)
        form.addRow(_("Server"), self.host)
        form.addRow(_("Security"), self.security)
        form.addRow(_("Port"), self.port)
        form.addRow(_("User name"), self.user)
        form.addRow(_("Password"), self.password)
        form.addRow("", self.where)
        form.addRow(_("Sender name"), self.sender_name)
        form.addRow(_("Sender address"), self.sender_address)
        form.addRow(_("Reply to"), self.reply_to)
        form.addRow("", self.copy)
        form.addRow(self.test_button, self.outcome)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.security.activated.connect(
            lambda _i: self.port.setValue(DEFAULT_PORTS[str(self.security.currentData())])
        )
        self.test_button.clicked.connect(self.test)
        self.resize(560, 420)

    def _use_provider(self, host: str, security: str, port: int) -> None:
        self.host.setText(host)
        self.security.setCurrentIndex(max(self.security.findData(security), 0))
        self.port.setValue(port)
        if not self.user.text().strip():
            self.user.setText(self.sender_address.text().strip())

    def settings(self) -> SmtpSettings:
        return SmtpSettings(
            host=self.host.text().strip(),
            port=self.port.value(),
            security=str(self.security.currentData()),
            user=self.user.text().strip(),
            sender=self.sender_address.text().strip(),
            sender_name=self.sender_name.text().strip(),
            reply_to=self.reply_to.text().strip(),
            copy_to_self=self.copy.isChecked(),
        )

    def _password(self, settings: SmtpSettings) -> str | None:
        typed = self.password.text()
        if typed:
            return typed
        return keychain.get_password(settings.host, settings.user) if settings.user else None

    def test(self) -> None:
        settings = self.settings()
        test_connection(self.test_button, self.outcome, settings, self._password(settings))

    def save(self) -> None:
        settings = self.settings()
        try:
            with self._context.database.session_factory.begin() as session:
                save_smtp(session, settings)
        except SettingsError as exc:
            self.outcome.setText(str(exc))
            return
        typed = self.password.text()
        if typed and settings.user:
            try:
                keychain.set_password(settings.host, settings.user, typed)
            except keychain.KeychainUnavailable:
                keychain.remember_for_session(settings.host, settings.user, typed)
        self.password.clear()
        self.accept()
