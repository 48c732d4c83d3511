"""Shared by the email forms (settings, first-run assistant): a "Provider" list that fills the
server, security and port, and the connection test that answers in a sentence."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QWidget

from app.i18n import _
from app.mail.config import SmtpSettings
from app.mail.providers import PROVIDERS, provider_of
from app.mail.transport import SmtpTransport
from app.ui.background import BackgroundOp


class ProviderPicker(QComboBox):
    """Other (typed by hand) first, then the providers; it follows the server typed too."""

    def __init__(
        self, fill: Callable[[str, str, int], None], hint: QLabel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("smtp_provider")
        self._fill, self._hint = fill, hint
        self.addItem(_("Other server (type it below)"), "")
        for provider in PROVIDERS:
            self.addItem(provider.name, provider.key)
        self.activated.connect(self._chosen)

    def _chosen(self, _index: int) -> None:
        provider = next((p for p in PROVIDERS if p.key == self.currentData()), None)
        if provider is None:
            self._hint.setText("")
            return
        self._fill(provider.host, provider.security, provider.port)
        self._hint.setText(
            _("Your user name is your full email address.")
            + (" " + _(provider.hint) if provider.hint else "")
        )

    def follow(self, host: str) -> None:
        """Show the provider of a server typed or loaded (or "Other")."""
        provider = provider_of(host)
        self.setCurrentIndex(max(self.findData(provider.key if provider else ""), 0))


def test_connection(
    button: QPushButton, outcome: QLabel, settings: SmtpSettings, password: str | None
) -> None:
    """Connect and log in with these settings, off the window's thread, sending nothing; the
    answer goes into `outcome`, and `button` is usable again."""

    def tested(text: str) -> None:
        button.setEnabled(True)
        outcome.setText(text)

    outcome.setText(_("Connecting…"))
    button.setEnabled(False)
    BackgroundOp(button, lambda: SmtpTransport(settings, password).test()).success(tested).run()
