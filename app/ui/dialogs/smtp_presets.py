"""A "Provider" list above an email form: choosing one fills the server, security and port."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from app.i18n import _
from app.mail.providers import PROVIDERS, provider_of


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
